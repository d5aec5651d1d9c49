//! A status change of many books updates the counters once per change, not once per book. While
//! `counts_held` has its row (only ever inside the writing transaction, so no other connection
//! sees it), the per-row status triggers stand aside and the writer updates `book_counts`, the
//! authors and the series with a few grouped statements instead: 50,000 books' per-row trigger
//! runs cost more than the status change itself.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

const SQLITE_SQL: &str = r#"
CREATE TABLE counts_held (held INTEGER PRIMARY KEY CHECK (held = 1));

DROP TRIGGER books_counts_update;
CREATE TRIGGER books_counts_update AFTER UPDATE OF status, language, runtime_min ON books
WHEN (OLD.status IS NOT NEW.status OR OLD.language IS NOT NEW.language
    OR OLD.runtime_min IS NOT NEW.runtime_min) AND NOT EXISTS (SELECT 1 FROM counts_held) BEGIN
    UPDATE book_counts SET books = books - 1, minutes = minutes - COALESCE(OLD.runtime_min, 0)
        WHERE status = OLD.status AND language = COALESCE(OLD.language, '');
    INSERT INTO book_counts (status, language, books, minutes)
        VALUES (NEW.status, COALESCE(NEW.language, ''), 1, COALESCE(NEW.runtime_min, 0))
        ON CONFLICT (status, language) DO UPDATE SET books = books + 1, minutes = minutes + excluded.minutes;
END;
"#;

/// The per-list status trigger of migration 4, standing aside while counts are held.
const PER_LIST_SQL: &str = r#"
DROP TRIGGER books_{list}_counts_status;
CREATE TRIGGER books_{list}_counts_status AFTER UPDATE OF status ON books
WHEN (OLD.status IN ('owned', 'missing') OR NEW.status IN ('owned', 'missing'))
    AND NOT EXISTS (SELECT 1 FROM counts_held) BEGIN
    UPDATE {list} SET
        owned_count = owned_count + (NEW.status = 'owned') - (OLD.status = 'owned'),
        missing_count = missing_count + (NEW.status = 'missing') - (OLD.status = 'missing')
    WHERE id IN (SELECT {column} FROM {link} WHERE book_id = NEW.id);
END;
"#;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        conn.execute_unprepared(SQLITE_SQL).await?;
        for (list, link, column) in [
            ("authors", "book_authors", "author_id"),
            ("series", "book_series", "series_id"),
        ] {
            let sql = PER_LIST_SQL
                .replace("{list}", list)
                .replace("{link}", link)
                .replace("{column}", column);
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
