//! Searching and grabbing without the user (SPEC §6.1, §9.1): one leader-only loop takes every
//! `queued` download (a failed download queued again, or a Wanted book of an automatic pass),
//! searches every indexer for its book, and grabs the best release that is not rejected or
//! blocklisted and scores at least `downloads.minScore`, recording why it chose it. Nothing
//! good enough: it waits and searches again (1, 6, 24 h), then fails. With
//! `downloads.automatic` on, every `downloads.automaticMinutes` it queues up to
//! `downloads.searchesPerRun` Wanted books that have no download going and none started in the
//! last day.

use std::time::Duration;

use aural_core::release::Score;
use aural_core::{
    Download, DownloadKind, DownloadState, NewDownload, ReleaseInfo, Timestamp, search_retry_after,
};
use aural_db::DownloadFacts;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::found::{first_client, source_of};
use super::handoff::{put_back_interrupted, step};
use super::{client, grab, requeue};
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::AppEvent;
use crate::library::{self, BookKey};
use crate::providers::ProviderKey;
use crate::search::{self, FoundRelease, SearchFor};
use crate::supervisor::Loop;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const BATCH: u32 = 100;

/// The search loop, looking for due work every `every` and at once when a download is queued
/// or a setting changes.
pub fn search_loop_with(every: Duration) -> Loop {
    Loop::leader_only("automatic search", move |ctx, stop| async move {
        run(&ctx, &stop, every).await
    })
}

pub fn search_loop() -> Loop {
    search_loop_with(Duration::from_secs(60))
}

async fn run(
    ctx: &AppContext,
    stop: &CancellationToken,
    every: Duration,
) -> Result<(), ServiceError> {
    let mut feed = ctx.events().subscribe();
    // Searches a closed app left half done start again from the queue.
    put_back_interrupted(
        ctx,
        DownloadState::Searching,
        DownloadState::Queued,
        "the search was interrupted",
    )
    .await?;
    let mut last_pass: Option<Timestamp> = None;
    loop {
        let settings = ctx.settings().current().downloads.clone();
        let now = ctx.clock().now();
        let interval = i64::from(settings.automatic_minutes) * 60_000;
        if settings.automatic && last_pass.is_none_or(|t| now.millis() - t.millis() >= interval) {
            last_pass = Some(now);
            queue_wanted(ctx, settings.searches_per_run).await?;
        }
        search_queued(ctx, stop, settings.searches_per_run, settings.min_score).await?;
        tokio::select! {
            () = stop.cancelled() => return Ok(()),
            () = tokio::time::sleep(every) => {}
            () = work_arrived(&mut feed) => {}
        }
    }
}

async fn work_arrived(feed: &mut broadcast::Receiver<AppEvent>) {
    loop {
        match feed.recv().await {
            Ok(AppEvent::DownloadUpdated(u)) if u.state == DownloadState::Queued => return,
            // A setting changed, or a download written by any process (a book queued by the
            // CLI's reject).
            Ok(AppEvent::EntitiesChanged {
                entity: aural_core::Entity::Setting | aural_core::Entity::Download,
                ..
            }) => return,
            Err(broadcast::error::RecvError::Lagged(_)) => return,
            Ok(_) => {}
            Err(broadcast::error::RecvError::Closed) => std::future::pending::<()>().await,
        }
    }
}

/// One automatic pass now, in this process, whether or not automatic downloads are on: queues
/// the Wanted books nothing is downloading and searches every queued download that is due.
/// Returns the downloads of those books as they ended up.
pub async fn search_wanted_now(ctx: &AppContext) -> Result<Vec<Download>, ServiceError> {
    let settings = ctx.settings().current().downloads.clone();
    let queued = queue_wanted(ctx, settings.searches_per_run).await?;
    let stop = CancellationToken::new();
    search_queued(ctx, &stop, settings.searches_per_run, settings.min_score).await?;
    let mut ended = Vec::with_capacity(queued.len());
    for d in queued {
        ended.push(ctx.db().downloads().get(d.id).await?);
    }
    Ok(ended)
}

/// Queues Wanted books that nothing is downloading, newest first.
async fn queue_wanted(ctx: &AppContext, limit: u32) -> Result<Vec<Download>, ServiceError> {
    let since = Timestamp(ctx.clock().now().millis().saturating_sub(DAY_MS));
    let books = ctx
        .db()
        .downloads()
        .wanted_without_download(since, limit)
        .await?;
    tracing::info!(books = books.len(), "automatic search for wanted books");
    let mut queued = Vec::with_capacity(books.len());
    for id in books {
        let book = library::get_book(ctx, &BookKey::Id(id)).await?;
        let made = requeue::queue(
            ctx,
            NewDownload {
                book: Some(id),
                kind: DownloadKind::Torrent,
                state: DownloadState::Queued,
                client: None,
                client_ref: None,
                release: ReleaseInfo {
                    title: book.title,
                    ..ReleaseInfo::default()
                },
                priority: 0,
                reason: "automatic search for a wanted book".to_owned(),
            },
        )
        .await?;
        queued.extend(made);
    }
    Ok(queued)
}

/// Searches for up to `limit` queued downloads that are due.
async fn search_queued(
    ctx: &AppContext,
    stop: &CancellationToken,
    limit: u32,
    min_score: u8,
) -> Result<(), ServiceError> {
    let now = ctx.clock().now();
    let queued = ctx
        .db()
        .downloads()
        .in_states(&[DownloadState::Queued], None, BATCH)
        .await?;
    let due = queued
        .into_iter()
        .filter(|d| d.next_attempt_at.is_none_or(|at| at <= now))
        .take(usize::try_from(limit).unwrap_or(usize::MAX));
    for d in due {
        if stop.is_cancelled() {
            return Ok(());
        }
        let id = d.id;
        if let Err(e) = search_for(ctx, stop, d, min_score).await {
            tracing::warn!(download = %id, error = %e, "an automatic search failed");
        }
    }
    Ok(())
}

async fn search_for(
    ctx: &AppContext,
    stop: &CancellationToken,
    d: Download,
    min_score: u8,
) -> Result<(), ServiceError> {
    let Some(book_id) = d.book else {
        let why = "queued without a book to search for";
        step(
            ctx,
            &d,
            DownloadState::Cancelled,
            why,
            DownloadFacts::default(),
        )
        .await?;
        return Ok(());
    };
    let Some(d) = step(
        ctx,
        &d,
        DownloadState::Searching,
        "searching the indexers",
        DownloadFacts::default(),
    )
    .await?
    else {
        return Ok(());
    };
    let book = library::get_book(ctx, &BookKey::Id(book_id)).await?;
    let cancel = stop.child_token();
    let found =
        match search::search_releases(ctx, &SearchFor::Book(Box::new(book)), &cancel, |_, _| {})
            .await
        {
            Ok(found) => found.releases,
            Err(e) => {
                tracing::warn!(download = %d.id, error = %e, "the search failed");
                Vec::new()
            }
        };
    let good = found
        .iter()
        .filter(|r| !r.score.is_rejected() && r.score.total >= min_score);
    for release in good {
        match choose(ctx, &cancel, &d, release).await {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(download = %d.id, release = %release.title, error = %e, "cannot take this release; trying the next");
            }
        }
    }
    let best = found
        .iter()
        .find(|r| !r.score.is_rejected())
        .map(|r| r.score.total);
    let nothing = match best {
        Some(score) => format!("the best release scored {score}, below {min_score}"),
        None if found.is_empty() => "no indexer found a release".to_owned(),
        None => "every release found was rejected".to_owned(),
    };
    match search_retry_after(d.attempt) {
        Some(wait) => {
            let at = Timestamp(
                ctx.clock()
                    .now()
                    .millis()
                    .saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX)),
            );
            let facts = DownloadFacts {
                attempt: Some(d.attempt.saturating_add(1)),
                next_attempt_at: Some(Some(at)),
                ..DownloadFacts::default()
            };
            let why = format!("{nothing}; searching again in {} h", wait.as_secs() / 3600);
            step(ctx, &d, DownloadState::Queued, &why, facts).await?;
        }
        None => {
            let why = format!("{nothing}, after {} searches", d.attempt);
            let facts = DownloadFacts {
                error: Some(why.clone()),
                next_attempt_at: Some(None),
                ..DownloadFacts::default()
            };
            step(ctx, &d, DownloadState::Failed, &why, facts).await?;
        }
    }
    Ok(())
}

/// Takes `release` for `d` (in `searching`) and hands it to the first client that fits; false
/// when no client takes its kind.
async fn choose(
    ctx: &AppContext,
    cancel: &CancellationToken,
    d: &Download,
    release: &FoundRelease,
) -> Result<bool, ServiceError> {
    let client = match first_client(ctx, release.usenet).await {
        Ok(ProviderKey::Id(id)) => id,
        Ok(ProviderKey::Name(_)) | Err(_) => return Ok(false),
    };
    let (kept, fetched) = search::source_of(ctx, &release.key, cancel).await?;
    let source = source_of(&kept, fetched);
    let (kind, client_ref) = match &source {
        aural_clients::Source::Nzb { .. } => (DownloadKind::Nzb, None),
        torrent => (
            DownloadKind::Torrent,
            Some(
                torrent
                    .info_hash()
                    .map_err(|source| ServiceError::DownloadClient {
                        client: release.indexer_name.clone(),
                        source,
                    })?
                    .as_str()
                    .to_owned(),
            ),
        ),
    };
    let facts = DownloadFacts {
        client: Some(client),
        kind: Some(kind),
        client_ref: client_ref.clone(),
        release: Some(ReleaseInfo {
            title: kept.title.clone(),
            indexer: Some(kept.indexer),
            guid: None,
            info_hash: client_ref.or(kept.info_hash.clone()),
            source_url: None,
        }),
        ..DownloadFacts::default()
    };
    let why = format!("chose {} ({})", kept.title, explain(&release.score));
    let Some(found) = step(ctx, d, DownloadState::Found, &why, facts).await? else {
        return Ok(true);
    };
    let connected = client::connect_id(ctx, client).await?;
    // A client that refuses it fails the download; one that cannot be reached is tried again.
    if let Err(e) = grab::send(ctx, &connected, found, source).await {
        tracing::warn!(download = %d.id, error = %e, "the client did not take the chosen release");
    }
    Ok(true)
}

/// The score in words, for the download's history: the total and what made it.
fn explain(score: &Score) -> String {
    let parts: Vec<String> = score
        .components
        .iter()
        .map(|c| format!("{:+} {}", c.points, c.reason))
        .collect();
    format!("score {}: {}", score.total, parts.join(", "))
}
