//! What can stop an account operation, in terms a user can act on.

use std::path::PathBuf;

use aural_audible::AudibleError;
use aural_audible::auth_file::AuthFileError;
use aural_core::ErrorCode;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AudibleAccountError {
    #[error("{path}: {source}")]
    AuthFile {
        path: PathBuf,
        #[source]
        source: AuthFileError,
    },
    #[error("{path} is not a regular file")]
    NotAFile { path: PathBuf },
    #[error("{path} is {size} bytes, too large for an auth file")]
    TooLarge { path: PathBuf, size: u64 },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the account of {customer} in marketplace {marketplace} is already here, as {label:?}")]
    AlreadyAdded {
        customer: String,
        marketplace: String,
        label: String,
    },
    #[error("no Audible account matches {0:?}")]
    NotFound(String),
    #[error("the stored sign-in of {label:?} is missing or unreadable")]
    SecretMissing { label: String },
    #[error("could not deregister the device of {label:?}: {source}")]
    Deregister {
        label: String,
        #[source]
        source: AudibleError,
    },
}

impl AudibleAccountError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AudibleAccountError::AuthFile { .. }
            | AudibleAccountError::NotAFile { .. }
            | AudibleAccountError::TooLarge { .. } => ErrorCode::Validation,
            AudibleAccountError::Read { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => ErrorCode::NotFound,
                _ => ErrorCode::Unknown,
            },
            AudibleAccountError::AlreadyAdded { .. } => ErrorCode::Conflict,
            AudibleAccountError::NotFound(_) => ErrorCode::NotFound,
            AudibleAccountError::SecretMissing { .. } => ErrorCode::Corrupt,
            AudibleAccountError::Deregister { .. } => ErrorCode::Unreachable,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            AudibleAccountError::AuthFile { .. }
            | AudibleAccountError::NotAFile { .. }
            | AudibleAccountError::TooLarge { .. }
            | AudibleAccountError::Read { .. } => Some("file"),
            AudibleAccountError::NotFound(_) => Some("account"),
            _ => None,
        }
    }

    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            AudibleAccountError::AuthFile { .. } => {
                "Export the file again with audible-cli (`audible manage auth-file`), or sign in instead."
            }
            AudibleAccountError::NotAFile { .. } | AudibleAccountError::TooLarge { .. } => {
                "Choose the .json auth file audible-cli wrote (usually in ~/.audible)."
            }
            AudibleAccountError::AlreadyAdded { .. } => {
                "Remove that account first to import it again."
            }
            AudibleAccountError::NotFound(_) => "List the accounts to see their ids and labels.",
            AudibleAccountError::SecretMissing { .. } => {
                "Remove the account here only (keeping the device), then sign in again."
            }
            AudibleAccountError::Deregister { .. } => {
                "Check the connection and try again, or remove it here only (keeping the device registered at Amazon)."
            }
            AudibleAccountError::Read { .. } => return None,
        };
        Some(hint.to_owned())
    }
}
