//! The process that runs each job, so a start-up marks as interrupted only the jobs whose process
//! is gone, not those of a CLI import running beside the app.

use sea_orm_migration::prelude::{
    DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, Table, async_trait,
};
use sea_orm_migration::schema::text_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // NULL for jobs recorded before owners were: their process is long gone.
        manager
            .alter_table(
                Table::alter()
                    .table("jobs")
                    .add_column(text_null("owner"))
                    .to_owned(),
            )
            .await
    }
}
