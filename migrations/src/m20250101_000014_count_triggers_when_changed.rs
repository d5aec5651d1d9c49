//! The per-status counters move only when a value they count changes. `UPDATE OF` fires whenever a
//! column is in the `SET` list, so a status change also moved every book's day in
//! `book_added_days` out and back in, and a re-import that rewrote unchanged rows moved every
//! counter twice; bulk status changes and re-imports paid for that row by row.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

const SQLITE_SQL: &str = r#"
DROP TRIGGER books_counts_update;

CREATE TRIGGER books_counts_update AFTER UPDATE OF status, language, runtime_min ON books
WHEN OLD.status IS NOT NEW.status OR OLD.language IS NOT NEW.language
    OR OLD.runtime_min IS NOT NEW.runtime_min BEGIN
    UPDATE book_counts SET books = books - 1, minutes = minutes - COALESCE(OLD.runtime_min, 0)
        WHERE status = OLD.status AND language = COALESCE(OLD.language, '');
    INSERT INTO book_counts (status, language, books, minutes)
        VALUES (NEW.status, COALESCE(NEW.language, ''), 1, COALESCE(NEW.runtime_min, 0))
        ON CONFLICT (status, language) DO UPDATE SET books = books + 1, minutes = minutes + excluded.minutes;
END;

CREATE TRIGGER books_added_day_update AFTER UPDATE OF added_at ON books
WHEN OLD.added_at / 86400000 <> NEW.added_at / 86400000 BEGIN
    UPDATE book_added_days SET books = books - 1 WHERE day = OLD.added_at / 86400000;
    INSERT INTO book_added_days (day, books) VALUES (NEW.added_at / 86400000, 1)
        ON CONFLICT (day) DO UPDATE SET books = books + 1;
END;
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
