//! Jobs that queue: a dedupe key, unique among queued and running jobs, so two processes cannot
//! both start the same work; and job parameters tagged with their kind, as the typed parameters
//! read them.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, Table, async_trait,
};
use sea_orm_migration::schema::text_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("jobs")
                    .add_column(text_null("dedupe_key"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // Partial, so finished jobs keep their key for the record without blocking a rerun. The
        // index is what makes "already running" hold across processes (the app and the CLI).
        db.execute_unprepared(
            "CREATE UNIQUE INDEX jobs_active_dedupe ON jobs (dedupe_key) \
             WHERE dedupe_key IS NOT NULL AND state IN ('queued', 'running')",
        )
        .await?;
        // Rows written before parameters were typed hold `{"path": …}` without the tag.
        db.execute_unprepared(
            "UPDATE jobs SET params = json_set(params, '$.kind', kind) \
             WHERE json_valid(params) AND json_extract(params, '$.kind') IS NULL",
        )
        .await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
