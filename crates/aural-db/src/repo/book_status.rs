//! Status changes after a book is stored: the user's choice (one book or a whole query, in a
//! few set-based statements), Undo of such a choice, a source withdrawing its claims, and the
//! claims and history the book page shows.

use std::collections::HashMap;

use aural_core::book::resolve_status;
use aural_core::{
    BookClaim, BookFilter, BookId, BookSort, BookSource, BookStatus, SortDir, StatusHistoryEntry,
    Timestamp,
};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use crate::error::DbError;
use crate::repo::book_query::BookListQuery;
use crate::repo::books::BookRepo;
use crate::repo::claims::{self, StatusMove, parse_kind, parse_status};
use crate::repo::{sql, status_moves};

/// The books a change applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum BookSelection {
    Ids(Vec<BookId>),
    /// Every book the filter matches, across all pages.
    Matching(BookFilter),
}

/// What a user's change did: how many books moved, and the batch that Undo reverses (`None`
/// when nothing moved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChangeOutcome {
    pub changed: u64,
    pub batch: Option<i64>,
}

impl BookRepo<'_> {
    /// Makes `status` the user's choice for every selected book whose status differs. The user's
    /// claim is the newest, so it is the status shown (`resolve_status`); that lets the whole
    /// change be a handful of statements, whatever the number of books.
    pub async fn set_status_by_user(
        &self,
        selection: &BookSelection,
        status: BookStatus,
    ) -> Result<StatusChangeOutcome, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = user_change(&tx, selection, status, now).await;
        self.db.finish(tx, result).await
    }

    /// Reverses a user's change: each book gets back the user's claim it had before (or none),
    /// and its status is decided again from every claim, since sources may have spoken since.
    /// The reversal is a change of its own, so undoing it again redoes the first.
    pub async fn undo_status_change(&self, batch: i64) -> Result<StatusChangeOutcome, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = undo(&tx, batch, now).await;
        match self.db.finish(tx, result).await? {
            Some(outcome) => Ok(outcome),
            None => Err(DbError::NotFound {
                entity: "status change",
                key: batch.to_string(),
            }),
        }
    }

    /// Removes `source`'s claims on the given books (a title revoked from an Audible library)
    /// and decides their status again from what other sources say. Returns how many moved.
    pub async fn withdraw(&self, source: &BookSource, ids: &[BookId]) -> Result<u64, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = async {
            let ids: Vec<i64> = ids.iter().map(|b| b.0).collect();
            for chunk in ids.chunks(sql::MAX_VARS - 2) {
                let mut values = vec![
                    Value::from(source.kind.as_str()),
                    Value::from(source.key.as_str()),
                ];
                values.extend(sql::ids(chunk));
                let q = format!(
                    "DELETE FROM book_sources WHERE source = ? AND source_key = ? AND book_id IN ({})",
                    sql::list(chunk.len())
                );
                tx.execute_raw(sql::stmt(q, values)).await?;
            }
            let moves = decide(&tx, &ids).await?;
            move_books(&tx, &moves, source.kind.as_str(), None, now).await?;
            Ok(moves.len() as u64)
        }
        .await;
        self.db.finish(tx, result).await
    }

    /// What each source says of the book, the user's choice included.
    pub async fn claims(&self, id: BookId) -> Result<Vec<BookClaim>, DbError> {
        let q = "SELECT source, source_key, status, status_since, first_seen_at, last_seen_at \
                 FROM book_sources WHERE book_id = ? ORDER BY source, source_key";
        let rows = self
            .db
            .conn()
            .query_all_raw(sql::stmt(q, vec![Value::from(id.0)]))
            .await
            .map_err(|e| self.db.fail(e))?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get_by_index(0)?;
                let status: String = r.try_get_by_index(2)?;
                Ok(BookClaim {
                    source: BookSource {
                        kind: parse_kind(&kind)?,
                        key: r.try_get_by_index(1)?,
                    },
                    status: parse_status(&status)?,
                    since: Timestamp(r.try_get_by_index(3)?),
                    first_seen: Timestamp(r.try_get_by_index(4)?),
                    last_seen: Timestamp(r.try_get_by_index(5)?),
                })
            })
            .collect::<Result<_, DbErr>>()
            .map_err(|e| self.db.fail(e))
    }

    /// The book's latest status moves, newest first.
    pub async fn status_history(
        &self,
        id: BookId,
        limit: u32,
    ) -> Result<Vec<StatusHistoryEntry>, DbError> {
        let q = "SELECT at, from_status, to_status, source, batch FROM status_changes \
                 WHERE book_id = ? ORDER BY at DESC, id DESC LIMIT ?";
        let rows = self
            .db
            .conn()
            .query_all_raw(sql::stmt(
                q,
                vec![Value::from(id.0), Value::from(i64::from(limit))],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        rows.iter()
            .map(|r| {
                let from: String = r.try_get_by_index(1)?;
                let to: String = r.try_get_by_index(2)?;
                let source: String = r.try_get_by_index(3)?;
                Ok(StatusHistoryEntry {
                    at: Timestamp(r.try_get_by_index(0)?),
                    from: parse_status(&from)?,
                    to: parse_status(&to)?,
                    source: parse_kind(&source)?,
                    batch: r.try_get_by_index(4)?,
                })
            })
            .collect::<Result<_, DbErr>>()
            .map_err(|e| self.db.fail(e))
    }
}

async fn next_batch(tx: &DatabaseTransaction) -> Result<i64, DbErr> {
    let row = tx
        .query_one_raw(sql::stmt(
            "SELECT COALESCE(MAX(batch), 0) + 1 FROM status_changes WHERE batch IS NOT NULL",
            vec![],
        ))
        .await?;
    row.map_or(Ok(1), |r| r.try_get_by_index(0))
}

/// The selection as a `SELECT id` and its values. Ids travel as one JSON array, so a selection
/// of any size is one bound value.
fn selection_sql(selection: &BookSelection) -> (String, Vec<Value>) {
    match selection {
        BookSelection::Ids(ids) => {
            let json = format!(
                "[{}]",
                ids.iter()
                    .map(|i| i.0.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            );
            (
                "SELECT value FROM json_each(?)".to_owned(),
                vec![Value::from(json)],
            )
        }
        BookSelection::Matching(filter) => {
            BookListQuery::new(filter, BookSort::Title, SortDir::Asc).ids_select()
        }
    }
}

async fn user_change(
    tx: &DatabaseTransaction,
    selection: &BookSelection,
    status: BookStatus,
    now: Timestamp,
) -> Result<StatusChangeOutcome, DbErr> {
    let batch = next_batch(tx).await?;
    let after = status_moves::last_recorded(tx).await?;
    let (select, mut values) = selection_sql(selection);
    let q = format!(
        "INSERT INTO status_changes \
         (book_id, at, from_status, to_status, source, batch, undo_status, undo_since) \
         SELECT b.id, ?, b.status, ?, 'user', ?, s.status, s.status_since FROM books b \
         LEFT JOIN book_sources s ON s.book_id = b.id AND s.source = 'user' AND s.source_key = '' \
         WHERE b.id IN ({select}) AND b.status <> ?"
    );
    let mut all = vec![
        Value::from(now.millis()),
        Value::from(status.as_str()),
        Value::from(batch),
    ];
    all.append(&mut values);
    all.push(Value::from(status.as_str()));
    let changed = tx.execute_raw(sql::stmt(q, all)).await?.rows_affected();
    if changed == 0 {
        return Ok(StatusChangeOutcome {
            changed,
            batch: None,
        });
    }
    // `WHERE true` tells SQLite's parser the ON CONFLICT belongs to the upsert, not the SELECT.
    let q = "INSERT INTO book_sources \
         (book_id, source, source_key, status, status_since, first_seen_at, last_seen_at) \
         SELECT book_id, 'user', '', to_status, at, at, at FROM status_changes WHERE batch = ? \
         AND true ON CONFLICT (book_id, source, source_key) DO UPDATE SET \
         status = excluded.status, status_since = excluded.status_since, \
         last_seen_at = excluded.last_seen_at";
    tx.execute_raw(sql::stmt(q, vec![Value::from(batch)]))
        .await?;
    status_moves::apply(tx, after, now).await?;
    Ok(StatusChangeOutcome {
        changed,
        batch: Some(batch),
    })
}

/// `None` when there is no such change.
async fn undo(
    tx: &DatabaseTransaction,
    batch: i64,
    now: Timestamp,
) -> Result<Option<StatusChangeOutcome>, DbErr> {
    let ids = sql::ids_of(
        tx,
        sql::stmt(
            "SELECT book_id FROM status_changes WHERE batch = ?",
            vec![Value::from(batch)],
        ),
    )
    .await?;
    if ids.is_empty() {
        return Ok(None);
    }
    let before = user_claims(tx, batch).await?;
    let q = "DELETE FROM book_sources WHERE source = 'user' AND source_key = '' AND book_id IN \
             (SELECT book_id FROM status_changes WHERE batch = ? AND undo_status IS NULL)";
    tx.execute_raw(sql::stmt(q, vec![Value::from(batch)]))
        .await?;
    let q = "INSERT INTO book_sources \
             (book_id, source, source_key, status, status_since, first_seen_at, last_seen_at) \
             SELECT book_id, 'user', '', undo_status, undo_since, undo_since, undo_since \
             FROM status_changes WHERE batch = ? AND undo_status IS NOT NULL AND true \
             ON CONFLICT (book_id, source, source_key) DO UPDATE SET \
             status = excluded.status, status_since = excluded.status_since";
    tx.execute_raw(sql::stmt(q, vec![Value::from(batch)]))
        .await?;
    let undo_batch = next_batch(tx).await?;
    let mut moves = decide(tx, &ids).await?;
    for m in &mut moves {
        m.user_claim_before = before.get(&m.book).copied();
    }
    move_books(tx, &moves, "user", Some(undo_batch), now).await?;
    let changed = moves.len() as u64;
    Ok(Some(StatusChangeOutcome {
        changed,
        batch: (changed > 0).then_some(undo_batch),
    }))
}

/// The user's claims on the books of `batch` as they are now, so that undoing an Undo can put
/// them back.
async fn user_claims(
    tx: &DatabaseTransaction,
    batch: i64,
) -> Result<HashMap<i64, (BookStatus, Timestamp)>, DbErr> {
    let q = "SELECT book_id, status, status_since FROM book_sources \
             WHERE source = 'user' AND source_key = '' AND book_id IN \
             (SELECT book_id FROM status_changes WHERE batch = ?)";
    let mut out = HashMap::new();
    for row in tx
        .query_all_raw(sql::stmt(q, vec![Value::from(batch)]))
        .await?
    {
        let status: String = row.try_get_by_index(1)?;
        out.insert(
            row.try_get_by_index(0)?,
            (parse_status(&status)?, Timestamp(row.try_get_by_index(2)?)),
        );
    }
    Ok(out)
}

/// Decides the status of `ids` again from their claims: the books whose shown status moves.
async fn decide(tx: &DatabaseTransaction, ids: &[i64]) -> Result<Vec<StatusMove>, DbErr> {
    let mut all = claims::load(tx, ids).await?;
    let mut moves = Vec::new();
    for chunk in ids.chunks(sql::MAX_VARS) {
        let q = format!(
            "SELECT id, status FROM books WHERE id IN ({})",
            sql::list(chunk.len())
        );
        for row in tx.query_all_raw(sql::stmt(q, sql::ids(chunk))).await? {
            let id: i64 = row.try_get_by_index(0)?;
            let from = parse_status(&row.try_get_by_index::<String>(1)?)?;
            let list: Vec<_> = all
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(|c| c.claim)
                .collect();
            let to = resolve_status(&list);
            if to != from {
                moves.push(StatusMove {
                    book: id,
                    from,
                    to,
                    user_claim_before: None,
                });
            }
        }
    }
    Ok(moves)
}

/// Records `moves` in the history and applies them to the books and every count.
async fn move_books(
    tx: &DatabaseTransaction,
    moves: &[StatusMove],
    source: &str,
    batch: Option<i64>,
    now: Timestamp,
) -> Result<(), DbErr> {
    let after = status_moves::last_recorded(tx).await?;
    claims::record_moves(tx, moves, source, batch, now).await?;
    status_moves::apply(tx, after, now).await
}
