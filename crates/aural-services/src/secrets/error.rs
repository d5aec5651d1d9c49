//! What can go wrong with a secret. No variant ever carries a secret value: serde's messages can
//! quote the value they choke on, so only positions and type names are kept.

use std::io;
use std::path::PathBuf;

use aural_core::SecretRef;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// No keychain service answers any more (on Linux: the Secret Service left the session bus).
    #[error("the system keychain is not available: {detail}")]
    KeychainUnavailable { detail: String },
    #[error("the system keychain is locked: {detail}")]
    KeychainLocked { detail: String },
    /// The keychain answered but refused this entry (a name too long, several matching entries).
    #[error("the system keychain refused the secret {key}: {detail}")]
    KeychainRefused { key: SecretRef, detail: String },
    /// `secrets.json` does not parse. It is moved aside (never overwritten) when the folder allows.
    #[error(
        "the secrets file {} is damaged at line {line}, column {column}{}",
        path.display(),
        kept_note(kept)
    )]
    CorruptFile {
        path: PathBuf,
        kept: Option<PathBuf>,
        line: usize,
        column: usize,
    },
    /// The stored value is not of the type asked for, e.g. after an upgrade changed its shape.
    #[error("the secret {key} is not stored as the {expected} this version expects")]
    Mismatch {
        key: SecretRef,
        expected: &'static str,
    },
    #[error("cannot use the secrets file {}: {source}", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the secret store stopped unexpectedly: {0}")]
    Panicked(String),
}

fn kept_note(kept: &Option<PathBuf>) -> String {
    match kept {
        Some(k) => format!("; it was kept as {}", k.display()),
        None => String::new(),
    }
}

impl SecretError {
    pub(crate) fn file(path: &std::path::Path) -> impl FnOnce(io::Error) -> SecretError + '_ {
        move |source| SecretError::File {
            path: path.to_path_buf(),
            source,
        }
    }
}
