//! The blocklist: releases not to take again, newest first, and those that apply to one book
//! (its own entries and those for every book).

use aural_core::normalize::title_key;
use aural_core::{
    BlocklistEntry, BlocklistReason, BookId, ChangeOp, Entity, NewBlocklistEntry, Page, Paged,
    ProviderId, Timestamp,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::{changes, sql};

pub struct BlocklistRepo<'a> {
    db: &'a Db,
}

const COLUMNS: &str = "l.id, l.book_id, b.title, l.indexer_id, l.guid_hash, l.info_hash, l.title, \
                       l.reason, l.created_at FROM blocklist l LEFT JOIN books b ON b.id = l.book_id";

impl<'a> BlocklistRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        BlocklistRepo { db }
    }

    /// Puts a release on the list; one already there for the same book stays as it is. Returns
    /// the entry as stored.
    pub async fn add(&self, entry: &NewBlocklistEntry) -> Result<BlocklistEntry, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = async {
            let key = title_key(&entry.title);
            let values = vec![
                Value::from(entry.book.map(|b| b.0)),
                Value::from(entry.indexer.map(|p| p.0)),
                Value::from(entry.guid_hash.clone()),
                Value::from(entry.info_hash.as_ref().map(|h| h.to_ascii_lowercase())),
                Value::from(entry.title.clone()),
                Value::from(key),
                Value::from(entry.reason.as_str()),
                Value::from(now.millis()),
            ];
            let q = "INSERT INTO blocklist \
                     (book_id, indexer_id, guid_hash, info_hash, title, title_key, reason, created_at) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
            let inserted = tx.execute_raw(sql::stmt(q, values)).await?.rows_affected() > 0;
            let q = format!(
                "SELECT {COLUMNS} WHERE COALESCE(l.book_id, 0) = COALESCE(?, 0) \
                 AND COALESCE(l.indexer_id, 0) = COALESCE(?, 0) \
                 AND COALESCE(l.guid_hash, '') = COALESCE(?, '') \
                 AND COALESCE(l.info_hash, '') = COALESCE(lower(?), '') AND l.title_key = ?"
            );
            let row = tx
                .query_one_raw(sql::stmt(
                    q,
                    vec![
                        Value::from(entry.book.map(|b| b.0)),
                        Value::from(entry.indexer.map(|p| p.0)),
                        Value::from(entry.guid_hash.clone()),
                        Value::from(entry.info_hash.clone()),
                        Value::from(title_key(&entry.title)),
                    ],
                ))
                .await?
                .ok_or_else(|| DbErr::RecordNotFound("blocklist entry just added".into()))?;
            let stored = to_entry(&row)?;
            if inserted {
                changes::record(
                    &tx,
                    Entity::Blocklist,
                    ChangeOp::Insert,
                    &[stored.id.to_string()],
                    now,
                )
                .await?;
            }
            Ok(stored)
        }
        .await;
        self.db.finish(tx, result).await
    }

    /// The whole list, newest first.
    pub async fn list(&self, page: Page) -> Result<Paged<BlocklistEntry>, DbError> {
        let conn = self.db.conn();
        let total = conn
            .query_one_raw(sql::stmt("SELECT COUNT(*) FROM blocklist", vec![]))
            .await
            .and_then(|r| r.map_or(Ok(0), |r| r.try_get_by_index::<i64>(0)))
            .map_err(|e| self.db.fail(e))?;
        let q = format!("SELECT {COLUMNS} ORDER BY l.created_at DESC, l.id DESC LIMIT ? OFFSET ?");
        let rows = conn
            .query_all_raw(sql::stmt(
                q,
                vec![
                    Value::from(i64::from(page.size())),
                    Value::from(page.offset() as i64),
                ],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        let items = rows
            .iter()
            .map(to_entry)
            .collect::<Result<_, DbErr>>()
            .map_err(|e| self.db.fail(e))?;
        Ok(Paged {
            items,
            total: total as u64,
            page,
        })
    }

    /// What applies to `book`: its own entries and those for every book.
    pub async fn for_book(&self, book: BookId) -> Result<Vec<BlocklistEntry>, DbError> {
        self.select(
            "WHERE l.book_id = ? OR l.book_id IS NULL",
            vec![Value::from(book.0)],
        )
        .await
    }

    /// What applies to a search for no book in particular: the entries for every book.
    pub async fn for_every_book(&self) -> Result<Vec<BlocklistEntry>, DbError> {
        self.select("WHERE l.book_id IS NULL", vec![]).await
    }

    async fn select(
        &self,
        filter: &str,
        values: Vec<Value>,
    ) -> Result<Vec<BlocklistEntry>, DbError> {
        let q = format!("SELECT {COLUMNS} {filter} ORDER BY l.id");
        let rows = self
            .db
            .conn()
            .query_all_raw(sql::stmt(q, values))
            .await
            .map_err(|e| self.db.fail(e))?;
        rows.iter()
            .map(to_entry)
            .collect::<Result<_, DbErr>>()
            .map_err(|e| self.db.fail(e))
    }

    /// Takes an entry off the list.
    pub async fn remove(&self, id: i64) -> Result<(), DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = async {
            let removed = tx
                .execute_raw(sql::stmt(
                    "DELETE FROM blocklist WHERE id = ?",
                    vec![Value::from(id)],
                ))
                .await?
                .rows_affected();
            if removed > 0 {
                changes::record(
                    &tx,
                    Entity::Blocklist,
                    ChangeOp::Delete,
                    &[id.to_string()],
                    now,
                )
                .await?;
            }
            Ok(removed > 0)
        }
        .await;
        if self.db.finish(tx, result).await? {
            Ok(())
        } else {
            Err(DbError::NotFound {
                entity: "blocklist entry",
                key: id.to_string(),
            })
        }
    }
}

fn to_entry(r: &QueryResult) -> Result<BlocklistEntry, DbErr> {
    let reason: String = r.try_get_by_index(7)?;
    Ok(BlocklistEntry {
        id: r.try_get_by_index(0)?,
        book: r.try_get_by_index::<Option<i64>>(1)?.map(BookId),
        book_title: r.try_get_by_index(2)?,
        indexer: r.try_get_by_index::<Option<i64>>(3)?.map(ProviderId),
        guid_hash: r.try_get_by_index(4)?,
        info_hash: r.try_get_by_index(5)?,
        title: r.try_get_by_index(6)?,
        reason: BlocklistReason::parse(&reason).ok_or_else(|| {
            DbErr::Type(format!("blocklist: stored reason {reason:?} is not valid"))
        })?,
        created_at: Timestamp(r.try_get_by_index(8)?),
    })
}
