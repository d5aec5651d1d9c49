//! Dashboard figures. Every one is a read of the counters the triggers keep (`book_counts`,
//! `book_added_days`) or an index range, so the cost does not grow with the library.

use std::collections::BTreeMap;

use aural_core::library::LanguageCount;
use aural_core::{BookStatus, LibraryStats, StatusCounts, Timestamp};
use sea_orm::{ConnectionTrait, DbErr, Statement, TransactionTrait, Value};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::book_load::load_books;
use crate::repo::books::recent_statement;
use crate::repo::sql;

const DAY_MS: i64 = 86_400_000;
const WEEK_MS: i64 = 7 * DAY_MS;
const RECENTLY_ADDED: u32 = 12;

pub struct StatsRepo<'a> {
    db: &'a Db,
}

/// The statements of [`StatsRepo::library_stats`], in the order it runs them.
pub(crate) fn stats_statements(now: Timestamp) -> Vec<Statement> {
    vec![
        counts_statement(),
        added_statement(now),
        totals_statement(),
        recent_statement(RECENTLY_ADDED),
    ]
}

fn counts_statement() -> Statement {
    sql::stmt(
        "SELECT status, language, books, minutes FROM book_counts WHERE books > 0",
        vec![],
    )
}

/// Books added in the 7 days before `now`: whole days from the per-day counters, plus an index
/// range count for the part of the first day that falls inside the window.
fn added_statement(now: Timestamp) -> Statement {
    let start = now.millis() - WEEK_MS;
    let first_day = start.div_euclid(DAY_MS);
    sql::stmt(
        "SELECT (SELECT COALESCE(SUM(books), 0) FROM book_added_days WHERE day > ?) \
              + (SELECT COUNT(*) FROM books WHERE added_at >= ? AND added_at < ?)",
        vec![
            Value::from(first_day),
            Value::from(start),
            Value::from((first_day + 1) * DAY_MS),
        ],
    )
}

fn totals_statement() -> Statement {
    sql::stmt(
        "SELECT (SELECT COUNT(*) FROM authors), (SELECT COUNT(*) FROM series)",
        vec![],
    )
}

impl<'a> StatsRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        StatsRepo { db }
    }

    pub async fn library_stats(&self, now: Timestamp) -> Result<LibraryStats, DbError> {
        let tx = self.db.conn().begin().await.map_err(|e| self.db.fail(e))?;
        let stats = self.read(&tx, now).await;
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        stats
    }

    async fn read<C: ConnectionTrait>(
        &self,
        conn: &C,
        now: Timestamp,
    ) -> Result<LibraryStats, DbError> {
        let fail = |e| self.db.fail(e);
        let mut by_status = StatusCounts::default();
        let mut by_language: BTreeMap<String, u64> = BTreeMap::new();
        let (mut owned_minutes, mut total_minutes) = (0u64, 0u64);
        for row in conn.query_all_raw(counts_statement()).await.map_err(fail)? {
            let status: String = row.try_get_by_index(0).map_err(fail)?;
            let language: String = row.try_get_by_index(1).map_err(fail)?;
            let books = u64::try_from(row.try_get_by_index::<i64>(2).map_err(fail)?).unwrap_or(0);
            let minutes = u64::try_from(row.try_get_by_index::<i64>(3).map_err(fail)?).unwrap_or(0);
            let status: BookStatus = status
                .parse()
                .map_err(|_| fail(DbErr::Type(format!("stored status {status:?} is unknown"))))?;
            by_status.add(status, books);
            *by_language.entry(language).or_default() += books;
            total_minutes += minutes;
            if status == BookStatus::Owned {
                owned_minutes += minutes;
            }
        }
        let added_last_7_days = sql::count(conn, added_statement(now)).await.map_err(fail)?;
        let totals = conn.query_one_raw(totals_statement()).await.map_err(fail)?;
        let (authors, series) = match totals {
            Some(row) => (
                row.try_get_by_index::<i64>(0).map_err(fail)?,
                row.try_get_by_index::<i64>(1).map_err(fail)?,
            ),
            None => (0, 0),
        };
        let recent_ids = sql::ids_of(conn, recent_statement(RECENTLY_ADDED))
            .await
            .map_err(fail)?;
        let recently_added = load_books(conn, &recent_ids).await.map_err(fail)?;
        let mut by_language: Vec<LanguageCount> = by_language
            .into_iter()
            .map(|(language, books)| LanguageCount {
                language: (!language.is_empty()).then_some(language),
                books,
            })
            .collect();
        by_language.sort_by(|a, b| {
            b.books
                .cmp(&a.books)
                .then_with(|| a.language.cmp(&b.language))
        });
        Ok(LibraryStats {
            total_books: by_status.total(),
            by_status,
            owned_minutes,
            total_minutes,
            authors: u64::try_from(authors).unwrap_or(0),
            series: u64::try_from(series).unwrap_or(0),
            added_last_7_days,
            by_language,
            recently_added,
        })
    }
}
