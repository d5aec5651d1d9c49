//! `EXPLAIN QUERY PLAN` of the hot queries, built by the same code the repositories run, so a
//! check that they use indexes sees exactly the SQL the app sends.

use aural_core::{AuthorId, BookFilter, BookSort, NameQuery, Page, SeriesId, SortDir, Timestamp};
use sea_orm::{ConnectionTrait, Statement, TransactionTrait};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::{
    BookListQuery, NameListQuery, authors_series_statement, name_list, series_authors_statement,
    sql, stats_statements,
};

/// A query the UI runs on every page view.
#[derive(Debug, Clone)]
pub enum HotQuery {
    /// A page of books and its total.
    Books {
        filter: BookFilter,
        sort: BookSort,
        dir: SortDir,
        page: Page,
    },
    /// A page of the authors list with its per-author counts.
    Authors { query: NameQuery, page: Page },
    /// A page of the series list with its per-series counts.
    Series { query: NameQuery, page: Page },
    /// The counts on one author's page.
    Author(AuthorId),
    /// The counts on one series' page.
    OneSeries(SeriesId),
    /// The dashboard figures.
    Stats { now: Timestamp },
}

impl HotQuery {
    fn statements(&self) -> Vec<Statement> {
        match self {
            HotQuery::Books {
                filter,
                sort,
                dir,
                page,
            } => {
                let q = BookListQuery::new(filter, *sort, *dir);
                vec![q.page_statement(*page), q.count_statement()]
            }
            HotQuery::Authors { query, page } => {
                let q = NameListQuery::new(name_list::Listed::Authors, query);
                vec![q.page_statement(*page), q.count_statement()]
            }
            HotQuery::Series { query, page } => {
                let q = NameListQuery::new(name_list::Listed::Series, query);
                vec![q.page_statement(*page), q.count_statement()]
            }
            HotQuery::Author(id) => vec![
                name_list::counts_statement(name_list::Listed::Authors, &[id.0]),
                authors_series_statement(&[id.0]),
            ],
            HotQuery::OneSeries(id) => vec![
                name_list::counts_statement(name_list::Listed::Series, &[id.0]),
                series_authors_statement(&[id.0]),
            ],
            HotQuery::Stats { now } => stats_statements(*now),
        }
    }
}

impl Db {
    /// The plan lines (`detail` column of `EXPLAIN QUERY PLAN`) of each statement of `query`.
    pub async fn explain(&self, query: &HotQuery) -> Result<Vec<Vec<String>>, DbError> {
        let fail = |e| self.fail(e);
        // `EXPLAIN` plans with the schema the connection last read and never checks it, so a
        // pooled connection idle since a migration would explain without the newest indexes.
        // Reading the schema table in the same transaction brings it up to date first.
        let tx = self.conn().begin().await.map_err(fail)?;
        tx.query_one_raw(sql::stmt("SELECT count(*) FROM sqlite_schema", Vec::new()))
            .await
            .map_err(fail)?;
        let mut plans = Vec::new();
        for stmt in query.statements() {
            let explain = Statement {
                sql: format!("EXPLAIN QUERY PLAN {}", stmt.sql),
                ..stmt
            };
            let rows = tx.query_all_raw(explain).await.map_err(fail)?;
            let lines = rows
                .iter()
                .map(|r| r.try_get_by_index::<String>(3))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| self.fail(e))?;
            plans.push(lines);
        }
        tx.rollback().await.map_err(fail)?;
        Ok(plans)
    }
}
