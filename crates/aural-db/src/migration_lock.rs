//! The lock every process takes beside the library file while it creates or migrates it.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use crate::error::DbError;

/// Held while the process creates or migrates the library; the lock ends when this drops.
#[derive(Debug)]
pub(crate) struct MigrationLock {
    _file: File,
}

/// Waits until this process holds the exclusive lock on `<db>.lock`. The wait runs off the async
/// threads: another process may hold the lock for as long as its migrations take, and two opens
/// in one process must not block each other's runtime thread.
pub(crate) async fn acquire(db: &Path) -> Result<MigrationLock, DbError> {
    let lock_path = lock_path(db);
    let db_path = db.to_owned();
    tokio::task::spawn_blocking(move || {
        lock(&lock_path).map_err(|source| DbError::LockFile {
            path: db_path,
            source,
        })
    })
    .await
    .map_err(|e| DbError::LockFile {
        path: db.to_owned(),
        source: io::Error::other(e),
    })?
}

fn lock(path: &Path) -> io::Result<MigrationLock> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    file.lock()?;
    Ok(MigrationLock { _file: file })
}

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}
