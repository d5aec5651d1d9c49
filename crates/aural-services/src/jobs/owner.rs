//! Which process runs a job. Every process that starts jobs holds an exclusive lock on a file of
//! its own in `<data folder>/run/` for as long as it lives; the OS releases the lock when the
//! process ends, however it ends. A job whose owner's file is missing or can be locked by someone
//! else has lost its process.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub(crate) struct Owner {
    pub token: String,
    file: PathBuf,
    /// Held, not read: the lock lives as long as this handle.
    _lock: File,
}

impl Owner {
    /// Claims a token for this process, and removes the files of processes that have ended.
    pub(crate) fn claim(data_dir: &Path) -> io::Result<Owner> {
        let dir = run_dir(data_dir);
        fs::create_dir_all(&dir)?;
        // The pid alone could come back after a restart; the start time tells the two apart.
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let token = format!("{}-{started}", std::process::id());
        let file = lock_file(&dir, &token);
        // Locked under another name first: a sweep by another process never sees it unlocked.
        let claiming = file.with_extension("claim");
        let lock = File::create(&claiming)?;
        lock.try_lock().map_err(io::Error::from)?;
        fs::rename(&claiming, &file)?;
        sweep(data_dir, &dir);
        Ok(Owner {
            token,
            file,
            _lock: lock,
        })
    }

    /// Removes the lock file once this process runs no more jobs.
    pub(crate) fn release(&self) {
        let _ = fs::remove_file(&self.file);
    }
}

/// Whether the process with this token has ended, removing its file if so. Any doubt (the file
/// cannot be opened for some other reason) counts as alive: a job wrongly left `running` is
/// corrected at a later start, a live job wrongly marked interrupted is not.
pub(crate) fn is_gone(data_dir: &Path, token: &str) -> bool {
    let file = lock_file(&run_dir(data_dir), token);
    let lock = match File::options().write(true).open(&file) {
        Ok(lock) => lock,
        Err(e) => return e.kind() == io::ErrorKind::NotFound,
    };
    match lock.try_lock() {
        Ok(()) => {
            let _ = fs::remove_file(&file);
            true
        }
        Err(TryLockError::WouldBlock | TryLockError::Error(_)) => false,
    }
}

/// Removes the lock files of ended processes (a CLI stopped with Ctrl-C leaves one).
fn sweep(data_dir: &Path, dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if let Some(token) = name.to_str().and_then(|n| n.strip_suffix(".lock")) {
            is_gone(data_dir, token);
        }
    }
}

fn run_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("run")
}

/// Tokens come from [`Owner::claim`] or the jobs table; anything with a path separator is not one.
fn lock_file(dir: &Path, token: &str) -> PathBuf {
    let safe: String = token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    dir.join(format!("{safe}.lock"))
}
