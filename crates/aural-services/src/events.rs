//! The one event bus: services publish, the window (and tests) subscribe.

pub mod coalesce;

use aural_core::{DownloadId, Entity, JobProgress, JobRecord};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// Enough for a burst of progress events; a slow subscriber that falls behind loses old events,
/// never blocks a job.
const CAPACITY: usize = 1024;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeLevel {
    Info,
    Success,
    Warning,
    Error,
}

/// A message for a toast, and when `desktop` is set also for a desktop notification: finished work
/// the user may have left the window for, as the user's notification settings allow. The service
/// that publishes it decides; the shell only forwards.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    pub level: NoticeLevel,
    pub title: String,
    pub body: Option<String>,
    pub desktop: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AppEvent {
    /// Rows changed, batched per entity kind; empty `ids` means too many to list.
    EntitiesChanged {
        entity: Entity,
        ids: Vec<String>,
    },
    /// A job was queued, started, moved (throttled) or finished.
    JobUpdated(JobRecord),
    /// Progress of work without a job row of its own, such as one file of an import.
    ProgressUpdated(ProgressUpdate),
    DownloadUpdated(DownloadUpdate),
    Notice(Notice),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProgressUpdate {
    /// Unique among progress sources, e.g. `<job id>/<file>`.
    pub id: String,
    pub progress: JobProgress,
}

/// A download moved; sent as often as its client is polled and thinned per id for the window.
#[derive(Debug, Clone, PartialEq)]
pub struct DownloadUpdate {
    pub id: DownloadId,
    pub state: aural_core::DownloadState,
    /// The warnings in force (SPEC §6.1), none when it is healthy.
    pub warnings: Vec<aural_core::HealthKind>,
    /// 0.0 to 1.0.
    pub progress: f64,
    /// Bytes per second.
    pub speed: u64,
    /// Seconds left, when the client can tell.
    pub eta: Option<u64>,
}

impl coalesce::Coalesce for AppEvent {
    fn coalesce_key(&self) -> Option<coalesce::CoalesceKey> {
        let (stream, id) = match self {
            AppEvent::JobUpdated(job) => (coalesce::Stream::Job, job.id.to_string()),
            AppEvent::ProgressUpdated(update) => (coalesce::Stream::Progress, update.id.clone()),
            AppEvent::DownloadUpdated(update) => {
                (coalesce::Stream::Download, update.id.to_string())
            }
            AppEvent::EntitiesChanged { .. } | AppEvent::Notice(_) => return None,
        };
        Some(coalesce::CoalesceKey { stream, id })
    }
}

#[derive(Debug, Clone)]
pub struct EventBus {
    sender: broadcast::Sender<AppEvent>,
}

impl EventBus {
    pub fn new() -> EventBus {
        EventBus {
            sender: broadcast::channel(CAPACITY).0,
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<AppEvent> {
        self.sender.subscribe()
    }

    /// Having no subscriber (the CLI, a test) is normal, so a send without receivers is not an error.
    pub fn publish(&self, event: AppEvent) {
        let _ = self.sender.send(event);
    }
}

impl Default for EventBus {
    fn default() -> EventBus {
        EventBus::new()
    }
}
