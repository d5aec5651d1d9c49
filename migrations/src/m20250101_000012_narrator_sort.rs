//! Sorting books by narrator: the first narrator's name, lower-cased, kept on the book row like
//! the author and series sort keys, with an index so a page reads it in order.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE books ADD COLUMN sort_narrator TEXT")
            .await?;
        db.execute_unprepared(
            "UPDATE books SET sort_narrator = (
                SELECT lower(n.name) FROM book_narrators bn JOIN narrators n ON n.id = bn.narrator_id
                WHERE bn.book_id = books.id ORDER BY bn.ordinal LIMIT 1)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX books_by_narrator ON books (sort_narrator IS NULL, sort_narrator, sort_title)",
        )
        .await?;
        Ok(())
    }
}
