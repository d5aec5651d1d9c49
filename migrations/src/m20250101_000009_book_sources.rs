//! Who says what about each book (SPEC §2.4): one status claim per source, so a source can
//! withdraw what it said without touching another's, and the history of status changes that the
//! book page shows and Undo reverses.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

const STATUS: &str = "('owned', 'wanted', 'downloading', 'missing', 'ignored')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "CREATE TABLE book_sources (
                book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
                source TEXT NOT NULL
                    CHECK (source IN ('user', 'list_import', 'audible', 'file_import', 'abs')),
                -- Which one of its kind (an Audible account and marketplace, a provider id).
                source_key TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL CHECK (status IN {STATUS}),
                -- When this source last changed its claim; a repeat leaves it.
                status_since INTEGER NOT NULL,
                first_seen_at INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL,
                PRIMARY KEY (book_id, source, source_key)
            ) WITHOUT ROWID"
        ))
        .await?;
        db.execute_unprepared(
            "CREATE INDEX book_sources_by_source ON book_sources (source, source_key, book_id)",
        )
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TABLE status_changes (
                id INTEGER PRIMARY KEY,
                book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
                at INTEGER NOT NULL,
                from_status TEXT NOT NULL CHECK (from_status IN {STATUS}),
                to_status TEXT NOT NULL CHECK (to_status IN {STATUS}),
                source TEXT NOT NULL,
                -- One user action over one or many books: what Undo reverses as a whole.
                batch INTEGER,
                -- The user's own claim before the action, which Undo puts back (NULL: none).
                undo_status TEXT CHECK (undo_status IN {STATUS}),
                undo_since INTEGER
            )"
        ))
        .await?;
        db.execute_unprepared(
            "CREATE INDEX status_changes_by_book ON status_changes (book_id, at DESC, id DESC)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX status_changes_by_batch ON status_changes (batch) WHERE batch IS NOT NULL",
        )
        .await?;
        // Every book so far came from list imports; its status, whatever set it, becomes that
        // source's claim, so nothing a user sees changes.
        db.execute_unprepared(
            "INSERT INTO book_sources
                 (book_id, source, source_key, status, status_since, first_seen_at, last_seen_at)
             SELECT id, 'list_import', '', status, updated_at, added_at, updated_at FROM books",
        )
        .await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
