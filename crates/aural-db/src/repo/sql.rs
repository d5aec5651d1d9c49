//! Small builders for the raw statements the repositories share.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

/// Bound values per statement. SQLite's limit is 32,766 since 3.32; staying under it keeps every
/// multi-row statement to one prepare.
pub(crate) const MAX_VARS: usize = 30_000;

pub(crate) fn stmt(sql: impl Into<String>, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
}

/// `?, ?, ?` for an `IN (…)` list of `n` values.
pub(crate) fn list(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// `(?, ?), (?, ?)` for a multi-row `VALUES` of `rows` rows of `cols` values.
pub(crate) fn rows(rows: usize, cols: usize) -> String {
    let row = format!("({})", list(cols));
    vec![row; rows].join(", ")
}

/// How many rows of `cols` values fit in one statement.
pub(crate) fn rows_per_statement(cols: usize) -> usize {
    (MAX_VARS / cols.max(1)).max(1)
}

pub(crate) fn ids(ids: &[i64]) -> Vec<Value> {
    ids.iter().map(|&id| Value::from(id)).collect()
}

/// Runs a `SELECT COUNT(*)`-shaped statement.
pub(crate) async fn count<C: ConnectionTrait>(conn: &C, stmt: Statement) -> Result<u64, DbErr> {
    let row = conn.query_one_raw(stmt).await?;
    let n: i64 = row.map_or(Ok(0), |r| r.try_get_by_index(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Runs a statement whose first column is a row id.
pub(crate) async fn ids_of<C: ConnectionTrait>(
    conn: &C,
    stmt: Statement,
) -> Result<Vec<i64>, DbErr> {
    conn.query_all_raw(stmt)
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<i64>(0))
        .collect()
}
