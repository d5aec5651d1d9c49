//! Secrets (tokens, API keys, passwords, whole auth bundles): in the OS keychain, or where none
//! runs (headless Linux) in a 0600 `secrets.json` in the data folder, which Settings › Advanced
//! warns about. A secret is any serde type, stored as its JSON; callers hold it as [`Sensitive`].
//! Every call runs on a blocking thread: keychains answer over D-Bus and the file is locked.

mod error;
mod file;
pub(crate) use file::FILE;
mod keychain;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use aural_core::Sensitive;
pub use aural_core::{SecretKind, SecretRef};
pub use error::SecretError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::secrets::keychain::Keychain;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretBackend {
    Keychain,
    /// No keychain service answered; secrets live in a file only this user may read.
    File,
    /// Process memory only, for tests.
    Memory,
}

/// Cheap to clone: clones share one backend.
#[derive(Clone)]
pub struct SecretStore {
    backend: Arc<Backend>,
}

enum Backend {
    Keychain(Keychain),
    File(PathBuf),
    Memory(Mutex<BTreeMap<SecretRef, Value>>),
}

impl fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretStore({:?})", self.backend())
    }
}

impl SecretStore {
    /// Uses the keychain when one answers, else the file in `data_dir`. Blocks on D-Bus: call it
    /// from a blocking thread.
    pub fn detect(data_dir: &Path) -> SecretStore {
        let keychain = Keychain::platform();
        match keychain.probe() {
            Ok(()) => SecretStore::new(Backend::Keychain(keychain)),
            Err(e) => {
                tracing::warn!(error = %e, "no keychain service answered; secrets are kept in a private file");
                SecretStore::file(data_dir)
            }
        }
    }

    pub fn file(data_dir: &Path) -> SecretStore {
        SecretStore::new(Backend::File(data_dir.join(file::FILE)))
    }

    pub fn in_memory() -> SecretStore {
        SecretStore::new(Backend::Memory(Mutex::new(BTreeMap::new())))
    }

    /// A keychain built by `builder` instead of the platform's, e.g. keyring's mock store.
    pub fn keychain_with(builder: Box<keyring::CredentialBuilder>) -> SecretStore {
        SecretStore::new(Backend::Keychain(Keychain::with_builder(builder)))
    }

    fn new(backend: Backend) -> SecretStore {
        SecretStore {
            backend: Arc::new(backend),
        }
    }

    pub fn backend(&self) -> SecretBackend {
        match *self.backend {
            Backend::Keychain(_) => SecretBackend::Keychain,
            Backend::File(_) => SecretBackend::File,
            Backend::Memory(_) => SecretBackend::Memory,
        }
    }

    /// Stores `value` under `key`, replacing what was there.
    pub async fn set<T: Serialize>(
        &self,
        key: &SecretRef,
        value: &Sensitive<T>,
    ) -> Result<(), SecretError> {
        // Serialising a plain value to a JSON tree cannot fail for the types secrets use
        // (strings, structs, maps with string keys); if one ever does, nothing is stored.
        let value = serde_json::to_value(value.expose()).map_err(|_| SecretError::Mismatch {
            key: key.clone(),
            expected: std::any::type_name::<T>(),
        })?;
        let key = key.clone();
        self.blocking(move |backend| match backend {
            Backend::Keychain(k) => k.set(&key, &value.to_string()),
            Backend::File(path) => file::set(path, &key, value),
            Backend::Memory(map) => {
                lock(map).insert(key, value);
                Ok(())
            }
        })
        .await
    }

    /// The secret under `key` as a `T`, or `None` when none is stored.
    pub async fn get<T: DeserializeOwned>(
        &self,
        key: &SecretRef,
    ) -> Result<Option<Sensitive<T>>, SecretError> {
        let owned = key.clone();
        let stored = self
            .blocking(move |backend| match backend {
                Backend::Keychain(k) => match k.get(&owned)? {
                    Some(text) => serde_json::from_str::<Value>(&text).map(Some).map_err(|_| {
                        SecretError::Mismatch {
                            key: owned.clone(),
                            expected: "JSON",
                        }
                    }),
                    None => Ok(None),
                },
                Backend::File(path) => file::get(path, &owned),
                Backend::Memory(map) => Ok(lock(map).get(&owned).cloned()),
            })
            .await?;
        stored
            .map(|value| {
                serde_json::from_value::<T>(value)
                    .map(Sensitive::new)
                    .map_err(|_| SecretError::Mismatch {
                        key: key.clone(),
                        expected: std::any::type_name::<T>(),
                    })
            })
            .transpose()
    }

    /// Removes the secret; removing one that is not there is not an error.
    pub async fn delete(&self, key: &SecretRef) -> Result<(), SecretError> {
        let key = key.clone();
        self.blocking(move |backend| match backend {
            Backend::Keychain(k) => k.delete(&key),
            Backend::File(path) => file::delete(path, &key),
            Backend::Memory(map) => {
                lock(map).remove(&key);
                Ok(())
            }
        })
        .await
    }

    async fn blocking<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Backend) -> Result<T, SecretError> + Send + 'static,
    ) -> Result<T, SecretError> {
        let backend = Arc::clone(&self.backend);
        tokio::task::spawn_blocking(move || call(&backend))
            .await
            .map_err(|e| SecretError::Panicked(e.to_string()))?
    }
}

// A panic while holding the map cannot leave it half-changed (each call is one map operation),
// so a poisoned lock is still safe to use.
fn lock(
    map: &Mutex<BTreeMap<SecretRef, Value>>,
) -> std::sync::MutexGuard<'_, BTreeMap<SecretRef, Value>> {
    map.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
