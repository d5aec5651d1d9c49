//! Covers fetched into the local cache: when a fetch last failed (so a dead link is retried after a
//! while, not in a loop), and a partial index over the books still waiting for theirs, so the
//! fetcher finds them without reading the whole table.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE books ADD COLUMN cover_failed_at INTEGER")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX books_cover_pending ON books (cover_failed_at, id) \
             WHERE cover_key IS NULL AND cover_url IS NOT NULL",
        )
        .await?;
        Ok(())
    }
}
