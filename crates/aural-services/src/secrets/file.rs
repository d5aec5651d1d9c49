//! The fallback store where no keychain runs: `secrets.json` in the data folder, 0600, one JSON
//! object of `"<kind>/<id>": value`. Changes take a lock every AuralArchive process respects and
//! replace the file atomically, so the app and the CLI writing at once both keep their secret.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aural_core::SecretRef;
use serde_json::Value;

use crate::private_file;
use crate::secrets::error::SecretError;

pub(crate) const FILE: &str = "secrets.json";

type Secrets = BTreeMap<String, Value>;

pub(crate) fn get(path: &Path, key: &SecretRef) -> Result<Option<Value>, SecretError> {
    // A reader needs no lock: the file is only ever replaced whole.
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(SecretError::file(path)(e)),
    };
    match serde_json::from_slice::<Secrets>(&bytes) {
        Ok(mut all) => Ok(all.remove(&key.to_string())),
        // Under the lock, so that no writer is mid-way when it is moved aside.
        Err(_) => change(path, |all| Ok((false, all.remove(&key.to_string())))),
    }
}

pub(crate) fn set(path: &Path, key: &SecretRef, value: Value) -> Result<(), SecretError> {
    change(path, |all| {
        all.insert(key.to_string(), value);
        Ok((true, ()))
    })
}

pub(crate) fn delete(path: &Path, key: &SecretRef) -> Result<(), SecretError> {
    change(path, |all| Ok((all.remove(&key.to_string()).is_some(), ())))
}

/// Read-modify-write under the file's lock; `edit` says whether it changed anything.
fn change<T>(
    path: &Path,
    edit: impl FnOnce(&mut Secrets) -> Result<(bool, T), SecretError>,
) -> Result<T, SecretError> {
    private_file::update(path, |current| {
        let mut all = match current {
            None => Secrets::new(),
            Some(bytes) => match serde_json::from_slice::<Secrets>(&bytes) {
                Ok(all) => all,
                Err(e) => return Err(set_aside(path, &e)),
            },
        };
        let (changed, out) = edit(&mut all)?;
        if !changed {
            return Ok((None, out));
        }
        let bytes = serde_json::to_vec(&all).map_err(|e| SecretError::file(path)(e.into()))?;
        Ok((Some(bytes), out))
    })
    .map_err(|e| match e {
        Failure::Io(source) => SecretError::File {
            path: path.to_path_buf(),
            source,
        },
        Failure::Secret(e) => e,
    })
}

/// Moves a damaged file to the first free `secrets.json.corrupt-N`, so the user can repair it and
/// the next secret saved starts a new file instead of overwriting what may still be recoverable.
fn set_aside(path: &Path, err: &serde_json::Error) -> Failure {
    let kept = (1..)
        .map(|n| corrupt_name(path, n))
        .find(|candidate| !candidate.exists())
        .and_then(|candidate| match std::fs::rename(path, &candidate) {
            Ok(()) => Some(candidate),
            Err(e) => {
                tracing::warn!(error = %e, file = %path.display(), "cannot move the damaged secrets file aside");
                None
            }
        });
    Failure::Secret(SecretError::CorruptFile {
        path: path.to_path_buf(),
        kept,
        line: err.line(),
        column: err.column(),
    })
}

fn corrupt_name(path: &Path, n: u32) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".corrupt-{n}"));
    path.with_file_name(name)
}

/// `private_file::update` reports its own IO errors through `From<io::Error>`, without the path;
/// [`change`] adds it.
enum Failure {
    Io(std::io::Error),
    Secret(SecretError),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Io(e)
    }
}

impl From<SecretError> for Failure {
    fn from(e: SecretError) -> Failure {
        Failure::Secret(e)
    }
}
