//! Sorting books by status in the order a reader thinks of them (owned, wanted, downloading,
//! missing, ignored), not alphabetically. The library's list query orders by exactly this
//! expression, so SQLite walks the index instead of sorting the whole table.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX books_by_status_rank ON books ((CASE status WHEN 'owned' THEN 0 \
                 WHEN 'wanted' THEN 1 WHEN 'downloading' THEN 2 WHEN 'missing' THEN 3 ELSE 4 END), \
                 sort_title)",
            )
            .await?;
        Ok(())
    }
}
