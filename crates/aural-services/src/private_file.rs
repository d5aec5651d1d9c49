//! Replacing a small file of the data folder (settings, secrets) whole, and changing it under a
//! lock that every AuralArchive process on the folder respects.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to a temp file beside `path`, fsyncs it and renames it over `path`: a crash or a
/// full disk leaves the old file or the new one, never part of one, and a failed write removes its
/// temp file. The file is readable by its owner only (0600 on Unix), so secrets never sit in a
/// readable file, even for a moment.
pub(crate) fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other(format!("{} has no folder", path.display())))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Read-modify-write of `path` while holding an exclusive lock on `<path>.lock`, so two processes
/// (the app and the CLI, or two CLI calls) changing different values of one file both keep theirs.
/// `change` gets the current bytes (`None` when the file does not exist yet) and returns the new
/// bytes, or `None` to leave the file as it is. The lock is a separate file because [`replace`]
/// swaps the file itself for a new inode, which a lock on the old one would not cover.
pub(crate) fn update<T, E>(
    path: &Path,
    change: impl FnOnce(Option<Vec<u8>>) -> Result<(Option<Vec<u8>>, T), E>,
) -> Result<T, E>
where
    E: From<io::Error>,
{
    let lock = lock_exclusive(path)?;
    let current = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    let (new, out) = change(current)?;
    if let Some(bytes) = new {
        replace(path, &bytes)?;
    }
    drop(lock);
    Ok(out)
}

/// Blocks until this process holds the exclusive lock of `path`; released when the file drops.
fn lock_exclusive(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(path))?;
    file.lock()?;
    Ok(file)
}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}
