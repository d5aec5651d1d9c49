//! Full-text search and the dashboard counters.
//!
//! SQLite-only: FTS5 and triggers. A Postgres backend needs its own version of this file
//! (tsvector column and equivalent triggers); the queries that use them live in
//! `aural-db`'s `repo::fts` and `repo::stats`.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `books_fts` rows are written by the book repository in the same transaction as the book, because a
/// row's text comes from four tables (books, authors, narrators, series): triggers on each join table
/// would rebuild the row once per credit. Only the delete is a trigger, so no path can leave an orphan.
///
/// `book_counts` and `book_added_days` are kept by triggers so every writer (repository, a later bulk
/// delete, a CLI running next to the app) keeps them exact; they make the dashboard a read of a
/// few dozen rows instead of an aggregate over every book (ARCHITECTURE.md measured 340 ms at 250k books).
const SQLITE_SQL: &str = r#"
CREATE VIRTUAL TABLE books_fts USING fts5(
    title, subtitle, authors, narrators, series,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER books_fts_delete AFTER DELETE ON books BEGIN
    DELETE FROM books_fts WHERE rowid = OLD.id;
END;

CREATE TABLE book_counts (
    status TEXT NOT NULL,
    language TEXT NOT NULL,
    books INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    PRIMARY KEY (status, language)
) WITHOUT ROWID;

CREATE TABLE book_added_days (
    day INTEGER NOT NULL PRIMARY KEY,
    books INTEGER NOT NULL
);

CREATE TRIGGER books_counts_insert AFTER INSERT ON books BEGIN
    INSERT INTO book_counts (status, language, books, minutes)
        VALUES (NEW.status, COALESCE(NEW.language, ''), 1, COALESCE(NEW.runtime_min, 0))
        ON CONFLICT (status, language) DO UPDATE SET books = books + 1, minutes = minutes + excluded.minutes;
    INSERT INTO book_added_days (day, books) VALUES (NEW.added_at / 86400000, 1)
        ON CONFLICT (day) DO UPDATE SET books = books + 1;
END;

CREATE TRIGGER books_counts_delete AFTER DELETE ON books BEGIN
    UPDATE book_counts SET books = books - 1, minutes = minutes - COALESCE(OLD.runtime_min, 0)
        WHERE status = OLD.status AND language = COALESCE(OLD.language, '');
    UPDATE book_added_days SET books = books - 1 WHERE day = OLD.added_at / 86400000;
END;

CREATE TRIGGER books_counts_update AFTER UPDATE OF status, language, runtime_min, added_at ON books BEGIN
    UPDATE book_counts SET books = books - 1, minutes = minutes - COALESCE(OLD.runtime_min, 0)
        WHERE status = OLD.status AND language = COALESCE(OLD.language, '');
    INSERT INTO book_counts (status, language, books, minutes)
        VALUES (NEW.status, COALESCE(NEW.language, ''), 1, COALESCE(NEW.runtime_min, 0))
        ON CONFLICT (status, language) DO UPDATE SET books = books + 1, minutes = minutes + excluded.minutes;
    UPDATE book_added_days SET books = books - 1 WHERE day = OLD.added_at / 86400000;
    INSERT INTO book_added_days (day, books) VALUES (NEW.added_at / 86400000, 1)
        ON CONFLICT (day) DO UPDATE SET books = books + 1;
END;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(SQLITE_SQL)
            .await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
