use aural_services::supervisor::{Holder, LoopState, LoopStatus, Role, Scope, SupervisorStatus};
use serde::{Deserialize, Serialize};
use specta::Type;

/// The background work of the data folder: who leads it and how its loops fare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SupervisorStatusDto {
    /// `None` when no process runs the scheduled background work.
    pub leader: Option<LeaderDto>,
    /// Whether the leader is the process that answered.
    pub leading: bool,
    pub loops: Vec<LoopDto>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LeaderDto {
    pub pid: u32,
    pub role: Role,
    /// "the AuralArchive window (pid 4242)".
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LoopDto {
    pub name: String,
    pub scope: Scope,
    pub state: LoopState,
    pub restarts: u32,
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    pub retry_in_ms: Option<u64>,
}

impl From<Holder> for LeaderDto {
    fn from(h: Holder) -> LeaderDto {
        LeaderDto {
            pid: h.pid,
            role: h.role,
            description: h.to_string(),
        }
    }
}

impl From<&LoopStatus> for LoopDto {
    fn from(s: &LoopStatus) -> LoopDto {
        LoopDto {
            name: s.name.clone(),
            scope: s.scope,
            state: s.state,
            restarts: s.restarts,
            last_error: s.last_error.clone(),
            last_error_at: s.last_error_at.map(|t| t.to_rfc3339()),
            retry_in_ms: s.retry_in_ms,
        }
    }
}

impl From<&SupervisorStatus> for SupervisorStatusDto {
    fn from(s: &SupervisorStatus) -> SupervisorStatusDto {
        SupervisorStatusDto {
            leader: s.leader.map(LeaderDto::from),
            leading: s.leading,
            loops: s.loops.iter().map(LoopDto::from).collect(),
        }
    }
}
