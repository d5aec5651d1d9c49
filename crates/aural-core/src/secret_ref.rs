//! Names of secrets: what a secret belongs to, never the secret itself. Only a [`SecretRef`] is
//! stored in the database; the value lives in the keychain or the private secrets file.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What owns a secret. The text form is the keychain account prefix (SPEC §10.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SecretKind {
    /// An Audible account's auth bundle (tokens, device key, cookies) as one JSON secret.
    AudibleAccount,
    Indexer,
    DownloadClient,
    AudioBookShelf,
}

impl SecretKind {
    pub const ALL: [SecretKind; 4] = [
        SecretKind::AudibleAccount,
        SecretKind::Indexer,
        SecretKind::DownloadClient,
        SecretKind::AudioBookShelf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SecretKind::AudibleAccount => "audible",
            SecretKind::Indexer => "indexer",
            SecretKind::DownloadClient => "client",
            SecretKind::AudioBookShelf => "abs",
        }
    }

    pub fn parse(s: &str) -> Option<SecretKind> {
        SecretKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// `<kind>/<id>`, e.g. `indexer/7`: the key of one secret in the keychain or the secrets file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SecretRef {
    pub kind: SecretKind,
    pub id: i64,
}

impl SecretRef {
    pub fn new(kind: SecretKind, id: i64) -> SecretRef {
        SecretRef { kind, id }
    }
}

impl fmt::Display for SecretRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.as_str(), self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a secret reference such as indexer/7")]
pub struct InvalidSecretRef(pub String);

impl FromStr for SecretRef {
    type Err = InvalidSecretRef;
    fn from_str(s: &str) -> Result<SecretRef, InvalidSecretRef> {
        let bad = || InvalidSecretRef(s.to_owned());
        let (kind, id) = s.split_once('/').ok_or_else(bad)?;
        let kind = SecretKind::parse(kind).ok_or_else(bad)?;
        let id = id.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(bad)?;
        Ok(SecretRef { kind, id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_refs_round_trip_through_their_text_form() {
        for kind in SecretKind::ALL {
            let r = SecretRef::new(kind, 7);
            assert_eq!(r.to_string().parse::<SecretRef>(), Ok(r.clone()), "{r}");
        }
        assert_eq!(
            SecretRef::new(SecretKind::DownloadClient, 2).to_string(),
            "client/2"
        );
        for bad in [
            "indexer",
            "indexer/",
            "indexer/x",
            "indexer/0",
            "ftp/3",
            "/3",
        ] {
            assert!(bad.parse::<SecretRef>().is_err(), "{bad:?} must not parse");
        }
    }
}
