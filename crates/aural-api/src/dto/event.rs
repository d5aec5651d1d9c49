use aural_core::Entity;
use serde::{Deserialize, Serialize};
use specta::Type;

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

/// A job started, moved (throttled) or finished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobUpdated {
    pub job: JobDto,
}
