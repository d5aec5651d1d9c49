use aural_core::Entity;
use serde::{Deserialize, Serialize};
use specta::Type;

use aural_core::{DownloadState, HealthKind};
pub use aural_services::events::{Notice, NoticeLevel};

use super::job::JobDto;

/// Rows of one entity kind changed (by this window, a job or the CLI); the UI refetches what shows them.
/// Empty `ids` means more rows changed than are worth listing: refetch everything of that kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EntitiesChanged {
    pub entity: Entity,
    pub ids: Vec<String>,
}

/// A job was queued, started, moved (throttled) or finished. Progress ticks reach the window
/// only this way (the row is saved every few seconds), so the job list updates from the payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobUpdated {
    pub job: JobDto,
}

/// Progress of work without a job row of its own, latest per id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProgressUpdated {
    pub id: String,
    pub done: u64,
    pub total: Option<u64>,
    pub unit: String,
    pub message: Option<String>,
}

/// A download moved, latest per id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DownloadUpdated {
    pub id: String,
    pub state: DownloadState,
    /// The warnings in force; empty when it is healthy.
    pub warnings: Vec<HealthKind>,
    /// 0.0 to 1.0.
    pub progress: f64,
    /// Bytes per second.
    pub speed: u64,
    /// Seconds left, when known.
    pub eta: Option<u64>,
}
