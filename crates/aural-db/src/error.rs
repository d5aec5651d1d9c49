//! The one error type of the crate, with SQLite result codes turned into cases a caller can act on.

use std::path::{Path, PathBuf};

use aural_core::ErrorCode;
use sea_orm::sqlx;
use sea_orm::{DbErr, RuntimeErr};

// SQLite primary result codes, https://www.sqlite.org/rescode.html
const SQLITE_BUSY: i32 = 5;
const SQLITE_READONLY: i32 = 8;
const SQLITE_CORRUPT: i32 = 11;
const SQLITE_FULL: i32 = 13;
const SQLITE_CANTOPEN: i32 = 14;
const SQLITE_NOTADB: i32 = 26;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DbError {
    #[error("{entity} {key} does not exist")]
    NotFound { entity: &'static str, key: String },
    #[error("{field}: {message}")]
    Validation {
        field: &'static str,
        message: String,
    },
    #[error("{message}")]
    Conflict {
        message: String,
        #[source]
        source: DbErr,
    },
    #[error(
        "{} is not a SQLite database: move it away or point AURALARCHIVE_DATA_DIR at another folder",
        path.display()
    )]
    NotADatabase { path: PathBuf },
    #[error(
        "cannot write the library database at {}: it or its folder is read-only; make them writable, or point AURALARCHIVE_DATA_DIR at another folder",
        path.display()
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "the library database at {} must be brought up to date, which needs write access: make it and its folder writable, or point AURALARCHIVE_DATA_DIR at another folder",
        path.display()
    )]
    ReadOnlyOutdated { path: PathBuf },
    #[error(
        "cannot open or create the library database at {}: check that the folder exists and is writable, or point AURALARCHIVE_DATA_DIR at another folder",
        path.display()
    )]
    CannotOpen {
        path: PathBuf,
        #[source]
        source: DbErr,
    },
    #[error("the disk holding {} is full: free some space and try again", path.display())]
    DiskFull { path: PathBuf },
    #[error("the library database at {} stayed locked by another program for more than 5 s: try again", path.display())]
    Busy { path: PathBuf },
    #[error("the library database at {} is damaged: restore a backup or move it away", path.display())]
    Corrupt { path: PathBuf },
    #[error(
        "cannot open or create the library database at {}: its lock file cannot be used ({source}); check that the folder exists and is writable, or point AURALARCHIVE_DATA_DIR at another folder",
        path.display()
    )]
    LockFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the library database at {} is an empty file (0 bytes), not a library: restore it from a backup, or move it away to start a new library",
        path.display()
    )]
    EmptyFile { path: PathBuf },
    #[error(
        "the library database at {} was made by a newer version of AuralArchive; upgrade AuralArchive to open it (unknown changes: {})",
        path.display(),
        migrations.join(", ")
    )]
    NewerVersion {
        path: PathBuf,
        migrations: Vec<String>,
    },
    #[error("the library database at {} could not be brought up to date", path.display())]
    Migration {
        path: PathBuf,
        #[source]
        source: DbErr,
    },
    #[error("database error")]
    Other(#[source] DbErr),
}

impl DbError {
    pub fn code(&self) -> ErrorCode {
        match self {
            DbError::NotFound { .. } => ErrorCode::NotFound,
            DbError::Validation { .. } => ErrorCode::Validation,
            DbError::Conflict { .. } => ErrorCode::Conflict,
            DbError::ReadOnly { .. }
            | DbError::ReadOnlyOutdated { .. }
            | DbError::CannotOpen { .. } => ErrorCode::ReadOnly,
            DbError::LockFile { source, .. } => match source.kind() {
                std::io::ErrorKind::StorageFull => ErrorCode::DiskFull,
                _ => ErrorCode::ReadOnly,
            },
            DbError::NewerVersion { .. } => ErrorCode::Conflict,
            DbError::EmptyFile { .. } => ErrorCode::Corrupt,
            DbError::DiskFull { .. } => ErrorCode::DiskFull,
            DbError::Busy { .. } => ErrorCode::Busy,
            DbError::NotADatabase { .. } | DbError::Corrupt { .. } => ErrorCode::Corrupt,
            DbError::Migration { .. } | DbError::Other(_) => ErrorCode::Unknown,
        }
    }

    /// Classifies a sea-orm error by its SQLite result code; `path` names the database in the message.
    pub(crate) fn from_db(err: DbErr, path: &Path) -> DbError {
        let path = path.to_owned();
        if matches!(err, DbErr::ConnectionAcquire(_)) {
            return DbError::Busy { path };
        }
        match sqlite_code(&err).map(|code| code & 0xff) {
            Some(SQLITE_BUSY) => DbError::Busy { path },
            Some(SQLITE_READONLY) => DbError::ReadOnly { path },
            Some(SQLITE_CORRUPT) => DbError::Corrupt { path },
            Some(SQLITE_FULL) => DbError::DiskFull { path },
            Some(SQLITE_CANTOPEN) => DbError::CannotOpen { path, source: err },
            Some(SQLITE_NOTADB) => DbError::NotADatabase { path },
            _ if is_unique_violation(&err) => DbError::Conflict {
                message: "the value is already used by another row".to_owned(),
                source: err,
            },
            _ => DbError::Other(err),
        }
    }

    /// Like [`DbError::from_db`], but an error without a more specific meaning is a failed migration.
    pub(crate) fn from_migration(err: DbErr, path: &Path) -> DbError {
        match DbError::from_db(err, path) {
            DbError::Other(source) => DbError::Migration {
                path: path.to_owned(),
                source,
            },
            specific => specific,
        }
    }
}

fn sqlx_error(err: &DbErr) -> Option<&sqlx::Error> {
    match err {
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => Some(e.as_ref()),
        _ => None,
    }
}

/// The extended SQLite result code, when the error came from SQLite itself.
fn sqlite_code(err: &DbErr) -> Option<i32> {
    match sqlx_error(err)? {
        sqlx::Error::Database(e) => e.code()?.parse().ok(),
        _ => None,
    }
}

fn is_unique_violation(err: &DbErr) -> bool {
    matches!(sqlx_error(err), Some(sqlx::Error::Database(e)) if e.is_unique_violation())
}
