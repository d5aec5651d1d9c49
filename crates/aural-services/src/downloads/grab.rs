//! Handing a chosen release to a download client (SPEC §6.3): the download is recorded in
//! `found` first, so a failed hand-over still shows in the list with its reason, then moves to
//! `sent` when the client lists it.

use aural_clients::{AddRequest, Source, StartMode};
use aural_core::{
    BookId, Download, DownloadKind, DownloadState, NewDownload, ProviderFamily, ReleaseInfo,
    Timestamp, handover_retry_after,
};
use aural_db::{DbError, DownloadFacts, Transition};

use super::client::{self, Connected};
use super::{handover, update};
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::providers::{self, ProviderKey};

/// Every download is tagged so the user can tell ours apart in the client.
const TAG: &str = "auralarchive";
/// Hand-overs waiting for a retry read in one round; more wait for the next.
const RETRY_BATCH: u32 = 100;

#[derive(Debug, Clone)]
pub struct GrabRequest {
    pub book: Option<BookId>,
    /// The download client to send it to.
    pub client: ProviderKey,
    /// What is known of the release; a torrent's info hash is filled in from `source`.
    pub release: ReleaseInfo,
    pub source: Source,
}

/// Sends the release to the client and records the download as `sent`. The same torrent
/// already on its way in that client, or another download of the same book, is
/// [`ServiceError::DuplicateDownload`]; a client that cannot be reached leaves it `found` with
/// the next try planned (see [`send`]); a client that refuses it leaves the download `failed`
/// with the reason, and the error says what to check.
pub async fn grab(ctx: &AppContext, request: GrabRequest) -> Result<Download, ServiceError> {
    let provider = providers::show(ctx, ProviderFamily::DownloadClient, &request.client).await?;
    let connected = client::connect(ctx, provider).await?;
    let GrabRequest {
        book,
        release,
        source,
        ..
    } = request;
    let (kind, info_hash) = match &source {
        Source::Nzb { .. } => (DownloadKind::Nzb, None),
        torrent => (
            DownloadKind::Torrent,
            Some(torrent.info_hash().map_err(|e| connected.fail(e))?),
        ),
    };
    let client_ref = info_hash.as_ref().map(|h| h.as_str().to_owned());
    let new = NewDownload {
        book,
        kind,
        state: DownloadState::Found,
        client: Some(connected.provider.id),
        client_ref: client_ref.clone(),
        release: ReleaseInfo {
            title: if release.title.trim().is_empty() {
                "unnamed release".to_owned()
            } else {
                release.title.clone()
            },
            info_hash: client_ref.clone().or(release.info_hash.clone()),
            ..release
        },
        priority: 0,
        reason: format!("chosen for {}", connected.provider.name),
    };
    let download = match ctx.db().downloads().create(&new).await {
        Ok(d) => d,
        Err(DbError::Conflict { .. }) => return Err(duplicate(ctx, &new).await),
        Err(e) => return Err(e.into()),
    };
    update::publish(ctx, &download);
    send(ctx, &connected, download, source).await
}

/// Hands `download` (in `found`) to its client. A client that cannot be reached is tried
/// again on the schedule of [`handover_retry_after`], the release kept on disk meanwhile, and
/// the download stays `found` saying when; a refusal, or the last try, fails it.
pub(super) async fn send(
    ctx: &AppContext,
    connected: &Connected,
    download: Download,
    source: Source,
) -> Result<Download, ServiceError> {
    let mut tags = vec![TAG.to_owned()];
    if let Some(book) = download.book {
        tags.push(format!("book-{book}"));
    }
    let request = AddRequest {
        source,
        category: connected.placement.category.clone(),
        save_path: connected.placement.save_path.clone(),
        tags,
        start: StartMode::Now,
    };
    let name = &connected.provider.name;
    let downloads = ctx.db().downloads();
    match connected.client.add(&request).await {
        Ok(added) => {
            let reason = if added.already_present {
                format!("{name} already had it")
            } else {
                format!("sent to {name}")
            };
            let sent = downloads
                .transition(
                    download.id,
                    &Transition::new(DownloadState::Found, DownloadState::Sent, reason).with(
                        DownloadFacts {
                            client_ref: Some(added.id.to_string()),
                            clear_error: true,
                            next_attempt_at: Some(None),
                            ..DownloadFacts::default()
                        },
                    ),
                )
                .await?;
            handover::forget(ctx, download.id).await;
            tracing::info!(download = %sent.id, client = %name, "download sent");
            update::publish(ctx, &sent);
            ctx.monitor_wake().notify_one();
            Ok(sent)
        }
        Err(e) => {
            let transient = e.is_unreachable();
            let error = connected.fail(e);
            let message = error.to_string();
            let retry = handover_retry_after(download.attempt).filter(|_| transient);
            if let Some(wait) = retry {
                handover::keep(ctx, download.id, &request.source).await?;
                let at = Timestamp(
                    ctx.clock()
                        .now()
                        .millis()
                        .saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX)),
                );
                let waiting = format!(
                    "{message} (try {} failed; trying again in {} min)",
                    download.attempt,
                    wait.as_secs() / 60
                );
                tracing::warn!(download = %download.id, error = %waiting, "the client did not take the download yet");
                let later = downloads
                    .record(
                        download.id,
                        &DownloadFacts {
                            error: Some(waiting),
                            attempt: Some(download.attempt.saturating_add(1)),
                            next_attempt_at: Some(Some(at)),
                            ..DownloadFacts::default()
                        },
                    )
                    .await?;
                update::publish(ctx, &later);
                return Ok(later);
            }
            tracing::warn!(download = %download.id, error = %message, "the client did not take the download");
            let failed = downloads
                .transition(
                    download.id,
                    &Transition::new(DownloadState::Found, DownloadState::Failed, &message).with(
                        DownloadFacts {
                            error: Some(message.clone()),
                            next_attempt_at: Some(None),
                            ..DownloadFacts::default()
                        },
                    ),
                )
                .await?;
            handover::forget(ctx, download.id).await;
            update::publish(ctx, &failed);
            Err(error)
        }
    }
}

/// Tries again every hand-over that is due: the monitor calls this each round.
pub(super) async fn retry_due(ctx: &AppContext) -> Result<Option<Timestamp>, ServiceError> {
    let now = ctx.clock().now();
    let waiting = ctx
        .db()
        .downloads()
        .in_states(&[DownloadState::Found], None, RETRY_BATCH)
        .await?;
    let mut next: Option<Timestamp> = None;
    for download in waiting {
        let Some(at) = download.next_attempt_at else {
            continue;
        };
        if at > now {
            next = Some(next.map_or(at, |n| n.min(at)));
            continue;
        }
        let id = download.id;
        if let Err(e) = retry(ctx, download).await {
            tracing::warn!(download = %id, error = %e, "a hand-over tried again failed");
        }
    }
    Ok(next)
}

async fn retry(ctx: &AppContext, download: Download) -> Result<Download, ServiceError> {
    let Some(source) = handover::read(ctx, &download).await? else {
        let message = "the release waiting for its download client is gone".to_owned();
        let failed = ctx
            .db()
            .downloads()
            .transition(
                download.id,
                &Transition::new(DownloadState::Found, DownloadState::Failed, &message).with(
                    DownloadFacts {
                        error: Some(message.clone()),
                        next_attempt_at: Some(None),
                        ..DownloadFacts::default()
                    },
                ),
            )
            .await?;
        update::publish(ctx, &failed);
        return Ok(failed);
    };
    let client = download
        .client
        .ok_or(ServiceError::NotInClient(download.id))?;
    let connected = client::connect_id(ctx, client).await?;
    tracing::info!(download = %download.id, attempt = download.attempt, "handing over again");
    send(ctx, &connected, download, source).await
}

/// The live download a refused insert collided with.
async fn duplicate(ctx: &AppContext, new: &NewDownload) -> ServiceError {
    let downloads = ctx.db().downloads();
    let by_item = match (new.client, new.client_ref.as_deref()) {
        (Some(client), Some(item)) => downloads.find_live(client, item).await,
        _ => Ok(None),
    };
    let by_book = match new.book {
        Some(book) => downloads.find_live_for_book(book).await,
        None => Ok(None),
    };
    match (by_item, by_book) {
        (Ok(Some(existing)), _) | (_, Ok(Some(existing))) => ServiceError::DuplicateDownload {
            existing: existing.id,
        },
        (Err(e), _) | (_, Err(e)) => e.into(),
        (Ok(None), Ok(None)) => ServiceError::Db(DbError::Validation {
            field: "download",
            message: "a download that collided with this one finished meanwhile; try again"
                .to_owned(),
        }),
    }
}
