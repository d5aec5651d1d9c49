//! Audible accounts (SPEC §2.7): one row per signed-in or imported account, its tokens a secret
//! beside it. The same customer in the same marketplace is one account.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

const SQLITE_SQL: &str = r#"
CREATE TABLE audible_accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL UNIQUE COLLATE NOCASE,
    marketplace TEXT NOT NULL,
    device_type TEXT NOT NULL CHECK (device_type IN ('iphone', 'android')),
    customer_name TEXT NOT NULL,
    customer_key TEXT NOT NULL,
    device_serial TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'needs_sign_in')),
    library_state_token TEXT,
    last_sync_at INTEGER,
    secret_ref TEXT,
    added_at INTEGER NOT NULL,
    UNIQUE (customer_key, marketplace)
);
"#;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(SQLITE_SQL)
            .await?;
        Ok(())
    }
}
