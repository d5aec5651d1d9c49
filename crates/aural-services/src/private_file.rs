//! Replacing a small file of the data folder (settings, secrets) whole.

use std::io::{self, Write};
use std::path::Path;

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
