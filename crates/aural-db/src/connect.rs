//! Opening the library database: pragmas on every pooled connection, then migrations.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use aural_core::{Clock, SystemClock, Timestamp};
use aural_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, RuntimeErr,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

use crate::error::DbError;
use crate::migration_lock;
use crate::repo::{
    AudibleAccountRepo, AuthorRepo, BlocklistRepo, BookRepo, ChangeRepo, CoverRepo, DownloadRepo,
    ImportCardRepo, ImportJournalRepo, JobRepo, ProviderRepo, SeriesRepo, StatsRepo,
};

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Negative `cache_size` values are KiB.
const CACHE_KIB: i64 = -32_768;
/// Readers run in parallel under WAL; SQLite allows one writer at a time whatever the pool size.
const POOL_SIZE: u32 = 4;

/// The open library database. Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Db {
    conn: DatabaseConnection,
    path: Arc<Path>,
    clock: Arc<dyn Clock>,
}

/// The settings SQLite reports for one pooled connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionPragmas {
    pub journal_mode: String,
    pub foreign_keys: bool,
    pub busy_timeout_ms: i64,
    /// 0 = OFF, 1 = NORMAL, 2 = FULL, 3 = EXTRA.
    pub synchronous: i64,
}

/// Opens (or creates) the SQLite file at `path` and brings its schema up to date.
///
/// Several processes (the app and CLI calls) may start on one library at once. Creating the file
/// and migrating it happen under an exclusive lock on `<path>.lock`, so one process migrates and
/// the others wait and then find the schema current; without it, two first starts both created
/// the same tables and one failed.
pub async fn connect(path: &Path) -> Result<Db, DbError> {
    let lock = migration_lock::acquire(path).await?;
    refuse_empty_file(path)?;
    let options = shared_options(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal);
    let conn = open_pool(options, path).await?;
    refuse_newer_schema(&conn, path).await?;
    Migrator::up(&conn, None)
        .await
        .map_err(|e| DbError::from_migration(e, path))?;
    drop(lock);
    Ok(Db::new(conn, path))
}

/// Opens the existing SQLite file at `path` for reading only, for a data folder that cannot be
/// written (read-only media or mount). Writes then fail with [`DbError::ReadOnly`]. The schema is
/// not migrated, so a database that needs migrations is refused with [`DbError::ReadOnlyOutdated`].
pub async fn connect_read_only(path: &Path) -> Result<Db, DbError> {
    // In a folder SQLite cannot write, a WAL database opens only while its -wal and -shm files
    // exist, or as `immutable` (https://www.sqlite.org/wal.html#readonly). `immutable` ignores the
    // -wal file, so it is used only when that file holds nothing: then the main file is complete.
    let options = shared_options(path)
        .read_only(true)
        .immutable(!has_wal_content(path));
    refuse_empty_file(path)?;
    let conn = open_pool(options, path).await?;
    refuse_newer_schema(&conn, path).await?;
    let pending = Migrator::get_pending_migrations_read_only(&conn)
        .await
        .map_err(|e| DbError::from_db(e, path))?;
    if !pending.is_empty() {
        return Err(DbError::ReadOnlyOutdated {
            path: path.to_owned(),
        });
    }
    Ok(Db::new(conn, path))
}

/// What every connection gets, whether it may write or not.
fn shared_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
        // SQLite's default page cache is 2 MiB; a 250k-book library has ~100 MiB of indexes that
        // batch imports touch at random places. 32 MiB per connection keeps their upper levels cached.
        .pragma("cache_size", CACHE_KIB.to_string())
}

async fn open_pool(
    options: SqliteConnectOptions,
    path: &Path,
) -> Result<DatabaseConnection, DbError> {
    // sqlx applies the options as pragmas each time the pool opens a connection, so no
    // connection can miss them.
    let pool = SqlitePoolOptions::new()
        .max_connections(POOL_SIZE)
        .acquire_timeout(BUSY_TIMEOUT * 2)
        .connect_with(options)
        .await
        .map_err(|e| DbError::from_db(DbErr::Conn(RuntimeErr::SqlxError(Arc::new(e))), path))?;
    Ok(DatabaseConnection::from(pool))
}

/// SQLite reads a zero-byte file as a database without tables and would make it a new, empty
/// library; a library file that lost its content (a failed copy, a full disk) must be reported
/// instead, so the user restores it rather than filling a new one. Checked under the migration lock,
/// where a file another process just created has already been written.
fn refuse_empty_file(path: &Path) -> Result<(), DbError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == 0 => Err(DbError::EmptyFile {
            path: path.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// A migration recorded in the file that this version does not have means a newer AuralArchive
/// changed the schema; reading or writing it with the older code could misread or damage it.
async fn refuse_newer_schema(conn: &DatabaseConnection, path: &Path) -> Result<(), DbError> {
    let fail = |e| DbError::from_db(e, path);
    let has_table = conn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
        ))
        .await
        .map_err(fail)?
        .is_some();
    if !has_table {
        return Ok(());
    }
    let known = aural_migrations::known_versions();
    let mut unknown = Vec::new();
    for row in conn
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT version FROM seaql_migrations ORDER BY version",
        ))
        .await
        .map_err(fail)?
    {
        let version: String = row.try_get_by_index(0).map_err(fail)?;
        if !known.contains(&version) {
            unknown.push(version);
        }
    }
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(DbError::NewerVersion {
            path: path.to_owned(),
            migrations: unknown,
        })
    }
}

fn has_wal_content(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

impl Db {
    fn new(conn: DatabaseConnection, path: &Path) -> Db {
        Db {
            conn,
            path: Arc::from(path),
            clock: Arc::new(SystemClock),
        }
    }

    /// Replaces the clock that stamps writes (tests use a fixed one).
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Db {
        Db { clock, ..self }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes every pooled connection. When the last connection to a library closes, SQLite copies
    /// the write-ahead log into `library.db` and removes it, so the file alone is a whole copy.
    /// Clones of this `Db` fail their queries afterwards.
    pub async fn close(&self) -> Result<(), DbError> {
        self.conn.close_by_ref().await.map_err(|e| self.fail(e))
    }

    pub fn books(&self) -> BookRepo<'_> {
        BookRepo::new(self)
    }

    pub fn authors(&self) -> AuthorRepo<'_> {
        AuthorRepo::new(self)
    }

    pub fn series(&self) -> SeriesRepo<'_> {
        SeriesRepo::new(self)
    }

    pub fn stats(&self) -> StatsRepo<'_> {
        StatsRepo::new(self)
    }

    pub fn jobs(&self) -> JobRepo<'_> {
        JobRepo::new(self)
    }

    pub fn changes(&self) -> ChangeRepo<'_> {
        ChangeRepo::new(self)
    }

    pub fn providers(&self) -> ProviderRepo<'_> {
        ProviderRepo::new(self)
    }

    pub fn covers(&self) -> CoverRepo<'_> {
        CoverRepo::new(self)
    }

    pub fn audible_accounts(&self) -> AudibleAccountRepo<'_> {
        AudibleAccountRepo::new(self)
    }

    pub fn blocklist(&self) -> BlocklistRepo<'_> {
        BlocklistRepo::new(self)
    }

    pub fn downloads(&self) -> DownloadRepo<'_> {
        DownloadRepo::new(self)
    }

    pub fn import_cards(&self) -> ImportCardRepo<'_> {
        ImportCardRepo::new(self)
    }

    pub fn import_journal(&self) -> ImportJournalRepo<'_> {
        ImportJournalRepo::new(self)
    }

    /// Reads the pragmas of every connection the pool can hold, holding them all at once so each
    /// answer comes from a different connection. For diagnostics (Settings › Advanced) and tests.
    pub async fn connection_pragmas(&self) -> Result<Vec<ConnectionPragmas>, DbError> {
        let mut held = Vec::new();
        for _ in 0..POOL_SIZE {
            held.push(self.conn.begin().await.map_err(|e| self.fail(e))?);
        }
        let mut out = Vec::with_capacity(held.len());
        for tx in &held {
            out.push(ConnectionPragmas {
                journal_mode: pragma(tx, "journal_mode").await.map_err(|e| self.fail(e))?,
                foreign_keys: pragma::<i64>(tx, "foreign_keys")
                    .await
                    .map_err(|e| self.fail(e))?
                    == 1,
                busy_timeout_ms: pragma(tx, "busy_timeout").await.map_err(|e| self.fail(e))?,
                synchronous: pragma(tx, "synchronous").await.map_err(|e| self.fail(e))?,
            });
        }
        for tx in held {
            tx.rollback().await.map_err(|e| self.fail(e))?;
        }
        Ok(out)
    }

    pub(crate) fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub(crate) fn fail(&self, err: DbErr) -> DbError {
        DbError::from_db(err, &self.path)
    }

    /// Commits a transaction whose work succeeded, rolls it back otherwise.
    pub(crate) async fn finish<T>(
        &self,
        tx: DatabaseTransaction,
        result: Result<T, DbErr>,
    ) -> Result<T, DbError> {
        match result {
            Ok(value) => {
                tx.commit().await.map_err(|e| self.fail(e))?;
                Ok(value)
            }
            Err(e) => {
                let err = self.fail(e);
                tx.rollback().await.map_err(|e| self.fail(e))?;
                Err(err)
            }
        }
    }

    /// A write transaction that takes the write lock at `BEGIN`: a deferred one that reads first
    /// would fail with SQLITE_BUSY instead of waiting when another writer got there in between.
    pub(crate) async fn begin_write(&self) -> Result<DatabaseTransaction, DbError> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        self.conn
            .begin_with_options(options)
            .await
            .map_err(|e| self.fail(e))
    }
}

async fn pragma<T: sea_orm::TryGetable>(
    conn: &DatabaseTransaction,
    name: &str,
) -> Result<T, DbErr> {
    let stmt = Statement::from_string(DbBackend::Sqlite, format!("PRAGMA {name}"));
    let row = conn
        .query_one_raw(stmt)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("PRAGMA {name}")))?;
    row.try_get_by_index(0)
}
