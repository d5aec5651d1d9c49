//! Handing completed downloads to the import (SPEC §6.1, §6.9): one leader-only loop moves each
//! `completed` download to `importing`, scans its files (found locally through the client's
//! path mapping, see the monitor) and imports the card that is its book. Torrents are copied,
//! so they keep seeding; success is `imported`, then `seeding` for a torrent or `done`. The
//! downloaded files are never deleted here.

use std::path::PathBuf;
use std::time::Duration;

use aural_core::{BlocklistReason, Download, DownloadKind, DownloadState};
use aural_db::{DownloadFacts, Transition, TransitionError};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::{requeue, update};
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::{AppEvent, Notice, NoticeLevel};
use crate::import::{self, CardSelection, CardStatus, ImportCard, ImportError, RunRequest};
use crate::settings::ImportMode;
use crate::supervisor::Loop;

/// How a download back in `completed` says it waits for the user on the Import page; the loop
/// leaves those alone.
pub(super) const WAITING: &str = "waiting for your decision on the Import page";
const BATCH: u32 = 100;

/// The import hand-off, looking for completed downloads every `every` and whenever this
/// process's monitor reports one.
pub fn import_loop_with(every: Duration) -> Loop {
    Loop::leader_only("download import", move |ctx, stop| async move {
        run(&ctx, &stop, every).await
    })
}

pub fn import_loop() -> Loop {
    import_loop_with(Duration::from_secs(60))
}

async fn run(
    ctx: &AppContext,
    stop: &CancellationToken,
    every: Duration,
) -> Result<(), ServiceError> {
    let mut feed = ctx.events().subscribe();
    // Imports a crash (or a closed app) interrupted start again; the import's own recovery
    // has put the library right when the context opened.
    put_back_interrupted(
        ctx,
        DownloadState::Importing,
        DownloadState::Completed,
        "the import was interrupted; it starts again",
    )
    .await?;
    loop {
        import_completed(ctx, stop).await?;
        tokio::select! {
            () = stop.cancelled() => return Ok(()),
            () = tokio::time::sleep(every) => {}
            () = completed_reported(&mut feed) => {}
        }
    }
}

/// Moves the downloads a closed process left in `from` (work in flight) back to `to`, where
/// its loop picks them up again.
pub(super) async fn put_back_interrupted(
    ctx: &AppContext,
    from: DownloadState,
    to: DownloadState,
    why: &str,
) -> Result<(), ServiceError> {
    for d in ctx.db().downloads().in_states(&[from], None, BATCH).await? {
        step(ctx, &d, to, why, DownloadFacts::default()).await?;
    }
    Ok(())
}

async fn completed_reported(feed: &mut broadcast::Receiver<AppEvent>) {
    loop {
        match feed.recv().await {
            Ok(AppEvent::DownloadUpdated(u)) if u.state == DownloadState::Completed => return,
            Err(broadcast::error::RecvError::Lagged(_)) => return,
            Ok(_) => {}
            Err(broadcast::error::RecvError::Closed) => std::future::pending::<()>().await,
        }
    }
}

/// Imports every completed download that is not waiting for the user, one at a time.
async fn import_completed(ctx: &AppContext, stop: &CancellationToken) -> Result<(), ServiceError> {
    let completed = ctx
        .db()
        .downloads()
        .in_states(&[DownloadState::Completed], None, BATCH)
        .await?;
    for d in completed {
        if stop.is_cancelled() {
            return Ok(());
        }
        let Some(local) = d.local_path.clone().map(PathBuf::from) else {
            continue;
        };
        if !tokio::fs::try_exists(&local).await.unwrap_or(false) {
            // The monitor shows "path not found" until the files appear.
            continue;
        }
        let history = ctx.db().downloads().history(d.id).await?;
        if history
            .last()
            .is_some_and(|h| h.reason.starts_with(WAITING))
        {
            continue;
        }
        hand_off(ctx, d, local).await?;
    }
    Ok(())
}

/// One download through the import.
async fn hand_off(ctx: &AppContext, d: Download, local: PathBuf) -> Result<(), ServiceError> {
    let Some(d) = step(
        ctx,
        &d,
        DownloadState::Importing,
        "handed to the import",
        DownloadFacts::default(),
    )
    .await?
    else {
        return Ok(());
    };
    tracing::info!(download = %d.id, path = %local.display(), "importing a finished download");
    match import(ctx, &d, local).await {
        Ok(Outcome::Imported) => {
            let Some(imported) = step(
                ctx,
                &d,
                DownloadState::Imported,
                "imported into the library",
                DownloadFacts::default(),
            )
            .await?
            else {
                return Ok(());
            };
            announce(ctx, &imported, None);
            let (next, why) = match imported.kind {
                DownloadKind::Torrent => (
                    DownloadState::Seeding,
                    "seeding until its seeding rule is met",
                ),
                DownloadKind::Nzb | DownloadKind::Audible => {
                    (DownloadState::Done, "nothing left to do in the client")
                }
            };
            step(ctx, &imported, next, why, DownloadFacts::default()).await?;
        }
        Ok(Outcome::Waiting(why)) => {
            step(
                ctx,
                &d,
                DownloadState::Completed,
                &format!("{WAITING}: {why}"),
                DownloadFacts::default(),
            )
            .await?;
        }
        Ok(Outcome::Busy) => {
            step(
                ctx,
                &d,
                DownloadState::Completed,
                "the library was busy; the import is tried again",
                DownloadFacts::default(),
            )
            .await?;
        }
        Err(failure) => {
            let reason = format!("the import failed: {}", failure.message);
            let facts = DownloadFacts {
                error: Some(reason.clone()),
                ..DownloadFacts::default()
            };
            if let Some(failed) = step(ctx, &d, DownloadState::Failed, &reason, facts).await? {
                announce(ctx, &failed, Some(&reason));
                if failure.release_at_fault {
                    requeue::after_failure(ctx, &failed, BlocklistReason::ImportRejected).await?;
                }
            }
        }
    }
    Ok(())
}

/// Why an import failed, and whether the downloaded files themselves are the problem (then the
/// release is blocklisted), not the library's settings.
struct Failure {
    message: String,
    release_at_fault: bool,
}

impl Failure {
    fn of_release(message: String) -> Failure {
        Failure {
            message,
            release_at_fault: true,
        }
    }

    fn of_import(message: String) -> Failure {
        Failure {
            message,
            release_at_fault: false,
        }
    }
}

enum Outcome {
    Imported,
    /// No card can be imported without the user; why.
    Waiting(String),
    /// Another process is placing files; the next round tries again.
    Busy,
}

async fn import(ctx: &AppContext, d: &Download, local: PathBuf) -> Result<Outcome, Failure> {
    let cards = import::scan(ctx, vec![local.clone()])
        .await
        .map_err(|e| Failure::of_import(e.to_string()))?;
    if cards.is_empty() {
        return Err(Failure::of_release(format!(
            "no audiobook found in {}",
            local.display()
        )));
    }
    let ours = |c: &&ImportCard| d.book.is_none() || c.book_id == d.book;
    let ready: Vec<_> = cards
        .iter()
        .filter(|c| c.status == CardStatus::Ready)
        .filter(ours)
        .map(|c| c.id)
        .collect();
    if ready.is_empty() {
        if cards.iter().all(|c| c.status == CardStatus::Invalid) {
            let why = cards
                .iter()
                .find_map(|c| c.error.clone())
                .unwrap_or_else(|| "its files cannot be imported".to_owned());
            return Err(Failure::of_release(why));
        }
        let why = match d.book {
            Some(book) if cards.iter().any(|c| c.status == CardStatus::Ready) => {
                format!("its files match another book than book {book}")
            }
            _ => "its files need a match chosen".to_owned(),
        };
        return Ok(Outcome::Waiting(why));
    }
    // A torrent keeps seeding from its files, so they are copied; the import's own setting
    // applies to the rest.
    let mode = match d.kind {
        DownloadKind::Torrent => Some(ImportMode::Copy),
        DownloadKind::Nzb | DownloadKind::Audible => None,
    };
    let report = match import::run(
        ctx,
        RunRequest {
            cards: CardSelection::Cards(ready),
            mode,
            template: None,
        },
    )
    .await
    {
        Ok(report) => report,
        Err(ServiceError::Import(ImportError::Busy)) => return Ok(Outcome::Busy),
        Err(e) => return Err(Failure::of_import(e.to_string())),
    };
    match report.failed.first() {
        Some((_, why)) => Err(Failure::of_import(why.clone())),
        None if report.imported.is_empty() => {
            Err(Failure::of_import("nothing was imported".to_owned()))
        }
        None => Ok(Outcome::Imported),
    }
}

/// Moves `d` on, or leaves it when someone else moved it first (`None`).
pub(super) async fn step(
    ctx: &AppContext,
    d: &Download,
    to: DownloadState,
    reason: &str,
    facts: DownloadFacts,
) -> Result<Option<Download>, ServiceError> {
    match ctx
        .db()
        .downloads()
        .transition(d.id, &Transition::new(d.state, to, reason).with(facts))
        .await
    {
        Ok(moved) => {
            update::publish(ctx, &moved);
            Ok(Some(moved))
        }
        Err(TransitionError::Moved { actual, .. }) => {
            tracing::debug!(download = %d.id, %actual, "moved meanwhile");
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Tells the user a download is in the library, or why not; a desktop notification when the
/// user keeps those on for finished imports.
fn announce(ctx: &AppContext, d: &Download, failure: Option<&str>) {
    let desktop = ctx
        .settings()
        .current()
        .general
        .notifications
        .import_finished;
    let notice = match failure {
        None => Notice {
            level: NoticeLevel::Success,
            title: format!("Downloaded and imported {}", d.release.title),
            body: d.local_path.as_ref().map(|p| format!("From {p}")),
            desktop,
        },
        Some(why) => Notice {
            level: NoticeLevel::Error,
            title: format!("Could not import {}", d.release.title),
            body: Some(why.to_owned()),
            desktop,
        },
    };
    ctx.events().publish(AppEvent::Notice(notice));
}
