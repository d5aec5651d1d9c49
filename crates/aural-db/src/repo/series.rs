//! Series with their volumes counted by status.

use std::collections::HashMap;

use aural_core::{NameQuery, Page, Paged, SeriesId, SeriesSummary};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Statement, Value};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::name_list::{self, Listed, NamedList, tallies};
use crate::repo::sql;

/// Authors shown for a series: the most credited first authors of its volumes.
const AUTHORS_SHOWN: usize = 3;

pub struct SeriesRepo<'a> {
    pub(crate) db: &'a Db,
}

impl<'a> SeriesRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        SeriesRepo { db }
    }

    pub async fn list(
        &self,
        query: &NameQuery,
        page: Page,
    ) -> Result<Paged<SeriesSummary>, DbError> {
        name_list::list::<Self>(self.db, query, page).await
    }

    pub async fn get(&self, id: SeriesId) -> Result<SeriesSummary, DbError> {
        name_list::get::<Self>(self.db, id.0).await
    }

    /// The series with this name, ignoring case; the oldest when several share it.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<SeriesId>, DbError> {
        let stmt = sql::stmt(
            "SELECT id FROM series WHERE name = ? ORDER BY id LIMIT 1",
            vec![Value::from(name.trim())],
        );
        let ids = sql::ids_of(self.db.conn(), stmt)
            .await
            .map_err(|e| self.db.fail(e))?;
        Ok(ids.first().map(|&id| SeriesId(id)))
    }
}

/// First authors of each series' volumes, most credited first.
pub(crate) fn authors_statement(ids: &[i64]) -> Statement {
    let q = format!(
        "SELECT bs.series_id, a.name FROM book_series bs \
         JOIN book_authors ba ON ba.book_id = bs.book_id AND ba.ordinal = 0 \
         JOIN authors a ON a.id = ba.author_id \
         WHERE bs.series_id IN ({}) GROUP BY bs.series_id, a.id ORDER BY bs.series_id, COUNT(*) DESC, a.sort_name",
        sql::list(ids.len())
    );
    sql::stmt(q, sql::ids(ids))
}

impl NamedList for SeriesRepo<'_> {
    const LISTED: Listed = Listed::Series;
    type Summary = SeriesSummary;

    fn summaries(
        tx: &DatabaseTransaction,
        rows: Vec<(i64, String)>,
    ) -> impl Future<Output = Result<Vec<SeriesSummary>, DbErr>> + Send {
        summaries(tx, rows)
    }
}

pub(crate) async fn summaries(
    conn: &DatabaseTransaction,
    rows: Vec<(i64, String)>,
) -> Result<Vec<SeriesSummary>, DbErr> {
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    let mut tally = tallies(conn, Listed::Series, &ids).await?;
    let mut authors: HashMap<i64, Vec<String>> = HashMap::new();
    if !ids.is_empty() {
        for row in conn.query_all_raw(authors_statement(&ids)).await? {
            let names = authors.entry(row.try_get_by_index(0)?).or_default();
            if names.len() < AUTHORS_SHOWN {
                names.push(row.try_get_by_index(1)?);
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|(id, name)| SeriesSummary {
            id: SeriesId(id),
            name,
            counts: tally.remove(&id).unwrap_or_default().counts,
            authors: authors.remove(&id).unwrap_or_default(),
        })
        .collect())
}
