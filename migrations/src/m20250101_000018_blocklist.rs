//! The blocklist (SPEC §2.5): releases not to take again, per book or for every book. The GUID
//! is stored as its SHA-256, since some indexers put a passkey in it.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

const SQLITE_SQL: &str = r#"
CREATE TABLE blocklist (
    id INTEGER PRIMARY KEY,
    book_id INTEGER REFERENCES books(id) ON DELETE CASCADE,
    indexer_id INTEGER REFERENCES providers(id) ON DELETE SET NULL,
    guid_hash TEXT,
    info_hash TEXT,
    title TEXT NOT NULL CHECK (length(title) > 0),
    title_key TEXT NOT NULL,
    reason TEXT NOT NULL
        CHECK (reason IN ('failed_download', 'import_rejected', 'user', 'bad_content')),
    created_at INTEGER NOT NULL
);
CREATE INDEX blocklist_by_book ON blocklist (book_id, created_at DESC);
CREATE INDEX blocklist_by_created ON blocklist (created_at DESC, id DESC);
-- A release is on the list once per book, however often it is rejected.
CREATE UNIQUE INDEX blocklist_once ON blocklist (
    COALESCE(book_id, 0), COALESCE(indexer_id, 0), COALESCE(guid_hash, ''),
    COALESCE(info_hash, ''), title_key
);
"#;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(SQLITE_SQL)
            .await?;
        Ok(())
    }
}
