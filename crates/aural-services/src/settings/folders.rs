//! Settings that name folders are checked against the disk when they are set, so a typo is
//! refused at once instead of failing the first import that needs the folder.

use std::io;
use std::path::Path;

use super::document::Settings;
use crate::error::ServiceError;

/// Checks the folder `key` names in `settings`, if `key` is a folder setting and is set: it must
/// exist, be a folder, and take new files (books are placed in the library root, and imports
/// move files out of the staging folder).
pub(super) fn check(settings: &Settings, key: &str) -> Result<(), ServiceError> {
    let dir = match key {
        "library.root" => settings.library.root.as_deref(),
        "library.stagingDir" => settings.library.staging_dir.as_deref(),
        _ => None,
    };
    let Some(dir) = dir else { return Ok(()) };
    let fail = |message: String| ServiceError::SettingValue {
        key: key.to_owned(),
        message,
    };
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(fail(format!(
                "{dir} is a file, not a folder; choose a folder"
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(fail(format!(
                "the folder {dir} does not exist; create it first or choose another"
            )));
        }
        Err(e) => return Err(fail(format!("cannot use the folder {dir}: {e}"))),
    }
    writable(Path::new(dir)).map_err(|e| {
        fail(format!(
            "cannot write in the folder {dir} ({e}); make it writable or choose another"
        ))
    })
}

/// [`check`] for each folder setting that differs between `before` and `after`.
pub(super) fn check_changed(before: &Settings, after: &Settings) -> Result<(), ServiceError> {
    let folders = |s: &Settings| [s.library.root.clone(), s.library.staging_dir.clone()];
    for ((key, old), new) in FOLDER_KEYS.iter().zip(folders(before)).zip(folders(after)) {
        if old != new {
            check(after, key)?;
        }
    }
    Ok(())
}

const FOLDER_KEYS: [&str; 2] = ["library.root", "library.stagingDir"];

fn writable(dir: &Path) -> io::Result<()> {
    tempfile::Builder::new()
        .prefix(".auralarchive-write-check-")
        .tempfile_in(dir)?
        .close()
}
