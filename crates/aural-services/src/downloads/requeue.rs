//! What follows a failed download (SPEC §6.1): its release goes on the blocklist for its book,
//! with the reason, and the book is queued again so the search picks the next best release —
//! at most `downloads.releasesPerBookPerDay` releases per book in a day.

use std::time::Duration;

use aural_clients::RemoveData;
use aural_core::{
    BlocklistReason, Download, DownloadId, DownloadState, NewBlocklistEntry, NewDownload,
    ReleaseInfo, Timestamp,
};
use aural_db::DbError;

use super::{control, update};
use crate::blocklist;
use crate::context::AppContext;
use crate::error::ServiceError;

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// The user turns a download down: it is cancelled (its files kept unless `data` says delete),
/// its release blocklisted for the book, and the book queued for the next best release.
pub async fn reject(
    ctx: &AppContext,
    id: DownloadId,
    data: RemoveData,
) -> Result<Download, ServiceError> {
    let cancelled = control::cancel(ctx, id, data).await?;
    after_failure(ctx, &cancelled, BlocklistReason::User).await?;
    Ok(cancelled)
}

/// Blocklists the release of `failed` and queues its book again; returns the queued download.
pub(super) async fn after_failure(
    ctx: &AppContext,
    failed: &Download,
    reason: BlocklistReason,
) -> Result<Option<Download>, ServiceError> {
    let release = &failed.release;
    if release.indexer.is_none() && release.info_hash.is_none() && release.guid.is_none() {
        // Queued and never given a release: there is nothing to block.
        return Ok(None);
    }
    let entry = NewBlocklistEntry {
        book: failed.book,
        indexer: release.indexer,
        guid_hash: release.guid.as_deref().map(blocklist::guid_hash),
        info_hash: release
            .info_hash
            .clone()
            .filter(|h| h.len() == 40 && h.chars().all(|c| c.is_ascii_hexdigit())),
        title: release.title.clone(),
        reason,
    };
    match blocklist::add(ctx, &entry).await {
        Ok(_) => {
            tracing::info!(download = %failed.id, reason = reason.as_str(), "release blocklisted")
        }
        // The book was removed meanwhile: nothing to block it for, nothing to queue.
        Err(ServiceError::BookNotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    }
    let Some(book) = failed.book else {
        return Ok(None);
    };
    let settings = ctx.settings().current().downloads.clone();
    let since = Timestamp(
        ctx.clock()
            .now()
            .millis()
            .saturating_sub(i64::try_from(DAY.as_millis()).unwrap_or(i64::MAX)),
    );
    let started = ctx
        .db()
        .downloads()
        .started_for_book_since(book, since)
        .await?;
    if started >= u64::from(settings.releases_per_book_per_day) {
        tracing::info!(download = %failed.id, %book, started, "no more releases for this book today");
        return Ok(None);
    }
    let title = ctx.db().books().get(book).await?.title;
    queue(
        ctx,
        NewDownload {
            book: Some(book),
            kind: failed.kind,
            state: DownloadState::Queued,
            client: None,
            client_ref: None,
            release: ReleaseInfo {
                title,
                ..ReleaseInfo::default()
            },
            priority: failed.priority,
            reason: format!(
                "queued again after download {} ({}); the next best release is searched",
                failed.id,
                reason.describe()
            ),
        },
    )
    .await
}

/// Records a queued download, or nothing when the book has a live download already.
pub(super) async fn queue(
    ctx: &AppContext,
    new: NewDownload,
) -> Result<Option<Download>, ServiceError> {
    match ctx.db().downloads().create(&new).await {
        Ok(queued) => {
            update::publish(ctx, &queued);
            Ok(Some(queued))
        }
        Err(DbError::Conflict { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
