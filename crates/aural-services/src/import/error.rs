//! What can stop a scan or an import, in terms a user can act on.

use std::io;
use std::path::PathBuf;

use aural_core::ErrorCode;
use aural_db::{CardId, CardStatus};
use aural_media::MediaError;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    #[error("the library folder is not set")]
    NoLibraryRoot,
    #[error("the library folder {path} does not exist or is not a folder")]
    LibraryRootMissing { path: PathBuf },
    #[error("{path} cannot be read: {source}")]
    SourceUnreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the staging folder is not set")]
    NoStagingDir,
    #[error("import card {id} is {status} and cannot be changed")]
    CardClosed { id: CardId, status: CardStatus },
    #[error("import card {id} is being placed in the library")]
    CardInPlacement { id: CardId },
    #[error("import card {id} is {status}, not ready")]
    CardNotReady { id: CardId, status: CardStatus },
    #[error("another AuralArchive process is placing files in the library")]
    Busy,
    #[error("{setting} is not a valid naming template: {source}")]
    Template {
        setting: &'static str,
        #[source]
        source: aural_core::naming::TemplateError,
    },
    #[error("{path} has a name that is not valid Unicode")]
    NotUnicode { path: PathBuf },
    #[error("cannot use the import lock {path}")]
    Lock {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0}")]
    Media(#[from] MediaError),
    #[error("a stored import card cannot be read")]
    StoredCard(#[source] serde_json::Error),
}

impl ImportError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ImportError::NoLibraryRoot
            | ImportError::Template { .. }
            | ImportError::NotUnicode { .. }
            | ImportError::NoStagingDir => ErrorCode::Validation,
            ImportError::SourceUnreadable { source, .. } => io_code(source.kind()),
            ImportError::CardClosed { .. } | ImportError::CardInPlacement { .. } => {
                ErrorCode::Conflict
            }
            ImportError::LibraryRootMissing { .. } => ErrorCode::NotFound,
            ImportError::CardNotReady { .. } => ErrorCode::Conflict,
            ImportError::Busy => ErrorCode::Busy,
            ImportError::Lock { source, .. } => io_code(source.kind()),
            ImportError::Media(e) => media_code(e),
            ImportError::StoredCard(_) => ErrorCode::Corrupt,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            ImportError::NoLibraryRoot | ImportError::LibraryRootMissing { .. } => {
                Some("library.root")
            }
            ImportError::Template { setting, .. } => Some(setting),
            ImportError::CardNotReady { .. }
            | ImportError::CardClosed { .. }
            | ImportError::CardInPlacement { .. } => Some("card"),
            ImportError::NoStagingDir => Some("library.stagingDir"),
            ImportError::SourceUnreadable { .. } => Some("paths"),
            _ => None,
        }
    }

    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            ImportError::NoLibraryRoot | ImportError::LibraryRootMissing { .. } => {
                "Choose the library folder in Settings › Library."
            }
            ImportError::CardNotReady { .. } => {
                "Only ready cards are imported: choose a match for a pending card, or rescan."
            }
            ImportError::SourceUnreadable { .. } => {
                "Check that it still exists and can be read (is its drive connected?), then choose it again."
            }
            ImportError::NoStagingDir => "Choose the staging folder in Settings › Library.",
            ImportError::CardClosed { .. } => {
                "Imported and invalid cards keep what they are; dismiss the card or scan again."
            }
            ImportError::CardInPlacement { .. } => {
                "Wait for the import to finish; after a crash, recover unfinished imports first."
            }
            ImportError::Busy => "Wait for that import to finish, then try again.",
            ImportError::Template { .. } => "Fix the template in Settings › Library.",
            ImportError::NotUnicode { .. } => "Rename the file or folder, then scan again.",
            ImportError::Lock { .. } => "Check that the data folder is writable.",
            ImportError::Media(MediaError::DiskFull { .. }) => {
                "Free some space on the library's disk; the source files are untouched."
            }
            ImportError::Media(MediaError::VerifyFailed { .. }) => {
                "The source was kept. Check the disk, then import again."
            }
            ImportError::Media(_) => return None,
            ImportError::StoredCard(_) => "Scan the folder again to make a new card.",
        };
        Some(hint.to_owned())
    }
}

fn media_code(e: &MediaError) -> ErrorCode {
    match e {
        MediaError::DiskFull { .. } => ErrorCode::DiskFull,
        MediaError::VerifyFailed { .. } | MediaError::Tags { .. } => ErrorCode::Corrupt,
        MediaError::TargetExists { .. } => ErrorCode::Conflict,
        MediaError::Cancelled => ErrorCode::Cancelled,
        MediaError::Io { source, .. } => io_code(source.kind()),
        _ => ErrorCode::Unknown,
    }
}

fn io_code(kind: io::ErrorKind) -> ErrorCode {
    match kind {
        io::ErrorKind::NotFound => ErrorCode::NotFound,
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => ErrorCode::ReadOnly,
        io::ErrorKind::StorageFull => ErrorCode::DiskFull,
        _ => ErrorCode::Unknown,
    }
}
