//! Moving the shown status of many books at once, from the history rows that record the moves:
//! the books, the per-status counters, the authors' and series' owned and missing counts, and the
//! change feed, each in one set-based statement, so 50,000 books move in a fraction of a second.

use aural_core::{ChangeOp, Entity, MANY_IDS, Timestamp};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use crate::repo::{changes, sql};

/// The id of the newest history row: the moves a caller records next have greater ids, which is
/// how [`apply`] finds them.
pub(crate) async fn last_recorded(tx: &DatabaseTransaction) -> Result<i64, DbErr> {
    let row = tx
        .query_one_raw(sql::stmt(
            "SELECT COALESCE(MAX(id), 0) FROM status_changes",
            vec![],
        ))
        .await?;
    row.map_or(Ok(0), |r| r.try_get_by_index(0))
}

/// The moves recorded in `status_changes` after the row `after` (at most one per book), as
/// `(book_id, from_status, to_status)`.
const MOVES: &str = "SELECT book_id, from_status, to_status FROM status_changes WHERE id > ?";

/// Gives each book recorded after history row `after` its new status and updates every count
/// that depends on it. The per-row count triggers stand aside meanwhile (`counts_held`); the
/// hold is taken and released inside the caller's transaction, so no other connection sees it.
pub(crate) async fn apply(
    tx: &DatabaseTransaction,
    after: i64,
    now: Timestamp,
) -> Result<(), DbErr> {
    // Each statement reads the moves once; `after` is its last value.
    let run = |q: String, mut values: Vec<Value>| {
        values.push(Value::from(after));
        tx.execute_raw(sql::stmt(q, values))
    };
    tx.execute_unprepared("INSERT INTO counts_held (held) VALUES (1)")
        .await?;
    let moved = run(
        format!(
            "UPDATE books SET status = m.to_status, updated_at = ? FROM ({MOVES}) AS m \
             WHERE books.id = m.book_id"
        ),
        vec![Value::from(now.millis())],
    )
    .await?
    .rows_affected();
    // Each move takes its book off the count of its old status and language, and adds it to
    // the new one.
    let by_status = |status: &str| {
        format!(
            "SELECT m.{status} AS status, COALESCE(b.language, '') AS language, \
             COUNT(*) AS moved, SUM(COALESCE(b.runtime_min, 0)) AS moved_minutes \
             FROM ({MOVES}) AS m JOIN books b ON b.id = m.book_id GROUP BY 1, 2"
        )
    };
    run(
        format!(
            "UPDATE book_counts SET books = books - d.moved, minutes = minutes - d.moved_minutes \
             FROM ({}) AS d WHERE book_counts.status = d.status AND book_counts.language = d.language",
            by_status("from_status")
        ),
        vec![],
    )
    .await?;
    run(
        format!(
            "INSERT INTO book_counts (status, language, books, minutes) {} \
             ON CONFLICT (status, language) DO UPDATE SET \
             books = books + excluded.books, minutes = minutes + excluded.minutes",
            by_status("to_status")
        ),
        vec![],
    )
    .await?;
    for (list, link, column) in [
        ("authors", "book_authors", "author_id"),
        ("series", "book_series", "series_id"),
    ] {
        run(
            format!(
                "UPDATE {list} SET owned_count = owned_count + d.owned, \
                 missing_count = missing_count + d.missing FROM ( \
                 SELECT l.{column} AS id, \
                 SUM((m.to_status = 'owned') - (m.from_status = 'owned')) AS owned, \
                 SUM((m.to_status = 'missing') - (m.from_status = 'missing')) AS missing \
                 FROM ({MOVES}) AS m JOIN {link} l ON l.book_id = m.book_id GROUP BY 1 \
                 ) AS d WHERE {list}.id = d.id AND (d.owned <> 0 OR d.missing <> 0)"
            ),
            vec![],
        )
        .await?;
    }
    tx.execute_unprepared("DELETE FROM counts_held").await?;
    if moved > MANY_IDS as u64 {
        return changes::record_many(tx, Entity::Book, ChangeOp::Update, now).await;
    }
    run(
        format!(
            "INSERT INTO changes (entity, entity_id, op, at) \
             SELECT ?, CAST(m.book_id AS TEXT), ?, ? FROM ({MOVES}) AS m"
        ),
        vec![
            Value::from(Entity::Book.as_str()),
            Value::from(ChangeOp::Update.as_str()),
            Value::from(now.millis()),
        ],
    )
    .await?;
    Ok(())
}
