//! `book_sources` (each source's status claim on a book) and `status_changes` (the history of
//! status moves), written inside the caller's transaction.

use std::collections::HashMap;

use aural_core::{BookSource, BookStatus, SourceKind, StatusClaim, Timestamp};
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::repo::sql;

/// A claim as stored, with which source of its kind made it.
#[derive(Debug, Clone)]
pub(crate) struct StoredClaim {
    pub key: String,
    pub claim: StatusClaim,
}

impl StoredClaim {
    pub(crate) fn is_from(&self, source: &BookSource) -> bool {
        self.claim.source == source.kind && self.key == source.key
    }
}

/// A book whose shown status moved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StatusMove {
    pub book: i64,
    pub from: BookStatus,
    pub to: BookStatus,
    /// For a user's action: the user's own claim before it, which Undo puts back.
    pub user_claim_before: Option<(BookStatus, Timestamp)>,
}

fn bad(what: &str, value: &str) -> DbErr {
    DbErr::Type(format!(
        "book_sources: stored {what} {value:?} is not valid"
    ))
}

pub(crate) fn parse_status(value: &str) -> Result<BookStatus, DbErr> {
    value.parse().map_err(|_| bad("status", value))
}

pub(crate) fn parse_kind(value: &str) -> Result<SourceKind, DbErr> {
    SourceKind::parse(value).ok_or_else(|| bad("source", value))
}

/// Every claim on the given books.
pub(crate) async fn load<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<StoredClaim>>, DbErr> {
    let mut out: HashMap<i64, Vec<StoredClaim>> = HashMap::new();
    for chunk in ids.chunks(sql::MAX_VARS) {
        let q = format!(
            "SELECT book_id, source, source_key, status, status_since FROM book_sources \
             WHERE book_id IN ({})",
            sql::list(chunk.len())
        );
        for row in conn.query_all_raw(sql::stmt(q, sql::ids(chunk))).await? {
            let source: String = row.try_get_by_index(1)?;
            let status: String = row.try_get_by_index(3)?;
            out.entry(row.try_get_by_index(0)?)
                .or_default()
                .push(StoredClaim {
                    key: row.try_get_by_index(2)?,
                    claim: StatusClaim {
                        source: parse_kind(&source)?,
                        status: parse_status(&status)?,
                        since: Timestamp(row.try_get_by_index(4)?),
                    },
                });
        }
    }
    Ok(out)
}

/// Records what `source` says of each book. A claim that repeats itself keeps its `since`, so a
/// source re-sending the same list never outranks a later choice of the user.
pub(crate) async fn write<C: ConnectionTrait>(
    conn: &C,
    source: &BookSource,
    claims: impl Iterator<Item = (i64, BookStatus)>,
    now: Timestamp,
) -> Result<(), DbErr> {
    let claims: Vec<(i64, BookStatus)> = claims.collect();
    let width = 7;
    for chunk in claims.chunks(sql::rows_per_statement(width)) {
        let mut values = Vec::with_capacity(chunk.len() * width);
        for (book, status) in chunk {
            values.extend([
                Value::from(*book),
                Value::from(source.kind.as_str()),
                Value::from(source.key.as_str()),
                Value::from(status.as_str()),
                Value::from(now.millis()),
                Value::from(now.millis()),
                Value::from(now.millis()),
            ]);
        }
        // SET expressions read the row as it was, so `status_since` compares the old status.
        let q = format!(
            "INSERT INTO book_sources \
             (book_id, source, source_key, status, status_since, first_seen_at, last_seen_at) \
             VALUES {} ON CONFLICT (book_id, source, source_key) DO UPDATE SET \
             status_since = CASE WHEN status = excluded.status THEN status_since \
                            ELSE excluded.status_since END, \
             status = excluded.status, last_seen_at = excluded.last_seen_at",
            sql::rows(chunk.len(), width)
        );
        conn.execute_raw(sql::stmt(q, values)).await?;
    }
    Ok(())
}

/// Appends the moves to the history, attributed to `source` (a [`SourceKind`] name).
pub(crate) async fn record_moves<C: ConnectionTrait>(
    conn: &C,
    moves: &[StatusMove],
    source: &str,
    batch: Option<i64>,
    now: Timestamp,
) -> Result<(), DbErr> {
    let width = 8;
    for chunk in moves.chunks(sql::rows_per_statement(width)) {
        let mut values = Vec::with_capacity(chunk.len() * width);
        for m in chunk {
            values.extend([
                Value::from(m.book),
                Value::from(now.millis()),
                Value::from(m.from.as_str()),
                Value::from(m.to.as_str()),
                Value::from(source),
                Value::from(batch),
                Value::from(m.user_claim_before.map(|(s, _)| s.as_str())),
                Value::from(m.user_claim_before.map(|(_, t)| t.millis())),
            ]);
        }
        let q = format!(
            "INSERT INTO status_changes \
             (book_id, at, from_status, to_status, source, batch, undo_status, undo_since) \
             VALUES {}",
            sql::rows(chunk.len(), width)
        );
        conn.execute_raw(sql::stmt(q, values)).await?;
    }
    Ok(())
}
