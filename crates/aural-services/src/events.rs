//! The one event bus: services publish, the window (and tests) subscribe.

use aural_core::{Entity, JobRecord};
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

/// A message for a toast (and, for finished work, a desktop notification).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    pub level: NoticeLevel,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AppEvent {
    /// Rows changed, batched per entity kind; empty `ids` means too many to list.
    EntitiesChanged {
        entity: Entity,
        ids: Vec<String>,
    },
    /// A job started, moved (throttled) or finished.
    JobUpdated(JobRecord),
    Notice(Notice),
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
