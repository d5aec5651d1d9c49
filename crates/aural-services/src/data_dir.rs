//! The data folder: created on first start and checked for write access before anything in it opens.

use std::io::{self, Write};
use std::path::Path;

use aural_core::ErrorCode;

use crate::context::DB_FILE;
use crate::error::{ServiceError, io_code};

/// What the process may do in the data folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    ReadWrite,
    ReadOnly,
}

/// Creates the folder and proves it is writable, so a read-only folder or a full disk is reported
/// up front with the folder's name instead of as an obscure database error later. A read-only
/// folder that already holds a library is not an error: browsing a library on read-only media is
/// useful, and each write then fails saying that the library is read-only. A full disk stays an
/// error even for reading: SQLite opens a WAL database there only if its 32 KiB -shm file happens
/// to be left from before, and otherwise fails with a bare "disk I/O error".
pub(crate) fn check(dir: &Path) -> Result<Access, ServiceError> {
    std::fs::create_dir_all(dir).map_err(|e| ServiceError::data_dir(dir, e))?;
    match write_probe(dir) {
        Ok(()) => Ok(Access::ReadWrite),
        Err(e) if io_code(&e) == ErrorCode::ReadOnly && dir.join(DB_FILE).exists() => {
            tracing::warn!(folder = %dir.display(), error = %e, "the data folder is read-only; the library opens for reading only");
            Ok(Access::ReadOnly)
        }
        Err(e) => Err(ServiceError::data_dir(dir, e)),
    }
}

/// Each process probes with a file of its own name: with one shared name, a second process starting
/// at the same moment removed the first one's probe before it was written and that start failed.
fn write_probe(dir: &Path) -> io::Result<()> {
    let mut probe = tempfile::Builder::new()
        .prefix(".write-check-")
        .tempfile_in(dir)?;
    // On a full disk the file is created but its bytes are not; dropping it removes it either way.
    let written = probe.write_all(b"ok");
    let removed = probe.close();
    written.and(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_from_many_processes_at_once_all_pass() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Threads stand in for processes: each check is separate file system calls either way.
        let results: Vec<Result<(), String>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        for _ in 0..200 {
                            check(dir.path()).map_err(|e| e.to_string())?;
                        }
                        Ok(())
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("worker"))
                .collect()
        });
        for result in results {
            assert_eq!(
                result,
                Ok(()),
                "a check running beside others must not fail"
            );
        }
    }
}
