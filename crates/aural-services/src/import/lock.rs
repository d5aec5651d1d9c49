//! One placement at a time per data folder, across processes: an exclusive lock on
//! `run/import/lock`, which the OS releases however its holder ends. Recovery takes it too, so
//! it never undoes the work of an import still running in another process. The lock has a folder
//! of its own because the job-owner sweep removes unlocked `run/*.lock` files.

use std::fs::{self, File, TryLockError};
use std::path::Path;

use super::error::ImportError;

#[derive(Debug)]
pub(crate) struct ImportLock {
    _file: File,
}

impl ImportLock {
    /// Takes the lock, or `Ok(None)` when another process holds it.
    pub(crate) fn try_take(data_dir: &Path) -> Result<Option<ImportLock>, ImportError> {
        let dir = data_dir.join("run").join("import");
        let path = dir.join("lock");
        let fail = |source| ImportError::Lock {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&dir).map_err(fail)?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(fail)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(ImportLock { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(fail(e)),
        }
    }
}
