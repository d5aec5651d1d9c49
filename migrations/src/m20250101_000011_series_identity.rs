//! A series is its name and its primary author: two authors' "Legacy" series are two series. A
//! series known before takes the author who wrote most of its books; one that already mixes two
//! authors stays one until the user splits it. When the guess is wrong the other way (one series
//! by several authors), the user merges them and an alias sends that name and author to the
//! series they chose from then on.

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, MigrationTrait, SchemaManager, async_trait,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "ALTER TABLE series ADD COLUMN primary_author_id INTEGER \
             REFERENCES authors(id) ON DELETE SET NULL",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE series SET primary_author_id = (
                SELECT ba.author_id FROM book_series bs
                JOIN book_authors ba ON ba.book_id = bs.book_id AND ba.ordinal = 0
                WHERE bs.series_id = series.id
                GROUP BY ba.author_id ORDER BY count(*) DESC, ba.author_id LIMIT 1)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX series_by_name_author ON series (name, primary_author_id)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE TABLE series_aliases (
                name_fold TEXT NOT NULL,
                author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
                series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
                PRIMARY KEY (name_fold, author_id)
            ) WITHOUT ROWID",
        )
        .await?;
        Ok(())
    }
}
