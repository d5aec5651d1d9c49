//! Which books still wait for their cover in the local cache, and recording a fetch's outcome.
//! The fetcher works through `books_cover_pending` (a partial index), a small batch at a time.

use aural_core::{BookId, ChangeOp, Entity, Timestamp};
use sea_orm::{ConnectionTrait, Value};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::{changes, sql};

/// A book whose cover is known only by its source URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCover {
    pub book: BookId,
    pub url: String,
}

pub struct CoverRepo<'a> {
    db: &'a Db,
}

impl<'a> CoverRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        CoverRepo { db }
    }

    /// Up to `limit` books with a cover URL and no cached cover, oldest first, leaving out those
    /// whose last fetch failed after `retry_failed_before`.
    pub async fn pending(
        &self,
        limit: u32,
        retry_failed_before: Timestamp,
    ) -> Result<Vec<PendingCover>, DbError> {
        let stmt = sql::stmt(
            "SELECT id, cover_url FROM books INDEXED BY books_cover_pending \
             WHERE cover_key IS NULL AND cover_url IS NOT NULL \
               AND (cover_failed_at IS NULL OR cover_failed_at < ?) \
             ORDER BY cover_failed_at, id LIMIT ?",
            vec![
                Value::from(retry_failed_before.millis()),
                Value::from(i64::from(limit)),
            ],
        );
        let rows = self
            .db
            .conn()
            .query_all_raw(stmt)
            .await
            .map_err(|e| self.db.fail(e))?;
        rows.iter()
            .map(|r| {
                Ok(PendingCover {
                    book: BookId(r.try_get_by_index(0)?),
                    url: r.try_get_by_index(1)?,
                })
            })
            .collect::<Result<_, sea_orm::DbErr>>()
            .map_err(|e| self.db.fail(e))
    }

    /// Records the cached cover of a book, unless its cover URL changed meanwhile (the new one
    /// is fetched next). Returns whether the book took it; windows learn of it from the feed.
    pub async fn set_cached(&self, book: BookId, url: &str, key: &str) -> Result<bool, DbError> {
        let now = self.db.now();
        let txn = self.db.begin_write().await?;
        let res = txn
            .execute_raw(sql::stmt(
                "UPDATE books SET cover_key = ?, cover_failed_at = NULL WHERE id = ? AND cover_url = ?",
                vec![Value::from(key), Value::from(book.0), Value::from(url)],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        let took = res.rows_affected() == 1;
        if took {
            changes::record(
                &txn,
                Entity::Book,
                ChangeOp::Update,
                &[book.0.to_string()],
                now,
            )
            .await
            .map_err(|e| self.db.fail(e))?;
        }
        txn.commit().await.map_err(|e| self.db.fail(e))?;
        Ok(took)
    }

    /// Notes a failed fetch, so the book waits before the next try.
    pub async fn set_failed(&self, book: BookId, at: Timestamp) -> Result<(), DbError> {
        self.db
            .conn()
            .execute_raw(sql::stmt(
                "UPDATE books SET cover_failed_at = ? WHERE id = ?",
                vec![Value::from(at.millis()), Value::from(book.0)],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        Ok(())
    }
}
