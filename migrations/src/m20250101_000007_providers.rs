//! Providers (SPEC §2.7): indexers, download clients and AudioBookShelf servers in one table.

use sea_orm_migration::prelude::{
    DbErr, DeriveMigrationName, Expr, Index, MigrationTrait, SchemaManager, Table,
    TableCreateStatement, async_trait,
};
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, integer, pk_auto, text, text_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(providers()).await?;
        // Lists show one family (a set of kinds) in priority order.
        manager
            .create_index(
                Index::create()
                    .name("providers_by_kind")
                    .table("providers")
                    .col("kind")
                    .col("priority")
                    .to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

fn providers() -> TableCreateStatement {
    Table::create()
        .table("providers")
        // AUTOINCREMENT: an id is never reused, so a secret or a download left behind by a
        // removed provider can never be taken for a new one's.
        .col(pk_auto("id"))
        .col(text("kind"))
        .col(text("name").unique_key().extra("COLLATE NOCASE"))
        .col(boolean("enabled").default(true))
        .col(integer("priority").default(0))
        // Non-secret settings as JSON tagged by kind; kept as text even when a later version
        // cannot parse it, so nothing the user entered is lost.
        .col(text("settings"))
        .col(text_null("secret_ref"))
        .col(
            integer("failure_count")
                .default(0)
                .check(Expr::cust("failure_count >= 0")),
        )
        .col(big_integer_null("disabled_until"))
        .col(text_null("last_error"))
        .col(big_integer_null("last_error_at"))
        .col(big_integer("created_at"))
        .col(big_integer("updated_at"))
        .to_owned()
}
