use aural_core::{JobKind, JobRecord, JobState};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobDto {
    pub id: String,
    pub kind: JobKind,
    pub state: JobState,
    pub parent_id: Option<String>,
    pub done: u64,
    pub total: Option<u64>,
    pub unit: String,
    pub message: Option<String>,
    pub error_code: Option<aural_core::ErrorCode>,
    pub error: Option<String>,
    pub started_at: String,
    pub finished_at: Option<String>,
}

pub type JobPage = super::PageOf<JobDto>;

/// Returned by a command that starts background work; progress follows as `JobUpdated` events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobStarted {
    pub job_id: String,
}

impl From<&JobRecord> for JobDto {
    fn from(j: &JobRecord) -> Self {
        JobDto {
            id: j.id.to_string(),
            kind: j.kind,
            state: j.state,
            parent_id: j.parent_id.map(|p| p.to_string()),
            done: j.progress.done,
            total: j.progress.total,
            unit: j.progress.unit.clone(),
            message: j.progress.message.clone(),
            error_code: j.error_code,
            error: j.error.clone(),
            started_at: j.started_at.to_rfc3339(),
            finished_at: j.finished_at.map(|t| t.to_rfc3339()),
        }
    }
}
