//! The import pipeline (SPEC §7): the cards a scan makes, the files a placed book holds, and the
//! journal that makes placing them crash-safe — one row per file, moved through its steps, so a
//! start after a crash knows for each file whether to finish or undo what was begun.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TABLE import_cards (
                id INTEGER PRIMARY KEY,
                -- The book's folder, or the file chosen on its own: a rescan updates its card.
                root TEXT NOT NULL,
                -- JSON: the book's audio parts and companions in play order.
                files TEXT NOT NULL,
                -- JSON: what tags and folder names say of the book.
                detected TEXT NOT NULL,
                match_book_id INTEGER REFERENCES books(id) ON DELETE SET NULL,
                match_asin TEXT,
                confidence INTEGER CHECK (confidence BETWEEN 0 AND 100),
                -- JSON: the best match's reasons, then every candidate with its own.
                reasons TEXT NOT NULL DEFAULT '[]',
                candidates TEXT NOT NULL DEFAULT '[]',
                status TEXT NOT NULL CHECK (status IN
                    ('ready', 'pending', 'missing_metadata', 'invalid', 'error', 'imported')),
                -- The book's folder relative to the library root, once placed or previewed.
                target TEXT,
                error TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            )",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX import_cards_open_root ON import_cards (root) \
             WHERE status <> 'imported'",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX import_cards_by_status ON import_cards (status, id)")
            .await?;
        db.execute_unprepared(
            "CREATE TABLE book_files (
                id INTEGER PRIMARY KEY,
                book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
                -- Relative to the library root, '/'-separated, so moving the root keeps the rows.
                path TEXT NOT NULL UNIQUE,
                size INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                format TEXT NOT NULL,
                duration_ms INTEGER,
                chapters INTEGER,
                part INTEGER,
                added_at INTEGER NOT NULL
            )",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX book_files_by_book ON book_files (book_id, part)")
            .await?;
        db.execute_unprepared(
            "CREATE TABLE import_journal (
                id INTEGER PRIMARY KEY,
                card_id INTEGER NOT NULL REFERENCES import_cards(id) ON DELETE CASCADE,
                op TEXT NOT NULL CHECK (op IN ('copy', 'move')),
                src TEXT NOT NULL,
                tmp TEXT NOT NULL,
                dst TEXT NOT NULL,
                -- dst relative to the library root, as book_files records it.
                rel TEXT NOT NULL,
                part INTEGER,
                size INTEGER NOT NULL,
                sha256 TEXT,
                -- The same bytes were already at dst: undoing must never remove that file.
                existed INTEGER NOT NULL DEFAULT 0,
                step TEXT NOT NULL CHECK (step IN
                    ('planned', 'placed', 'recorded', 'source_removed', 'closed', 'rolled_back')),
                started_at INTEGER NOT NULL,
                finished_at INTEGER
            )",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX import_journal_open ON import_journal (card_id, id) \
             WHERE finished_at IS NULL",
        )
        .await?;
        Ok(())
    }
}
