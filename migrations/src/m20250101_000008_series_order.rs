//! The order of a book's series, so a book in several series keeps the order its source gave and
//! reading it back compares equal to what was written (re-importing a list then changes nothing).

use sea_orm_migration::prelude::{
    DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, Table, async_trait,
};
use sea_orm_migration::schema::integer;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Rows written before this keep 0; readers order them as before (primary, then name).
        manager
            .alter_table(
                Table::alter()
                    .table("book_series")
                    .add_column(integer("ordinal").default(0))
                    .to_owned(),
            )
            .await
    }
}
