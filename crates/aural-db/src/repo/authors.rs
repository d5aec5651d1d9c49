//! Authors with their books counted by status.

use std::collections::HashMap;

use aural_core::{AuthorId, AuthorSummary, NameQuery, Page, Paged};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Statement, Value};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::name_list::{self, Listed, NamedList, tallies};
use crate::repo::sql;

pub struct AuthorRepo<'a> {
    db: &'a Db,
}

impl<'a> AuthorRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        AuthorRepo { db }
    }

    pub async fn list(
        &self,
        query: &NameQuery,
        page: Page,
    ) -> Result<Paged<AuthorSummary>, DbError> {
        name_list::list::<Self>(self.db, query, page).await
    }

    pub async fn get(&self, id: AuthorId) -> Result<AuthorSummary, DbError> {
        name_list::get::<Self>(self.db, id.0).await
    }

    /// The author with this name or alias, ignoring case.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<AuthorId>, DbError> {
        let ids = sql::ids_of(self.db.conn(), find_statement(name.trim()))
            .await
            .map_err(|e| self.db.fail(e))?;
        Ok(ids.first().map(|&id| AuthorId(id)))
    }
}

fn find_statement(name: &str) -> Statement {
    sql::stmt(
        "SELECT id FROM authors WHERE name = ? UNION ALL SELECT author_id FROM author_aliases WHERE alias = ? LIMIT 1",
        vec![Value::from(name), Value::from(name)],
    )
}

/// Distinct series among each author's books.
pub(crate) fn series_count_statement(ids: &[i64]) -> Statement {
    let q = format!(
        "SELECT ba.author_id, COUNT(DISTINCT bs.series_id) FROM book_authors ba \
         JOIN book_series bs ON bs.book_id = ba.book_id WHERE ba.author_id IN ({}) GROUP BY ba.author_id",
        sql::list(ids.len())
    );
    sql::stmt(q, sql::ids(ids))
}

impl NamedList for AuthorRepo<'_> {
    const LISTED: Listed = Listed::Authors;
    type Summary = AuthorSummary;

    fn summaries(
        tx: &DatabaseTransaction,
        rows: Vec<(i64, String)>,
    ) -> impl Future<Output = Result<Vec<AuthorSummary>, DbErr>> + Send {
        summaries(tx, rows)
    }
}

async fn summaries(
    conn: &DatabaseTransaction,
    rows: Vec<(i64, String)>,
) -> Result<Vec<AuthorSummary>, DbErr> {
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    let mut tally = tallies(conn, Listed::Authors, &ids).await?;
    let mut series: HashMap<i64, u64> = HashMap::new();
    if !ids.is_empty() {
        for row in conn.query_all_raw(series_count_statement(&ids)).await? {
            let n: i64 = row.try_get_by_index(1)?;
            series.insert(row.try_get_by_index(0)?, u64::try_from(n).unwrap_or(0));
        }
    }
    Ok(rows
        .into_iter()
        .map(|(id, name)| {
            let t = tally.remove(&id).unwrap_or_default();
            AuthorSummary {
                id: AuthorId(id),
                name,
                counts: t.counts,
                total_minutes: t.minutes,
                series_count: series.get(&id).copied().unwrap_or(0),
            }
        })
        .collect())
}
