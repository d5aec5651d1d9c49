//! What the author and series lists share: a name filter, a sort, the per-page status counts
//! computed by `GROUP BY` for the page's rows only, and the list and get around them.

use std::collections::HashMap;

use aural_core::{BookStatus, NameQuery, NameSort, Page, Paged, SortDir, StatusCounts};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Statement, TransactionTrait, Value};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::sql;

/// A list of named rows (authors, series) and how a page of its `(id, name)` rows becomes the
/// summaries the repository returns.
pub(crate) trait NamedList {
    const LISTED: Listed;
    type Summary: Send;

    fn summaries(
        tx: &DatabaseTransaction,
        rows: Vec<(i64, String)>,
    ) -> impl Future<Output = Result<Vec<Self::Summary>, DbErr>> + Send;
}

/// One page of summaries and the total, from one read snapshot.
pub(crate) async fn list<L: NamedList>(
    db: &Db,
    query: &NameQuery,
    page: Page,
) -> Result<Paged<L::Summary>, DbError> {
    let q = NameListQuery::new(L::LISTED, query);
    let tx = db.conn().begin().await.map_err(|e| db.fail(e))?;
    let total = sql::count(&tx, q.count_statement())
        .await
        .map_err(|e| db.fail(e))?;
    let rows = id_names(&tx, q.page_statement(page))
        .await
        .map_err(|e| db.fail(e))?;
    let items = L::summaries(&tx, rows).await.map_err(|e| db.fail(e))?;
    tx.commit().await.map_err(|e| db.fail(e))?;
    Ok(Paged { items, total, page })
}

/// The summary of one row.
pub(crate) async fn get<L: NamedList>(db: &Db, id: i64) -> Result<L::Summary, DbError> {
    let stmt = sql::stmt(
        format!("SELECT id, name FROM {} WHERE id = ?", L::LISTED.table()),
        vec![Value::from(id)],
    );
    let tx = db.conn().begin().await.map_err(|e| db.fail(e))?;
    let rows = id_names(&tx, stmt).await.map_err(|e| db.fail(e))?;
    let mut items = L::summaries(&tx, rows).await.map_err(|e| db.fail(e))?;
    tx.commit().await.map_err(|e| db.fail(e))?;
    items.pop().ok_or_else(|| DbError::NotFound {
        entity: L::LISTED.noun(),
        key: id.to_string(),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listed {
    Authors,
    Series,
}

impl Listed {
    fn table(self) -> &'static str {
        match self {
            Listed::Authors => "authors",
            Listed::Series => "series",
        }
    }

    /// One row, as error messages name it.
    fn noun(self) -> &'static str {
        match self {
            Listed::Authors => "author",
            Listed::Series => "series",
        }
    }

    /// The join table linking books to a row of this list, and its column naming the row.
    fn link(self) -> (&'static str, &'static str) {
        match self {
            Listed::Authors => ("book_authors", "author_id"),
            Listed::Series => ("book_series", "series_id"),
        }
    }

    fn name_order(self) -> &'static str {
        match self {
            Listed::Authors => "x.sort_name",
            Listed::Series => "x.name",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct NameListQuery {
    listed: Listed,
    where_sql: String,
    values: Vec<Value>,
    order: String,
}

impl NameListQuery {
    pub(crate) fn new(listed: Listed, query: &NameQuery) -> NameListQuery {
        let (where_sql, values) = match query
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
        {
            Some(q) => (
                "WHERE x.name LIKE ? ESCAPE '\\'".to_owned(),
                vec![Value::from(like_pattern(q))],
            ),
            None => (String::new(), Vec::new()),
        };
        let name = listed.name_order();
        let order = match query.sort {
            NameSort::Name => {
                let dir = sql_dir(query.dir);
                format!("{name} {dir}, x.id {dir}")
            }
            NameSort::Books => count_order("x.book_count", name, query.dir),
            NameSort::Owned => count_order("x.owned_count", name, query.dir),
            NameSort::Missing => count_order("x.missing_count", name, query.dir),
        };
        NameListQuery {
            listed,
            where_sql,
            values,
            order,
        }
    }

    /// Ids and names of one page.
    pub(crate) fn page_statement(&self, page: Page) -> Statement {
        let q = format!(
            "SELECT x.id, x.name FROM {} x {} ORDER BY {} LIMIT ? OFFSET ?",
            self.listed.table(),
            self.where_sql,
            self.order
        );
        let mut values = self.values.clone();
        values.push(Value::from(i64::from(page.size())));
        values.push(Value::from(
            i64::try_from(page.offset()).unwrap_or(i64::MAX),
        ));
        sql::stmt(q, values)
    }

    pub(crate) fn count_statement(&self) -> Statement {
        sql::stmt(
            format!(
                "SELECT COUNT(*) FROM {} x {}",
                self.listed.table(),
                self.where_sql
            ),
            self.values.clone(),
        )
    }
}

fn sql_dir(dir: SortDir) -> &'static str {
    match dir {
        SortDir::Asc => "ASC",
        SortDir::Desc => "DESC",
    }
}

/// Most first, ties by name; ascending is that list reversed, so both directions read the one
/// `(count DESC, name, id)` index of the migration, forwards or backwards.
fn count_order(count: &str, name: &str, dir: SortDir) -> String {
    match dir {
        SortDir::Desc => format!("{count} DESC, {name} ASC, x.id ASC"),
        SortDir::Asc => format!("{count} ASC, {name} DESC, x.id DESC"),
    }
}

fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Books per status and their minutes, for each listed row among `ids`.
pub(crate) fn counts_statement(listed: Listed, ids: &[i64]) -> Statement {
    let (link, column) = listed.link();
    let q = format!(
        "SELECT l.{column}, b.status, COUNT(*), COALESCE(SUM(b.runtime_min), 0) FROM {link} l \
         JOIN books b ON b.id = l.book_id WHERE l.{column} IN ({}) GROUP BY l.{column}, b.status",
        sql::list(ids.len())
    );
    sql::stmt(q, sql::ids(ids))
}

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Tally {
    pub counts: StatusCounts,
    pub minutes: u64,
}

pub(crate) async fn tallies(
    conn: &DatabaseTransaction,
    listed: Listed,
    ids: &[i64],
) -> Result<HashMap<i64, Tally>, DbErr> {
    let mut out: HashMap<i64, Tally> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for row in conn.query_all_raw(counts_statement(listed, ids)).await? {
        let id: i64 = row.try_get_by_index(0)?;
        let status: String = row.try_get_by_index(1)?;
        let n: i64 = row.try_get_by_index(2)?;
        let minutes: i64 = row.try_get_by_index(3)?;
        let status: BookStatus = status
            .parse()
            .map_err(|_| DbErr::Type(format!("unknown status {status:?}")))?;
        let tally = out.entry(id).or_default();
        tally.counts.add(status, u64::try_from(n).unwrap_or(0));
        tally.minutes += u64::try_from(minutes).unwrap_or(0);
    }
    Ok(out)
}

/// Reads `(id, name)` pairs of a page statement.
async fn id_names<C: ConnectionTrait>(
    conn: &C,
    stmt: Statement,
) -> Result<Vec<(i64, String)>, DbErr> {
    conn.query_all_raw(stmt)
        .await?
        .iter()
        .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_match_wildcards_literally() {
        assert_eq!(super::like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
