//! Errors of the service layer: each says what happened and, through `hint`, what the user can do.

use std::io;
use std::path::PathBuf;

use aural_core::{ErrorCode, StatusChangeError};
use aural_db::DbError;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    #[error("could not find a data folder for AuralArchive on this system")]
    NoDataDir,
    #[error("cannot use the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    StatusChange(#[from] StatusChangeError),
    #[error("cannot read {path}: {source}")]
    ReadFile {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot write {path}: {source}")]
    WriteFile {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A file of the data folder (`what`: "settings", "secrets") could not be replaced.
    #[error("cannot save the {what} to {path}: {source}")]
    SaveDataFile {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path} is not a library list: {reason}")]
    ListFormat { path: PathBuf, reason: String },
    #[error("unknown setting {key:?}")]
    UnknownSetting { key: String, known: Vec<String> },
    #[error("{key}: {message}")]
    SettingValue { key: String, message: String },
    #[error("no book matches {0:?}")]
    BookNotFound(String),
    #[error("no author matches {0:?}")]
    AuthorNotFound(String),
    #[error("no series matches {0:?}")]
    SeriesNotFound(String),
    #[error("the job was cancelled")]
    Cancelled,
    #[error("job {0} is not run by this process")]
    JobElsewhere(aural_core::JobId),
    #[error("the job stopped unexpectedly: {0}")]
    JobPanicked(String),
    #[error("job {id} is already {doing}")]
    DuplicateJob {
        id: aural_core::JobId,
        doing: String,
    },
    /// The job this request joined, rather than starting the same work twice, failed.
    #[error("job {id}, which was already doing this, failed: {message}")]
    JoinedJobFailed {
        id: aural_core::JobId,
        code: ErrorCode,
        message: String,
    },
    #[error("the secret store failed: {0}")]
    Secrets(String),
}

impl ServiceError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Db(e) => e.code(),
            ServiceError::DataDir { source, .. }
            | ServiceError::ReadFile { source, .. }
            | ServiceError::WriteFile { source, .. }
            | ServiceError::SaveDataFile { source, .. } => io_code(source),
            ServiceError::StatusChange(_)
            | ServiceError::ListFormat { .. }
            | ServiceError::UnknownSetting { .. }
            | ServiceError::SettingValue { .. } => ErrorCode::Validation,
            ServiceError::BookNotFound(_)
            | ServiceError::AuthorNotFound(_)
            | ServiceError::SeriesNotFound(_) => ErrorCode::NotFound,
            ServiceError::Cancelled => ErrorCode::Cancelled,
            ServiceError::JobElsewhere(_) | ServiceError::DuplicateJob { .. } => {
                ErrorCode::Conflict
            }
            ServiceError::JoinedJobFailed { code, .. } => *code,
            ServiceError::NoDataDir | ServiceError::JobPanicked(_) | ServiceError::Secrets(_) => {
                ErrorCode::Unknown
            }
        }
    }

    /// The input the error is about, so a form can put the message next to it.
    pub fn field(&self) -> Option<&str> {
        match self {
            ServiceError::StatusChange(_) => Some("status"),
            ServiceError::UnknownSetting { key, .. } | ServiceError::SettingValue { key, .. } => {
                Some(key)
            }
            ServiceError::ListFormat { .. } => Some("file"),
            _ => None,
        }
    }

    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            ServiceError::NoDataDir => "Set AURALARCHIVE_DATA_DIR or pass --data-dir to choose a folder.".to_owned(),
            ServiceError::DataDir { .. } | ServiceError::SaveDataFile { .. } => match self.code() {
                ErrorCode::ReadOnly => {
                    "Make the folder writable or point AURALARCHIVE_DATA_DIR (or --data-dir) at a writable folder."
                        .to_owned()
                }
                ErrorCode::DiskFull => "Free some disk space, then try again.".to_owned(),
                _ => "Check that the folder exists and is writable, or choose another with --data-dir.".to_owned(),
            },
            // The database's messages already say what to do.
            ServiceError::Db(_) => return None,
            ServiceError::StatusChange(e) => e.hint.to_owned(),
            ServiceError::ReadFile { .. } => "Check that the file exists and that you may read it.".to_owned(),
            ServiceError::WriteFile { .. } => match self.code() {
                ErrorCode::DiskFull => "Free some disk space, then export again.".to_owned(),
                _ => "Choose a folder you may write to.".to_owned(),
            },
            ServiceError::ListFormat { .. } => {
                "Use a CSV or JSON file with the columns asin, title, authors, … or an export from Libation.".to_owned()
            }
            ServiceError::UnknownSetting { known, .. } => {
                format!("Known settings: {}. `settings list` shows them all.", known.join(", "))
            }
            ServiceError::SettingValue { .. } => "`settings list` shows each setting with its current value.".to_owned(),
            ServiceError::BookNotFound(_) => "`books list --query TEXT` finds a book's id.".to_owned(),
            ServiceError::AuthorNotFound(_) => "`authors list --query TEXT` finds an author's id.".to_owned(),
            ServiceError::SeriesNotFound(_) => "`series list --query TEXT` finds a series' id.".to_owned(),
            ServiceError::Cancelled => return None,
            ServiceError::JobElsewhere(_) => {
                "It was started by another AuralArchive process, such as auralarchive-cli: stop it there. \
                 If that process is gone, the job is marked interrupted at the next start of the app."
                    .to_owned()
            }
            ServiceError::DuplicateJob { .. } => {
                "Wait for it to finish, or cancel it and start again.".to_owned()
            }
            ServiceError::JoinedJobFailed { .. } => {
                "Its entry in the activity list has the details; try again.".to_owned()
            }
            ServiceError::JobPanicked(_) => "This is a bug; the log in the data folder has the details.".to_owned(),
            ServiceError::Secrets(_) => "Check that the system keyring is unlocked.".to_owned(),
        };
        Some(hint)
    }

    pub(crate) fn data_dir(path: &std::path::Path, source: io::Error) -> ServiceError {
        ServiceError::DataDir {
            path: path.to_path_buf(),
            source,
        }
    }
}

pub(crate) fn io_code(err: &io::Error) -> ErrorCode {
    match err.kind() {
        io::ErrorKind::NotFound => ErrorCode::NotFound,
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => ErrorCode::ReadOnly,
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => ErrorCode::DiskFull,
        _ => ErrorCode::Unknown,
    }
}
