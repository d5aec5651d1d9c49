//! Errors of the service layer: each says what happened and, through `hint`, what the user can do.

use std::io;
use std::path::PathBuf;

use aural_clients::ClientError;
use aural_core::provider::SettingsError;
use aural_core::{
    DownloadId, DownloadState, ErrorCode, IllegalTransition, ProviderFamily, ProviderId,
    ProviderKind, StatusChangeError,
};
use aural_db::{DbError, TransitionError};

use crate::secrets::SecretError;

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
    /// An export to `path` would destroy something or cannot work; `reason` says which.
    #[error("will not export to {path}: {reason}")]
    ExportRefused { path: PathBuf, reason: String },
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
    #[error("there is no status change {0} to undo")]
    StatusChangeNotFound(i64),
    #[error("there is no blocklist entry {0}")]
    BlocklistEntryNotFound(i64),
    #[error("release {0} is not among the releases found lately")]
    ReleaseGone(String),
    #[error("could not fetch the release: {0}")]
    ReleaseFetch(#[source] aural_indexers::IndexerError),
    /// A value the user gave that cannot be used, naming its field.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("the job was cancelled")]
    Cancelled,
    #[error("the reader of {path} stopped reading before the list was complete")]
    ReaderGone { path: PathBuf },
    #[error("job {0} is not run by this process")]
    JobElsewhere(aural_core::JobId),
    #[error("the job stopped unexpectedly: {0}")]
    JobPanicked(String),
    #[error(transparent)]
    Secrets(#[from] crate::secrets::SecretError),
    #[error("no {} matches {key}", family.noun())]
    ProviderNotFound { family: ProviderFamily, key: String },
    #[error("{0}")]
    ProviderSettings(#[from] SettingsError),
    #[error("{} is {}, not {}", kind.label(), kind.family().one(), family.one())]
    WrongFamily {
        kind: ProviderKind,
        family: ProviderFamily,
    },
    #[error("{} takes no secret", .0.label())]
    SecretNotUsed(ProviderKind),
    #[error("the settings of {name:?} (provider {id}) no longer parse")]
    ProviderNeedsAttention { name: String, id: ProviderId },
    #[error("testing {} is not available yet", .0.label())]
    TestUnavailable(ProviderKind),
    #[error("{var} is not an http(s) URL ({reason}): {value:?}")]
    ServiceUrl {
        var: &'static str,
        value: String,
        reason: String,
    },
    #[error(transparent)]
    Http(#[from] aural_http::HttpError),
    #[error("the background work of this process has already started")]
    SupervisorStarted,
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
    #[error("there is no download {0}")]
    DownloadNotFound(DownloadId),
    #[error(transparent)]
    DownloadTransition(#[from] IllegalTransition),
    /// Someone else (the monitor, another window, the CLI) moved it first.
    #[error("download {id} is {actual} now, no longer {expected}")]
    DownloadMoved {
        id: DownloadId,
        expected: DownloadState,
        actual: DownloadState,
    },
    /// The same release (or another one for the same book) is already downloading.
    #[error("download {existing} already gets this")]
    DuplicateDownload { existing: DownloadId },
    /// The download has no client to talk to (never sent, or its client was removed).
    #[error("download {0} is not in a download client")]
    NotInClient(DownloadId),
    #[error("{client}: {source}")]
    DownloadClient {
        /// The provider's name.
        client: String,
        #[source]
        source: ClientError,
    },
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    #[error(transparent)]
    AudibleAccount(#[from] crate::audible::AudibleAccountError),
}

impl From<TransitionError> for ServiceError {
    fn from(err: TransitionError) -> ServiceError {
        match err {
            TransitionError::Illegal(e) => ServiceError::DownloadTransition(e),
            TransitionError::Moved {
                id,
                expected,
                actual,
            } => ServiceError::DownloadMoved {
                id,
                expected,
                actual,
            },
            TransitionError::Db(DbError::NotFound { key, .. }) => match key.parse() {
                Ok(id) => ServiceError::DownloadNotFound(id),
                Err(_) => ServiceError::Db(DbError::NotFound {
                    entity: "download",
                    key,
                }),
            },
            TransitionError::Db(e) => ServiceError::Db(e),
        }
    }
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
            | ServiceError::ExportRefused { .. }
            | ServiceError::UnknownSetting { .. }
            | ServiceError::SettingValue { .. }
            | ServiceError::Invalid { .. }
            | ServiceError::ServiceUrl { .. } => ErrorCode::Validation,
            ServiceError::Http(e) => http_code(e),
            ServiceError::BookNotFound(_)
            | ServiceError::AuthorNotFound(_)
            | ServiceError::SeriesNotFound(_)
            | ServiceError::StatusChangeNotFound(_)
            | ServiceError::BlocklistEntryNotFound(_)
            | ServiceError::ReleaseGone(_) => ErrorCode::NotFound,
            ServiceError::ReleaseFetch(aural_indexers::IndexerError::Http(e)) => http_code(e),
            ServiceError::ReleaseFetch(_) => ErrorCode::Unknown,
            ServiceError::Cancelled | ServiceError::ReaderGone { .. } => ErrorCode::Cancelled,
            ServiceError::JobElsewhere(_) | ServiceError::DuplicateJob { .. } => {
                ErrorCode::Conflict
            }
            ServiceError::JoinedJobFailed { code, .. } => *code,
            ServiceError::Import(e) => e.code(),
            ServiceError::AudibleAccount(e) => e.code(),
            ServiceError::Secrets(e) => secret_code(e),
            ServiceError::ProviderNotFound { .. } => ErrorCode::NotFound,
            ServiceError::ProviderSettings(_)
            | ServiceError::WrongFamily { .. }
            | ServiceError::SecretNotUsed(_)
            | ServiceError::ProviderNeedsAttention { .. } => ErrorCode::Validation,
            ServiceError::TestUnavailable(_) => ErrorCode::Unsupported,
            ServiceError::NoDataDir
            | ServiceError::JobPanicked(_)
            | ServiceError::SupervisorStarted => ErrorCode::Unknown,
            ServiceError::DownloadNotFound(_) => ErrorCode::NotFound,
            ServiceError::DownloadTransition(_)
            | ServiceError::DownloadMoved { .. }
            | ServiceError::DuplicateDownload { .. }
            | ServiceError::NotInClient(_) => ErrorCode::Conflict,
            ServiceError::DownloadClient { source, .. } => client_code(source),
        }
    }

    /// The input the error is about, so a form can put the message next to it.
    pub fn field(&self) -> Option<&str> {
        match self {
            ServiceError::StatusChange(_) => Some("status"),
            ServiceError::UnknownSetting { key, .. } | ServiceError::SettingValue { key, .. } => {
                Some(key)
            }
            ServiceError::ListFormat { .. } | ServiceError::ExportRefused { .. } => Some("file"),
            ServiceError::ProviderSettings(e) => Some(&e.field),
            ServiceError::WrongFamily { .. } => Some("kind"),
            ServiceError::SecretNotUsed(_) => Some("secret"),
            ServiceError::ProviderNeedsAttention { .. } => Some("settings"),
            ServiceError::BookNotFound(_) => Some("book"),
            ServiceError::Invalid { field, .. } => Some(field),
            ServiceError::AuthorNotFound(_) => Some("author"),
            ServiceError::SeriesNotFound(_) => Some("series"),
            ServiceError::Import(e) => e.field(),
            ServiceError::AudibleAccount(e) => e.field(),
            ServiceError::NoDataDir
            | ServiceError::DataDir { .. }
            | ServiceError::SaveDataFile { .. } => Some("dataDir"),
            _ => None,
        }
    }

    /// What to do, in words that fit every front end; the CLI adds its own commands and flags by
    /// code and field (`aural-cli`'s hints), the window its own buttons.
    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            ServiceError::NoDataDir => "Set AURALARCHIVE_DATA_DIR to choose a folder.".to_owned(),
            ServiceError::DataDir { .. } | ServiceError::SaveDataFile { .. } => match self.code() {
                ErrorCode::ReadOnly => {
                    "Make the folder writable, or use a writable data folder.".to_owned()
                }
                ErrorCode::DiskFull => "Free some disk space, then try again.".to_owned(),
                _ => "Check that the folder exists and is writable, or use another data folder.".to_owned(),
            },
            // The database's messages already say what to do.
            ServiceError::Db(_) => return None,
            ServiceError::StatusChange(e) => e.hint.to_owned(),
            ServiceError::ReadFile { .. } => "Check that the file exists and that you may read it.".to_owned(),
            ServiceError::WriteFile { .. } => match self.code() {
                ErrorCode::DiskFull => "Free some disk space, then export again.".to_owned(),
                _ => "Choose a folder you may write to.".to_owned(),
            },
            ServiceError::ExportRefused { .. } => {
                "Choose another file outside the data folder: a new or existing file, a FIFO, a character device, or - for standard output.".to_owned()
            }
            ServiceError::ListFormat { .. } => {
                "Use a CSV or JSON file with the columns asin, title, authors, … or an export from Libation.".to_owned()
            }
            ServiceError::UnknownSetting { known, .. } => {
                format!("Known settings: {}.", known.join(", "))
            }
            ServiceError::SettingValue { .. } => return None,
            ServiceError::BookNotFound(_) => "Search the library to find the book.".to_owned(),
            ServiceError::AuthorNotFound(_) => "Search the authors to find the author.".to_owned(),
            ServiceError::SeriesNotFound(_) => "Search the series to find it.".to_owned(),
            ServiceError::StatusChangeNotFound(_) => {
                "Undo takes the number a status change printed or returned.".to_owned()
            }
            ServiceError::BlocklistEntryNotFound(_) => {
                "It may have been removed already; list the blocklist to see what is on it."
                    .to_owned()
            }
            ServiceError::Invalid { .. } => return None,
            ServiceError::ReleaseGone(_) => {
                "Found releases are kept for two hours by the process that searched: search again."
                    .to_owned()
            }
            ServiceError::ReleaseFetch(_) => {
                "The indexer may be down or the link expired: search again, or try another release."
                    .to_owned()
            }
            ServiceError::Cancelled | ServiceError::ReaderGone { .. } => return None,
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
            ServiceError::JobPanicked(_) | ServiceError::SupervisorStarted => {
                "This is a bug; the log in the data folder has the details.".to_owned()
            }
            ServiceError::Secrets(e) => return secret_hint(e),
            ServiceError::ProviderNotFound { family, .. } => {
                format!("The list of {}s shows each one's id and name.", family.noun())
            }
            ServiceError::ProviderSettings(_) => return None,
            ServiceError::WrongFamily { kind, .. } => {
                format!("Add it among the {}s.", kind.family().noun())
            }
            ServiceError::SecretNotUsed(_) => "Leave out the API key and password.".to_owned(),
            ServiceError::ProviderNeedsAttention { .. } => {
                "An update changed what these settings hold: edit the provider and enter them again. \
                 Its secret is kept."
                    .to_owned()
            }
            ServiceError::TestUnavailable(kind) => {
                format!("The provider is saved; {} support arrives in a later version.", kind.label())
            }
            ServiceError::ServiceUrl { var, .. } => {
                format!("Set {var} to a URL such as https://host:port/, or unset it to use the service's own address.")
            }
            // The service that made the request knows what the user should check.
            ServiceError::Http(_) => return None,
            ServiceError::DownloadNotFound(_) => {
                "The Downloads page lists every download with its number.".to_owned()
            }
            ServiceError::DownloadTransition(_) | ServiceError::DownloadMoved { .. } => {
                "Look at the download again: its state has the actions that are possible now.".to_owned()
            }
            ServiceError::DuplicateDownload { .. } => {
                "Follow that download on the Downloads page, or cancel it first.".to_owned()
            }
            ServiceError::NotInClient(_) => return None,
            ServiceError::DownloadClient { source, .. } => return client_hint(source),
            ServiceError::Import(e) => return e.hint(),
            ServiceError::AudibleAccount(e) => return e.hint(),
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

fn secret_code(err: &SecretError) -> ErrorCode {
    match err {
        SecretError::KeychainUnavailable { .. } => ErrorCode::Unreachable,
        SecretError::KeychainLocked { .. } => ErrorCode::AuthRequired,
        SecretError::CorruptFile { .. } | SecretError::Mismatch { .. } => ErrorCode::Corrupt,
        SecretError::File { source, .. } => io_code(source),
        SecretError::KeychainRefused { .. } | SecretError::Panicked(_) => ErrorCode::Unknown,
    }
}

fn secret_hint(err: &SecretError) -> Option<String> {
    let hint = match err {
        SecretError::KeychainUnavailable { .. } => {
            "Start the system keychain (on Linux, a Secret Service such as GNOME Keyring or KeePassXC) and try again; \
             nothing was changed."
        }
        SecretError::KeychainLocked { .. } => {
            "Unlock the system keychain and try again; nothing was changed."
        }
        SecretError::KeychainRefused { .. } | SecretError::Panicked(_) => {
            "This is a bug; the log in the data folder has the details."
        }
        SecretError::CorruptFile { kept: Some(_), .. } => {
            "The damaged file was kept so nothing is lost. Enter the affected passwords and API keys again, \
             or repair the kept file and rename it back to secrets.json."
        }
        SecretError::CorruptFile { kept: None, .. } => {
            "Repair or move the file away, then enter the affected passwords and API keys again."
        }
        SecretError::Mismatch { .. } => "Enter this secret again to store it in the current form.",
        SecretError::File { .. } => "Check that the data folder exists and is writable.",
    };
    Some(hint.to_owned())
}

fn client_code(err: &ClientError) -> ErrorCode {
    match err {
        ClientError::Unreachable { .. } | ClientError::Transport { .. } => ErrorCode::Unreachable,
        ClientError::Timeout { .. } => ErrorCode::Timeout,
        ClientError::Auth { .. } | ClientError::Banned { .. } => ErrorCode::AuthFailed,
        ClientError::NotFound { .. } => ErrorCode::NotFound,
        ClientError::InvalidUrl(_)
        | ClientError::WrongSource { .. }
        | ClientError::InvalidTorrent(_)
        | ClientError::InvalidMagnet
        | ClientError::Rejected { .. } => ErrorCode::Validation,
        _ => ErrorCode::Unknown,
    }
}

fn client_hint(err: &ClientError) -> Option<String> {
    let hint = match err {
        ClientError::Unreachable { .. }
        | ClientError::Transport { .. }
        | ClientError::Timeout { .. }
        | ClientError::NotTheClient { .. }
        | ClientError::InvalidUrl(_) => {
            "Check that the client is running and its URL in Settings › Download clients."
        }
        ClientError::Auth { .. } => {
            "Check the user name and password in Settings › Download clients."
        }
        ClientError::Banned { .. } => {
            "Wait for the ban to end (an hour by default) or restart the client, then check the password."
        }
        ClientError::WrongSource { .. } => "Choose a client of the release's kind.",
        ClientError::InvalidTorrent(_) | ClientError::InvalidMagnet => "Choose another release.",
        _ => return None,
    };
    Some(hint.to_owned())
}

fn http_code(err: &aural_http::HttpError) -> ErrorCode {
    use aural_http::HttpError;
    match err {
        HttpError::Unreachable { .. } => ErrorCode::Unreachable,
        HttpError::Timeout { .. } => ErrorCode::Timeout,
        HttpError::RateLimited { .. } => ErrorCode::RateLimited,
        HttpError::Cancelled => ErrorCode::Cancelled,
        HttpError::Status { status: 404, .. } => ErrorCode::NotFound,
        _ => ErrorCode::Unknown,
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
