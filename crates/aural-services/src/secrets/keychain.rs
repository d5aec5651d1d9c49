//! The OS keychain through `keyring`: service `auralarchive`, account `<kind>/<id>` (SPEC §10.2).
//! Every call blocks (D-Bus, Keychain Services), so the store runs these on a blocking thread.

use aural_core::SecretRef;
use keyring::{CredentialBuilder, Entry};

use crate::secrets::error::SecretError;

pub(crate) const SERVICE: &str = "auralarchive";

/// The platform's default keychain, or another credential store such as keyring's mock.
pub(crate) struct Keychain {
    builder: Option<Box<CredentialBuilder>>,
}

impl Keychain {
    pub(crate) fn platform() -> Keychain {
        Keychain { builder: None }
    }

    pub(crate) fn with_builder(builder: Box<CredentialBuilder>) -> Keychain {
        Keychain {
            builder: Some(builder),
        }
    }

    /// Whether a keychain answers at all: a missing entry is an answer.
    pub(crate) fn probe(&self) -> Result<(), SecretError> {
        let probe = SecretRef::new(aural_core::SecretKind::Indexer, i64::MAX);
        self.get(&probe).map(drop)
    }

    pub(crate) fn get(&self, key: &SecretRef) -> Result<Option<String>, SecretError> {
        match self.entry(key)?.get_password() {
            Ok(text) => Ok(Some(text)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(keyring::Error::BadEncoding(_)) => Err(SecretError::Mismatch {
                key: key.clone(),
                expected: "text",
            }),
            Err(e) => Err(classify(key, e)),
        }
    }

    pub(crate) fn set(&self, key: &SecretRef, text: &str) -> Result<(), SecretError> {
        self.entry(key)?
            .set_password(text)
            .map_err(|e| classify(key, e))
    }

    pub(crate) fn delete(&self, key: &SecretRef) -> Result<(), SecretError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(classify(key, e)),
        }
    }

    fn entry(&self, key: &SecretRef) -> Result<Entry, SecretError> {
        let account = key.to_string();
        let entry = match &self.builder {
            None => Entry::new(SERVICE, &account),
            Some(builder) => builder
                .build(None, SERVICE, &account)
                .map(Entry::new_with_credential),
        };
        entry.map_err(|e| classify(key, e))
    }
}

// keyring's messages name the store and the entry's attributes, never the secret.
fn classify(key: &SecretRef, err: keyring::Error) -> SecretError {
    match err {
        keyring::Error::PlatformFailure(e) => SecretError::KeychainUnavailable {
            detail: e.to_string(),
        },
        keyring::Error::NoStorageAccess(e) => SecretError::KeychainLocked {
            detail: e.to_string(),
        },
        other => SecretError::KeychainRefused {
            key: key.clone(),
            detail: other.to_string(),
        },
    }
}
