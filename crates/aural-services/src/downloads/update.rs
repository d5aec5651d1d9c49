//! A download as the window's `DownloadUpdated` event tells it, and how often the monitor
//! tells it (SPEC §6.2: on change, progress by 1 % or every 2 s).

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use aural_core::{Download, DownloadId, DownloadState, Health, Transfer};

use crate::context::AppContext;
use crate::events::{AppEvent, DownloadUpdate};

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
        state: d.state,
        warnings: d.health.warnings().iter().map(|w| w.kind).collect(),
        progress: d.transfer.progress,
        speed: d.transfer.speed_bps,
        eta: d.transfer.eta_s,
    }
}
