//! The keychain backend against an in-memory credential store plugged into `keyring`, because no
//! Secret Service runs on the headless test machines. The store can vanish and lock like a real
//! one when its D-Bus service stops or its collection locks.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aural_core::{ErrorCode, Sensitive};
use aural_services::ServiceError;
use aural_services::secrets::{SecretBackend, SecretError, SecretKind, SecretRef, SecretStore};
use keyring::credential::{Credential, CredentialApi, CredentialBuilderApi};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Availability {
    Up,
    Gone,
    Locked,
}

#[derive(Debug)]
struct Shared {
    entries: HashMap<String, Vec<u8>>,
    availability: Availability,
}

#[derive(Debug, Clone)]
pub(crate) struct MemoryKeychain(Arc<Mutex<Shared>>);

impl MemoryKeychain {
    pub(crate) fn new() -> MemoryKeychain {
        MemoryKeychain(Arc::new(Mutex::new(Shared {
            entries: HashMap::new(),
            availability: Availability::Up,
        })))
    }

    pub(crate) fn set_availability(&self, a: Availability) {
        self.0.lock().expect("test lock").availability = a;
    }
}

#[derive(Debug)]
struct Entry {
    store: MemoryKeychain,
    account: String,
}

impl Entry {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut HashMap<String, Vec<u8>>) -> keyring::Result<T>,
    ) -> keyring::Result<T> {
        let mut shared = self.store.0.lock().expect("test lock");
        match shared.availability {
            // The texts the Secret Service backend gives for these situations.
            Availability::Gone => Err(keyring::Error::PlatformFailure(
                "The name org.freedesktop.secrets was not provided by any .service files".into(),
            )),
            Availability::Locked => Err(keyring::Error::NoStorageAccess(
                "collection is locked".into(),
            )),
            Availability::Up => f(&mut shared.entries),
        }
    }
}

impl CredentialApi for Entry {
    fn set_secret(&self, secret: &[u8]) -> keyring::Result<()> {
        self.with(|e| {
            e.insert(self.account.clone(), secret.to_vec());
            Ok(())
        })
    }

    fn get_secret(&self) -> keyring::Result<Vec<u8>> {
        self.with(|e| e.get(&self.account).cloned().ok_or(keyring::Error::NoEntry))
    }

    fn delete_credential(&self) -> keyring::Result<()> {
        self.with(|e| {
            e.remove(&self.account)
                .map(drop)
                .ok_or(keyring::Error::NoEntry)
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl CredentialBuilderApi for MemoryKeychain {
    fn build(
        &self,
        _target: Option<&str>,
        service: &str,
        user: &str,
    ) -> keyring::Result<Box<Credential>> {
        Ok(Box::new(Entry {
            store: self.clone(),
            account: format!("{service}:{user}"),
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[tokio::test]
async fn keychain_secrets_are_filed_by_kind_and_id_and_read_back_typed() {
    let keychain = MemoryKeychain::new();
    let store = SecretStore::keychain_with(Box::new(keychain.clone()));
    assert_eq!(store.backend(), SecretBackend::Keychain);
    let key = SecretRef::new(SecretKind::DownloadClient, 2);
    store
        .set(&key, &Sensitive::new("test-pass".to_owned()))
        .await
        .expect("set");
    assert!(
        keychain
            .0
            .lock()
            .expect("lock")
            .entries
            .contains_key("auralarchive:client/2"),
        "service auralarchive, account <kind>/<id> (SPEC §10.2)"
    );
    let got = store
        .get::<String>(&key)
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(got.expose(), "test-pass");
    store.delete(&key).await.expect("delete");
    assert!(store.get::<String>(&key).await.expect("get").is_none());
}

#[tokio::test]
async fn a_keychain_that_disappears_mid_run_gives_a_typed_error_and_loses_nothing() {
    let keychain = MemoryKeychain::new();
    let store = SecretStore::keychain_with(Box::new(keychain.clone()));
    let key = SecretRef::new(SecretKind::Indexer, 4);
    store
        .set(&key, &Sensitive::new("test-pass-kept".to_owned()))
        .await
        .expect("set while the keychain runs");

    keychain.set_availability(Availability::Gone);
    let get = store
        .get::<String>(&key)
        .await
        .expect_err("no keychain to read");
    assert!(
        matches!(get, SecretError::KeychainUnavailable { .. }),
        "{get:?}"
    );
    let set = store
        .set(&key, &Sensitive::new("test-pass-new".to_owned()))
        .await
        .expect_err("no keychain to write");
    let delete = store
        .delete(&key)
        .await
        .expect_err("no keychain to delete from");
    assert!(
        matches!(delete, SecretError::KeychainUnavailable { .. }),
        "{delete:?}"
    );
    let service = ServiceError::from(set);
    assert_eq!(service.code(), ErrorCode::Unreachable);
    let text = format!("{service}. {}", service.hint().unwrap_or_default());
    assert!(text.contains("keychain is not available"), "{text}");
    assert!(text.contains("nothing was changed"), "{text}");
    assert!(!text.contains("test-pass"), "{text}");

    keychain.set_availability(Availability::Locked);
    let locked = ServiceError::from(store.get::<String>(&key).await.expect_err("locked"));
    assert_eq!(
        locked.code(),
        ErrorCode::AuthRequired,
        "unlocking is what the user can do"
    );

    keychain.set_availability(Availability::Up);
    let got = store
        .get::<String>(&key)
        .await
        .expect("back")
        .expect("kept");
    assert_eq!(
        got.expose(),
        "test-pass-kept",
        "the failed write changed nothing"
    );
}
