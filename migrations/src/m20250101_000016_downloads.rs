//! Downloads and the history of their states (SPEC §2.5, §6.1).

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, Expr, ForeignKey, ForeignKeyAction, Index,
    MigrationTrait, SchemaManager, Table, TableCreateStatement, async_trait,
};
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, double, double_null, integer, integer_null,
    pk_auto, text, text_null,
};

const STATES: &str = "'queued', 'searching', 'found', 'sent', 'downloading', 'paused', 'stalled', \
     'completed', 'importing', 'imported', 'seeding', 'done', 'failed', 'cancelled'";

/// At most one download that is still going per book and per item of a client, so a second grab
/// of the same release finds the first instead of adding a twin (SPEC §6.1 duplicate grabs).
/// Terminal downloads are left out: a failed one may be retried as a new row.
const PARTIAL_INDEXES: [&str; 2] = [
    "CREATE UNIQUE INDEX downloads_one_live_per_book ON downloads (book_id) \
     WHERE book_id IS NOT NULL AND state NOT IN ('done', 'failed', 'cancelled')",
    "CREATE UNIQUE INDEX downloads_one_live_per_item ON downloads (client_id, client_ref) \
     WHERE client_id IS NOT NULL AND client_ref IS NOT NULL \
     AND state NOT IN ('done', 'failed', 'cancelled')",
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(downloads()).await?;
        manager.create_table(download_history()).await?;
        // The monitor reads the downloads in a few states; the Downloads page filters by state,
        // newest first.
        manager
            .create_index(
                Index::create()
                    .name("downloads_by_state")
                    .table("downloads")
                    .col("state")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        // A book's page lists its downloads, finished ones included.
        manager
            .create_index(
                Index::create()
                    .name("downloads_by_book")
                    .table("downloads")
                    .col("book_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("download_history_by_download")
                    .table("download_history")
                    .col("download_id")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        for index in PARTIAL_INDEXES {
            manager.get_connection().execute_unprepared(index).await?;
        }
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

fn downloads() -> TableCreateStatement {
    Table::create()
        .table("downloads")
        // AUTOINCREMENT: an id shown in an old notification never names another download.
        .col(pk_auto("id"))
        .col(integer_null("book_id"))
        .col(text("kind").check(Expr::cust("kind IN ('torrent', 'nzb', 'audible')")))
        .col(text("state").check(Expr::cust(format!("state IN ({STATES})"))))
        // A JSON list of warnings `[{kind, since, message}]`, kept apart from the state.
        .col(text("health").default("[]"))
        .col(integer_null("client_id"))
        .col(text_null("client_ref"))
        .col(text("name"))
        .col(integer_null("indexer_id"))
        .col(text_null("guid"))
        .col(text_null("info_hash"))
        .col(text_null("source_url"))
        .col(text_null("remote_path"))
        .col(text_null("local_path"))
        .col(big_integer_null("size"))
        .col(
            double("progress")
                .default(0.0)
                .check(Expr::cust("progress >= 0 AND progress <= 1")),
        )
        .col(big_integer("speed_bps").default(0))
        .col(big_integer_null("eta_s"))
        .col(double_null("ratio"))
        .col(text_null("error"))
        .col(integer("attempt").default(1))
        .col(big_integer_null("next_attempt_at"))
        .col(integer("priority").default(0))
        .col(big_integer("created_at"))
        .col(big_integer("updated_at"))
        .col(big_integer_null("finished_at"))
        // A removed book or provider leaves its downloads (and their history) readable.
        .foreign_key(
            ForeignKey::create()
                .from("downloads", "book_id")
                .to("books", "id")
                .on_delete(ForeignKeyAction::SetNull),
        )
        .foreign_key(
            ForeignKey::create()
                .from("downloads", "client_id")
                .to("providers", "id")
                .on_delete(ForeignKeyAction::SetNull),
        )
        .foreign_key(
            ForeignKey::create()
                .from("downloads", "indexer_id")
                .to("providers", "id")
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

fn download_history() -> TableCreateStatement {
    Table::create()
        .table("download_history")
        .col(big_pk_auto("id"))
        .col(integer("download_id"))
        .col(big_integer("at"))
        // Empty for the row that records how the download began.
        .col(text_null("from_state"))
        .col(text("to_state").check(Expr::cust(format!("to_state IN ({STATES})"))))
        .col(text("reason").default(""))
        .foreign_key(
            ForeignKey::create()
                .from("download_history", "download_id")
                .to("downloads", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}
