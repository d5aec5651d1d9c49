//! What the user does to a download: pause, resume, cancel. The client is asked first; the
//! state moves only once the client did it.

/// How long a client may take to show a pause or resume it accepted (qBittorrent applies them
/// asynchronously); until it does, the monitor would read the old state back.
const CONFIRM_WITHIN: Duration = Duration::from_secs(10);
const CONFIRM_EVERY: Duration = Duration::from_millis(100);

use std::time::Duration;

use aural_clients::{ClientError, ItemId, ItemState, RemoveData};
use aural_core::{Download, DownloadId, DownloadState};
use aural_db::{Transition, TransitionError};

use super::client::{self, Connected, holding};
use super::{handover, load, update};
use crate::context::AppContext;
use crate::error::ServiceError;

pub async fn pause(ctx: &AppContext, id: DownloadId) -> Result<Download, ServiceError> {
    let download = load(ctx, id).await?;
    download.state.advance(DownloadState::Paused)?;
    let (connected, item) = holding(ctx, &download).await?;
    match connected.client.pause(&item).await {
        Ok(()) => {
            confirm(&connected, &item, |s| {
                matches!(s, ItemState::Paused | ItemState::Finished)
            })
            .await;
        }
        // Just sent and not listed yet: the monitor pauses it in the client when it appears.
        Err(ClientError::NotFound { .. }) if download.state == DownloadState::Sent => {}
        Err(e) => return Err(connected.fail(e)),
    }
    move_to(ctx, download, DownloadState::Paused, "paused by the user").await
}

pub async fn resume(ctx: &AppContext, id: DownloadId) -> Result<Download, ServiceError> {
    let download = load(ctx, id).await?;
    download.state.advance(DownloadState::Downloading)?;
    let (connected, item) = holding(ctx, &download).await?;
    connected
        .client
        .resume(&item)
        .await
        .map_err(|e| connected.fail(e))?;
    confirm(&connected, &item, |s| {
        !matches!(s, ItemState::Paused | ItemState::Finished)
    })
    .await;
    let resumed = move_to(
        ctx,
        download,
        DownloadState::Downloading,
        "resumed by the user",
    )
    .await?;
    ctx.monitor_wake().notify_one();
    Ok(resumed)
}

/// Removes the download from its client, with or without the data it downloaded (imported
/// library files are never touched), and marks it cancelled. A client that no longer has it
/// is fine; a client that cannot be reached is an error and nothing changes.
pub async fn cancel(
    ctx: &AppContext,
    id: DownloadId,
    data: RemoveData,
) -> Result<Download, ServiceError> {
    let download = load(ctx, id).await?;
    download.state.advance(DownloadState::Cancelled)?;
    if client::in_client(download.state) && download.client_ref.is_some() {
        let (connected, item) = holding(ctx, &download).await?;
        match connected.client.remove(&item, data).await {
            Ok(()) | Err(ClientError::NotFound { .. }) => {}
            Err(e) => return Err(connected.fail(e)),
        }
    }
    // A release still waiting for its client goes with the download.
    handover::forget(ctx, download.id).await;
    let reason = match data {
        RemoveData::Keep => "cancelled by the user",
        RemoveData::Delete => "cancelled by the user; downloaded files deleted",
    };
    move_to(ctx, download, DownloadState::Cancelled, reason).await
}

/// Waits until the client reports a state that `done` accepts, or [`CONFIRM_WITHIN`] passed
/// (then the monitor settles it from what the client says later).
async fn confirm(connected: &Connected, item: &ItemId, done: impl Fn(ItemState) -> bool) {
    let deadline = tokio::time::Instant::now() + CONFIRM_WITHIN;
    while tokio::time::Instant::now() < deadline {
        match connected.client.status(item).await {
            Ok(status) if done(status.state) => return,
            Ok(_) => {}
            Err(e) => {
                tracing::debug!(error = %e, "cannot read back the client's state");
                return;
            }
        }
        tokio::time::sleep(CONFIRM_EVERY).await;
    }
    tracing::warn!(client = %connected.provider.name, "the client has not shown the change yet");
}

/// Moves `download` to `to`. When the monitor moved it meanwhile (it saw the client change
/// too), the move is tried once more from where it is now; already being there is success.
async fn move_to(
    ctx: &AppContext,
    download: Download,
    to: DownloadState,
    reason: &str,
) -> Result<Download, ServiceError> {
    let repo = ctx.db().downloads();
    let mut from = download.state;
    for _ in 0..2 {
        match repo
            .transition(download.id, &Transition::new(from, to, reason))
            .await
        {
            Ok(moved) => {
                update::publish(ctx, &moved);
                return Ok(moved);
            }
            Err(TransitionError::Moved { actual, .. }) if actual == to => {
                return load(ctx, download.id).await;
            }
            Err(TransitionError::Moved { actual, .. }) if actual.can_go_to(to) => from = actual,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ServiceError::DownloadMoved {
        id: download.id,
        expected: from,
        actual: load(ctx, download.id).await?.state,
    })
}
