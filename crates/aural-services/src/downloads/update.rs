//! A download as the window's `DownloadUpdated` event tells it, and how often the monitor
//! tells it (SPEC §6.2: on change, progress by 1 % or every 2 s).

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use aural_core::{Download, DownloadId, DownloadState, Health, HealthKind, Transfer};

use crate::context::AppContext;
use crate::events::{self, AppEvent, DownloadHealth, DownloadUpdate};

/// Sends the download's state, health and transfer to whoever listens.
pub(super) fn publish(ctx: &AppContext, download: &Download) {
    ctx.events()
        .publish(AppEvent::DownloadUpdated(event_of(download)));
}

/// Events for the same download while only its speed moves.
const EMIT_EVERY: Duration = Duration::from_secs(2);
/// A progress step worth an event of its own.
const EMIT_STEP: f64 = 0.01;

/// What the last event of each download said.
#[derive(Default)]
pub(super) struct Shown {
    last: HashMap<DownloadId, Last>,
}

struct Last {
    state: DownloadState,
    health: Health,
    transfer: Transfer,
    at: Instant,
}

impl Shown {
    /// Publishes when the state or health changed, progress moved a step, or the transfer
    /// changed and the last event is a while ago.
    pub fn publish(&mut self, ctx: &AppContext, d: &Download) {
        let due = self.last.get(&d.id).is_none_or(|last| {
            last.state != d.state
                || last.health != d.health
                || (d.transfer.progress - last.transfer.progress).abs() >= EMIT_STEP
                || (last.transfer != d.transfer && last.at.elapsed() >= EMIT_EVERY)
        });
        if due {
            publish(ctx, d);
            self.last.insert(
                d.id,
                Last {
                    state: d.state,
                    health: d.health.clone(),
                    transfer: d.transfer,
                    at: Instant::now(),
                },
            );
        }
    }

    /// Forgets downloads no longer followed.
    pub fn keep(&mut self, ids: &HashSet<DownloadId>) {
        self.last.retain(|id, _| ids.contains(id));
    }
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
