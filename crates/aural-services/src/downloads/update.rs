//! A download as the window's `DownloadUpdated` event tells it.

use aural_core::{Download, DownloadState, HealthKind};

use crate::context::AppContext;
use crate::events::{self, AppEvent, DownloadHealth, DownloadUpdate};

/// Sends the download's state, health and transfer to whoever listens.
pub(super) fn publish(ctx: &AppContext, download: &Download) {
    ctx.events()
        .publish(AppEvent::DownloadUpdated(event_of(download)));
}

fn event_of(d: &Download) -> DownloadUpdate {
    DownloadUpdate {
        id: d.id,
        state: event_state(d.state),
        health: event_health(d),
        progress: d.transfer.progress,
        speed: d.transfer.speed_bps,
        eta: d.transfer.eta_s,
    }
}

/// The event's coarser states: the window refetches the download for the exact one.
fn event_state(state: DownloadState) -> events::DownloadState {
    match state {
        DownloadState::Queued
        | DownloadState::Searching
        | DownloadState::Found
        | DownloadState::Sent => events::DownloadState::Queued,
        DownloadState::Downloading | DownloadState::Stalled => events::DownloadState::Downloading,
        DownloadState::Paused => events::DownloadState::Paused,
        DownloadState::Completed
        | DownloadState::Importing
        | DownloadState::Imported
        | DownloadState::Seeding
        | DownloadState::Done => events::DownloadState::Completed,
        DownloadState::Failed | DownloadState::Cancelled => events::DownloadState::Failed,
    }
}

fn event_health(d: &Download) -> DownloadHealth {
    let stuck = |k: HealthKind| {
        matches!(
            k,
            HealthKind::Stalled | HealthKind::NoSeeds | HealthKind::NoMetadata
        )
    };
    let warnings = d.health.warnings();
    if warnings.is_empty() && d.state != DownloadState::Stalled {
        DownloadHealth::Ok
    } else if warnings.iter().all(|w| stuck(w.kind)) {
        DownloadHealth::Stalled
    } else {
        DownloadHealth::Error
    }
}
