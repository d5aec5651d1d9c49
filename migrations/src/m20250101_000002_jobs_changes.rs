//! Background jobs and the change feed (SPEC §2.6).

use sea_orm_migration::prelude::{
    DbErr, DeriveMigrationName, Expr, ForeignKey, ForeignKeyAction, Index, MigrationTrait,
    SchemaManager, Table, TableCreateStatement, async_trait,
};
use sea_orm_migration::schema::{big_integer, big_integer_null, big_pk_auto, text, text_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(jobs()).await?;
        manager.create_table(changes()).await?;
        manager
            .create_index(
                Index::create()
                    .name("jobs_by_started")
                    .table("jobs")
                    .col("started_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("jobs_by_state")
                    .table("jobs")
                    .col("state")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("changes_by_at")
                    .table("changes")
                    .col("at")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

fn jobs() -> TableCreateStatement {
    Table::create()
        .table("jobs")
        .col(text("id").primary_key())
        .col(text("kind"))
        .col(text("state").check(Expr::cust(
            "state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')",
        )))
        .col(text_null("parent_id"))
        .col(text("params").default("{}"))
        .col(big_integer("done").default(0))
        .col(big_integer_null("total"))
        .col(text("unit").default(""))
        .col(text_null("message"))
        .col(text_null("error_code"))
        .col(text_null("error"))
        .col(big_integer("started_at"))
        .col(big_integer_null("finished_at"))
        .foreign_key(
            ForeignKey::create()
                .from("jobs", "parent_id")
                .to("jobs", "id")
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

fn changes() -> TableCreateStatement {
    Table::create()
        .table("changes")
        // AUTOINCREMENT: a pruned seq is never handed out again, so a window that remembers the
        // last seq it saw cannot miss rows written after a prune.
        .col(big_pk_auto("seq"))
        .col(text("entity"))
        .col(text("entity_id"))
        .col(text("op").check(Expr::cust("op IN ('insert', 'update', 'delete')")))
        .col(big_integer("at"))
        .to_owned()
}
