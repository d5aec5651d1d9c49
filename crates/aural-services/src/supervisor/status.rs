//! What each loop is doing, kept by the supervisor and shown by `supervisor status`.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use aural_core::Timestamp;
use serde::{Deserialize, Serialize};

use super::leader::{Holder, LeaderLock};

/// Where a loop runs.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Scope {
    /// In every process that starts a supervisor: each window needs its own change events.
    EveryProcess,
    /// Only in the one process per data folder that holds the leader lock: scheduled work that
    /// must not run twice (downloads, provider re-enable, token refresh, schedules).
    Leader,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LoopState {
    Running,
    /// Failed; waits `retry_in_ms` before it runs again.
    Restarting,
    /// A leader-only loop while another process leads.
    WaitingForLeader,
    Stopped,
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scope::EveryProcess => "every process",
            Scope::Leader => "leader",
        })
    }
}

impl fmt::Display for LoopState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LoopState::Running => "running",
            LoopState::Restarting => "restarting",
            LoopState::WaitingForLeader => "waiting for leadership",
            LoopState::Stopped => "stopped",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoopStatus {
    pub name: String,
    pub scope: Scope,
    pub state: LoopState,
    /// How many times the loop was restarted after a failure since the process started.
    pub restarts: u32,
    pub last_error: Option<String>,
    pub last_error_at: Option<Timestamp>,
    /// While `Restarting`: the delay before the next run.
    pub retry_in_ms: Option<u64>,
}

/// The background work of a data folder as one process sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisorStatus {
    /// The process that runs the leader-only loops, if any does.
    pub leader: Option<Holder>,
    /// Whether that is this process.
    pub leading: bool,
    /// This process's loops, or, in a process that runs none, the leader's.
    pub loops: Vec<LoopStatus>,
}

/// The loops' statuses and this process's leadership, shared by the supervising tasks.
#[derive(Debug)]
pub(crate) struct Board {
    pub data_dir: PathBuf,
    loops: Mutex<Vec<LoopStatus>>,
    leader: Mutex<Option<LeaderLock>>,
}

impl Board {
    pub(crate) fn new(data_dir: PathBuf) -> Board {
        Board {
            data_dir,
            loops: Mutex::default(),
            leader: Mutex::default(),
        }
    }

    pub(crate) fn add(&self, name: &str, scope: Scope, state: LoopState) {
        lock(&self.loops).push(LoopStatus {
            name: name.to_owned(),
            scope,
            state,
            restarts: 0,
            last_error: None,
            last_error_at: None,
            retry_in_ms: None,
        });
    }

    /// Changes the status of loop `name` and, in the leader, republishes the statuses.
    pub(crate) fn update(&self, name: &str, change: impl FnOnce(&mut LoopStatus)) {
        let loops = {
            let mut loops = lock(&self.loops);
            if let Some(status) = loops.iter_mut().find(|s| s.name == name) {
                change(status);
            }
            loops.clone()
        };
        if let Some(leader) = lock(&self.leader).as_ref() {
            leader.publish(&loops);
        }
    }

    pub(crate) fn loops(&self) -> Vec<LoopStatus> {
        lock(&self.loops).clone()
    }

    pub(crate) fn lead(&self, leader: LeaderLock) {
        leader.publish(&self.loops());
        *lock(&self.leader) = Some(leader);
    }

    pub(crate) fn holder(&self) -> Option<Holder> {
        lock(&self.leader).as_ref().map(LeaderLock::holder)
    }

    pub(crate) fn resign(&self) {
        if let Some(leader) = lock(&self.leader).take() {
            leader.release();
        }
    }
}

/// A panic inside a loop never happens while a status is being changed, so a poisoned lock
/// still holds whole statuses.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
