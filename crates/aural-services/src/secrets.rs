//! Secrets (tokens, API keys, passwords): in the OS keychain, or where none runs (headless Linux)
//! in a 0600 `secrets.json` in the data folder, which Settings › Advanced warns about.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use aural_core::Sensitive;

use crate::error::ServiceError;
use crate::private_file;

const SERVICE: &str = "auralarchive";
pub(crate) const FILE: &str = "secrets.json";

/// Names a secret: `<kind>/<id>`, e.g. `audible/3`, `indexer/7`. Only this reference is stored in the DB.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SecretRef(String);

impl SecretRef {
    pub fn new(kind: &str, id: &str) -> SecretRef {
        SecretRef(format!("{kind}/{id}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretBackend {
    Keychain,
    /// No keychain service answered; secrets live in a file only this user may read.
    File,
    /// Process memory only, for tests.
    Memory,
}

pub struct SecretStore {
    backend: Backend,
}

enum Backend {
    Keychain,
    File(PathBuf),
    Memory(Mutex<BTreeMap<String, String>>),
}

impl fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretStore({:?})", self.backend())
    }
}

impl SecretStore {
    /// Uses the keychain when one answers, else the file in `data_dir`.
    pub fn detect(data_dir: &Path) -> SecretStore {
        let probe = keyring::Entry::new(SERVICE, "probe").and_then(|e| match e.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e),
        });
        match probe {
            Ok(()) => SecretStore {
                backend: Backend::Keychain,
            },
            Err(e) => {
                tracing::warn!(error = %e, "no keychain service answered; secrets are kept in a private file");
                SecretStore::file(data_dir)
            }
        }
    }

    pub fn file(data_dir: &Path) -> SecretStore {
        SecretStore {
            backend: Backend::File(data_dir.join(FILE)),
        }
    }

    pub fn in_memory() -> SecretStore {
        SecretStore {
            backend: Backend::Memory(Mutex::new(BTreeMap::new())),
        }
    }

    pub fn backend(&self) -> SecretBackend {
        match self.backend {
            Backend::Keychain => SecretBackend::Keychain,
            Backend::File(_) => SecretBackend::File,
            Backend::Memory(_) => SecretBackend::Memory,
        }
    }

    pub fn set(&self, key: &SecretRef, value: &Sensitive<String>) -> Result<(), ServiceError> {
        match &self.backend {
            Backend::Keychain => entry(key)?
                .set_password(value.expose())
                .map_err(keyring_error),
            Backend::File(path) => {
                let mut all = read_file(path)?;
                all.insert(key.0.clone(), value.expose().clone());
                write_file(path, &all)
            }
            Backend::Memory(map) => {
                lock(map)?.insert(key.0.clone(), value.expose().clone());
                Ok(())
            }
        }
    }

    pub fn get(&self, key: &SecretRef) -> Result<Option<Sensitive<String>>, ServiceError> {
        let value = match &self.backend {
            Backend::Keychain => match entry(key)?.get_password() {
                Ok(v) => Some(v),
                Err(keyring::Error::NoEntry) => None,
                Err(e) => return Err(keyring_error(e)),
            },
            Backend::File(path) => read_file(path)?.remove(&key.0),
            Backend::Memory(map) => lock(map)?.get(&key.0).cloned(),
        };
        Ok(value.map(Sensitive::new))
    }

    pub fn delete(&self, key: &SecretRef) -> Result<(), ServiceError> {
        match &self.backend {
            Backend::Keychain => match entry(key)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(keyring_error(e)),
            },
            Backend::File(path) => {
                let mut all = read_file(path)?;
                if all.remove(&key.0).is_some() {
                    write_file(path, &all)?;
                }
                Ok(())
            }
            Backend::Memory(map) => {
                lock(map)?.remove(&key.0);
                Ok(())
            }
        }
    }
}

fn entry(key: &SecretRef) -> Result<keyring::Entry, ServiceError> {
    keyring::Entry::new(SERVICE, &key.0).map_err(keyring_error)
}

// The keyring error text may quote the attributes of the entry but never its secret.
fn keyring_error(e: keyring::Error) -> ServiceError {
    ServiceError::Secrets(e.to_string())
}

fn lock(
    map: &Mutex<BTreeMap<String, String>>,
) -> Result<std::sync::MutexGuard<'_, BTreeMap<String, String>>, ServiceError> {
    map.lock()
        .map_err(|_| ServiceError::Secrets("the in-memory store was poisoned".to_owned()))
}

fn read_file(path: &Path) -> Result<BTreeMap<String, String>, ServiceError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| ServiceError::Secrets(format!("{} is not valid: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(ServiceError::ReadFile {
            path: path.to_path_buf(),
            source: e,
        }),
    }
}

fn write_file(path: &Path, all: &BTreeMap<String, String>) -> Result<(), ServiceError> {
    let fail = |source| ServiceError::SaveDataFile {
        what: "secrets",
        path: path.to_path_buf(),
        source,
    };
    let text = serde_json::to_vec(all).map_err(|e| fail(std::io::Error::other(e)))?;
    private_file::replace(path, &text).map_err(fail)
}
