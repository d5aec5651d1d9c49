//! Which process runs the leader-only loops of a data folder: the one holding an exclusive lock on
//! `run/leader/lock`. The OS releases the lock when its process ends, however it ends, so a crashed
//! leader never blocks the next one. Beside the lock the leader keeps `status.json`: who it is and
//! how its loops fare, for `auralarchive-cli supervisor status` and for a second leader's message.
//!
//! The files live in a folder of their own because the job-owner sweep removes every unlocked
//! `run/*.lock`, and a lock file removed while another process is about to lock it would let two
//! processes lock two different files and both lead.

use std::fmt;
use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::status::LoopStatus;
use crate::private_file;

/// What kind of process leads.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// The AuralArchive app, while its window (or tray icon) is open.
    Window,
    /// `auralarchive-cli daemon`, headless.
    Daemon,
}

/// The process that holds the leader lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Holder {
    pub pid: u32,
    pub role: Role,
}

impl Holder {
    pub fn this_process(role: Role) -> Holder {
        Holder {
            pid: std::process::id(),
            role,
        }
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.role {
            Role::Window => write!(f, "the AuralArchive window (pid {})", self.pid),
            Role::Daemon => write!(f, "auralarchive-cli daemon (pid {})", self.pid),
        }
    }
}

/// What the leader publishes beside its lock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Published {
    pub holder: Holder,
    pub loops: Vec<LoopStatus>,
}

/// Held leadership: the lock lives as long as this value.
#[derive(Debug)]
pub(crate) struct LeaderLock {
    holder: Holder,
    status_file: PathBuf,
    /// Held, not read.
    _lock: File,
}

impl LeaderLock {
    /// Takes the leader lock if no other process holds it; `Ok(None)` when one does.
    pub(crate) fn try_take(data_dir: &Path, holder: Holder) -> io::Result<Option<LeaderLock>> {
        let dir = leader_dir(data_dir);
        fs::create_dir_all(&dir)?;
        // Never truncated or removed: the lock is on this inode, whoever holds it.
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))?;
        match lock.try_lock() {
            Ok(()) => Ok(Some(LeaderLock {
                holder,
                status_file: dir.join(STATUS_FILE),
                _lock: lock,
            })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }

    pub(crate) fn holder(&self) -> Holder {
        self.holder
    }

    /// Replaces `status.json`. A few hundred bytes, written only when a loop changes state, so
    /// it is written in place rather than on a blocking thread.
    pub(crate) fn publish(&self, loops: &[LoopStatus]) {
        let published = Published {
            holder: self.holder,
            loops: loops.to_vec(),
        };
        let written = serde_json::to_vec_pretty(&published)
            .map_err(io::Error::from)
            .and_then(|bytes| private_file::replace(&self.status_file, &bytes));
        if let Err(e) = written {
            tracing::warn!(error = %e, path = %self.status_file.display(), "could not publish the background work's status");
        }
    }

    /// Gives leadership up. The status goes first, while the lock still keeps a successor from
    /// writing its own.
    pub(crate) fn release(self) {
        let _ = fs::remove_file(&self.status_file);
    }
}

/// Whether some process holds the leader lock of `data_dir`, and what it published if so.
/// `Ok(None)` means no process leads; a leader that has not published yet gives `holder: None`.
pub(crate) fn current(data_dir: &Path) -> io::Result<Option<Option<Published>>> {
    let dir = leader_dir(data_dir);
    // Read access is enough to test a lock, so a read-only data folder can be asked too.
    let lock = match File::open(dir.join(LOCK_FILE)) {
        Ok(lock) => lock,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    match lock.try_lock() {
        // Free: nobody leads. Dropping `lock` releases it at once.
        Ok(()) => Ok(None),
        Err(TryLockError::WouldBlock) => Ok(Some(published(&dir))),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// The leader's `status.json`; `None` when it is missing or unreadable (a leader from a later
/// version, or one that has just taken the lock).
fn published(dir: &Path) -> Option<Published> {
    let bytes = fs::read(dir.join(STATUS_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

const LOCK_FILE: &str = "lock";
const STATUS_FILE: &str = "status.json";

fn leader_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("run").join("leader")
}
