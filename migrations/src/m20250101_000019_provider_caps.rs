//! A Torznab/Newznab indexer's caps (search modes, parameters, categories) kept with it, so a
//! search reads them at most once a day instead of before every book search (SPEC §2.7, §5.2).

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

const SQLITE_SQL: &str = r#"
ALTER TABLE providers ADD COLUMN caps TEXT;
ALTER TABLE providers ADD COLUMN caps_at INTEGER;
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
