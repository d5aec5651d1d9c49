//! The crash-safe placement journal (SPEC §7.6): one row per file of a card, moved through
//! `planned → placed → recorded → source_removed` and then closed (or rolled back). Recording a
//! card's files, its journal step and its status is one transaction, so the database never
//! says a file is in the library while the journal says it is still being placed.

use aural_core::{BookId, ChangeOp, Entity};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::import_cards::CardId;
use crate::repo::{changes, sql};

/// The row id of a journal entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JournalId(pub i64);

/// Whether the source stays (copy) or goes once the copy is recorded (move).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceOp {
    Copy,
    Move,
}

impl PlaceOp {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceOp::Copy => "copy",
            PlaceOp::Move => "move",
        }
    }

    fn parse(s: &str) -> Option<PlaceOp> {
        [PlaceOp::Copy, PlaceOp::Move]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// How far one file got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JournalStep {
    /// The entry is written; a temp copy may exist, the target does not.
    Planned,
    /// The verified copy is at its target.
    Placed,
    /// The library's database lists the file.
    Recorded,
    /// The source of a move is deleted.
    SourceRemoved,
    Closed,
    RolledBack,
}

impl JournalStep {
    pub fn as_str(self) -> &'static str {
        match self {
            JournalStep::Planned => "planned",
            JournalStep::Placed => "placed",
            JournalStep::Recorded => "recorded",
            JournalStep::SourceRemoved => "source_removed",
            JournalStep::Closed => "closed",
            JournalStep::RolledBack => "rolled_back",
        }
    }

    fn parse(s: &str) -> Option<JournalStep> {
        [
            JournalStep::Planned,
            JournalStep::Placed,
            JournalStep::Recorded,
            JournalStep::SourceRemoved,
            JournalStep::Closed,
            JournalStep::RolledBack,
        ]
        .into_iter()
        .find(|s2| s2.as_str() == s)
    }
}

/// One file to place; paths are absolute except `rel`, the target under the library root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub src: String,
    pub tmp: String,
    pub dst: String,
    pub rel: String,
    pub part: Option<u32>,
    pub size: u64,
    /// Known up front only when the same bytes already are at `dst` (`existed`).
    pub sha256: Option<String>,
    pub existed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub id: JournalId,
    pub card: CardId,
    pub op: PlaceOp,
    pub file: PlannedFile,
    pub step: JournalStep,
}

/// A file of a book as the library lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct BookFile {
    /// Relative to the library root, `/`-separated.
    pub path: String,
    pub size: u64,
    pub sha256: String,
    pub format: String,
    pub duration_ms: Option<u64>,
    pub chapters: Option<u32>,
    pub part: Option<u32>,
}

pub struct ImportJournalRepo<'a> {
    db: &'a Db,
}

impl<'a> ImportJournalRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        ImportJournalRepo { db }
    }

    /// Writes the entries of one card in one transaction, before any file is touched. A file
    /// whose bytes already are at its target starts as placed.
    pub async fn plan(
        &self,
        card: CardId,
        op: PlaceOp,
        files: &[PlannedFile],
    ) -> Result<Vec<JournalId>, DbError> {
        let now = self.db.now().millis();
        let tx = self.db.begin_write().await?;
        let mut ids = Vec::with_capacity(files.len());
        for f in files {
            let step = if f.existed {
                JournalStep::Placed
            } else {
                JournalStep::Planned
            };
            let row = tx
                .query_one_raw(sql::stmt(
                    "INSERT INTO import_journal (card_id, op, src, tmp, dst, rel, part, size, \
                       sha256, existed, step, started_at) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    vec![
                        Value::from(card.0),
                        Value::from(op.as_str()),
                        Value::from(f.src.as_str()),
                        Value::from(f.tmp.as_str()),
                        Value::from(f.dst.as_str()),
                        Value::from(f.rel.as_str()),
                        Value::from(f.part.map(i64::from)),
                        Value::from(i64::try_from(f.size).unwrap_or(i64::MAX)),
                        Value::from(f.sha256.clone()),
                        Value::from(f.existed),
                        Value::from(step.as_str()),
                        Value::from(now),
                    ],
                ))
                .await
                .map_err(|e| self.db.fail(e))?;
            let id: i64 = row
                .ok_or(DbErr::RecordNotInserted)
                .and_then(|r| r.try_get_by_index(0))
                .map_err(|e| self.db.fail(e))?;
            ids.push(JournalId(id));
        }
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        Ok(ids)
    }

    /// The verified copy is in place, with this hash.
    pub async fn placed(&self, id: JournalId, sha256: &str) -> Result<(), DbError> {
        self.set_step(id, JournalStep::Placed, Some(sha256)).await
    }

    /// The source of a move is gone.
    pub async fn source_removed(&self, id: JournalId) -> Result<(), DbError> {
        self.set_step(id, JournalStep::SourceRemoved, None).await
    }

    async fn set_step(
        &self,
        id: JournalId,
        step: JournalStep,
        sha256: Option<&str>,
    ) -> Result<(), DbError> {
        self.db
            .conn()
            .execute_raw(sql::stmt(
                "UPDATE import_journal SET step = ?, sha256 = COALESCE(?, sha256) WHERE id = ?",
                vec![
                    Value::from(step.as_str()),
                    Value::from(sha256.map(str::to_owned)),
                    Value::from(id.0),
                ],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        Ok(())
    }

    /// Records a placed card in one transaction: the book's files (a path already listed for
    /// the same book is kept), the card's open entries as recorded, and the card as imported
    /// into `book` at `target`. Windows learn of the book's change from the feed.
    pub async fn record(
        &self,
        card: CardId,
        book: BookId,
        files: &[BookFile],
        target: &str,
    ) -> Result<(), DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = async {
            for f in files {
                tx.execute_raw(sql::stmt(
                    "INSERT INTO book_files (book_id, path, size, sha256, format, duration_ms, \
                       chapters, part, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
                     ON CONFLICT (path) DO UPDATE SET size = excluded.size, \
                       sha256 = excluded.sha256, format = excluded.format, \
                       duration_ms = excluded.duration_ms, chapters = excluded.chapters, \
                       part = excluded.part \
                     WHERE book_files.book_id = excluded.book_id",
                    vec![
                        Value::from(book.0),
                        Value::from(f.path.as_str()),
                        Value::from(i64::try_from(f.size).unwrap_or(i64::MAX)),
                        Value::from(f.sha256.as_str()),
                        Value::from(f.format.as_str()),
                        Value::from(f.duration_ms.and_then(|d| i64::try_from(d).ok())),
                        Value::from(f.chapters.map(i64::from)),
                        Value::from(f.part.map(i64::from)),
                        Value::from(now.millis()),
                    ],
                ))
                .await?;
            }
            tx.execute_raw(sql::stmt(
                "UPDATE import_journal SET step = 'recorded' \
                 WHERE card_id = ? AND finished_at IS NULL AND step = 'placed'",
                vec![Value::from(card.0)],
            ))
            .await?;
            tx.execute_raw(sql::stmt(
                "UPDATE import_cards SET status = 'imported', error = NULL, target = ?, \
                   match_book_id = ?, updated_at = ? WHERE id = ?",
                vec![
                    Value::from(target),
                    Value::from(book.0),
                    Value::from(now.millis()),
                    Value::from(card.0),
                ],
            ))
            .await?;
            changes::record(
                &tx,
                Entity::Book,
                ChangeOp::Update,
                &[book.0.to_string()],
                now,
            )
            .await
        }
        .await;
        match result {
            Ok(()) => tx.commit().await.map_err(|e| self.db.fail(e)),
            Err(e) => {
                let err = self.db.fail(e);
                tx.rollback().await.map_err(|e| self.db.fail(e))?;
                Err(err)
            }
        }
    }

    /// Ends every open entry of a card as `closed` or `rolled_back`.
    pub async fn finish(&self, card: CardId, end: JournalStep) -> Result<(), DbError> {
        self.db
            .conn()
            .execute_raw(sql::stmt(
                "UPDATE import_journal SET step = ?, finished_at = ? \
                 WHERE card_id = ? AND finished_at IS NULL",
                vec![
                    Value::from(end.as_str()),
                    Value::from(self.db.now().millis()),
                    Value::from(card.0),
                ],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        Ok(())
    }

    /// Every entry not yet closed or rolled back, by card then in plan order. Only a crashed or
    /// running placement leaves any, so the list is short.
    pub async fn open(&self) -> Result<Vec<JournalEntry>, DbError> {
        let rows = self
            .db
            .conn()
            .query_all_raw(sql::stmt(
                "SELECT id, card_id, op, src, tmp, dst, rel, part, size, sha256, existed, step \
                 FROM import_journal WHERE finished_at IS NULL ORDER BY card_id, id",
                Vec::new(),
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        rows.iter()
            .map(entry)
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.fail(e))
    }

    /// The files of a book in part order.
    pub async fn book_files(&self, book: BookId) -> Result<Vec<BookFile>, DbError> {
        let rows = self
            .db
            .conn()
            .query_all_raw(sql::stmt(
                "SELECT path, size, sha256, format, duration_ms, chapters, part \
                 FROM book_files WHERE book_id = ? ORDER BY part, path",
                vec![Value::from(book.0)],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        rows.iter()
            .map(|r| {
                Ok(BookFile {
                    path: r.try_get_by_index(0)?,
                    size: u64::try_from(r.try_get_by_index::<i64>(1)?).unwrap_or(0),
                    sha256: r.try_get_by_index(2)?,
                    format: r.try_get_by_index(3)?,
                    duration_ms: r
                        .try_get_by_index::<Option<i64>>(4)?
                        .and_then(|d| u64::try_from(d).ok()),
                    chapters: r
                        .try_get_by_index::<Option<i64>>(5)?
                        .and_then(|c| u32::try_from(c).ok()),
                    part: r
                        .try_get_by_index::<Option<i64>>(6)?
                        .and_then(|p| u32::try_from(p).ok()),
                })
            })
            .collect::<Result<_, DbErr>>()
            .map_err(|e| self.db.fail(e))
    }

    /// How many files the library lists under `path` (relative to the root); 0 or 1.
    pub async fn files_at(&self, path: &str) -> Result<u64, DbError> {
        sql::count(
            self.db.conn(),
            sql::stmt(
                "SELECT COUNT(*) FROM book_files WHERE path = ?",
                vec![Value::from(path)],
            ),
        )
        .await
        .map_err(|e| self.db.fail(e))
    }
}

fn entry(r: &QueryResult) -> Result<JournalEntry, DbErr> {
    let op: String = r.try_get_by_index(2)?;
    let step: String = r.try_get_by_index(11)?;
    Ok(JournalEntry {
        id: JournalId(r.try_get_by_index(0)?),
        card: CardId(r.try_get_by_index(1)?),
        op: PlaceOp::parse(&op).ok_or_else(|| DbErr::Type(format!("unknown op {op:?}")))?,
        file: PlannedFile {
            src: r.try_get_by_index(3)?,
            tmp: r.try_get_by_index(4)?,
            dst: r.try_get_by_index(5)?,
            rel: r.try_get_by_index(6)?,
            part: r
                .try_get_by_index::<Option<i64>>(7)?
                .and_then(|p| u32::try_from(p).ok()),
            size: u64::try_from(r.try_get_by_index::<i64>(8)?).unwrap_or(0),
            sha256: r.try_get_by_index(9)?,
            existed: r.try_get_by_index(10)?,
        },
        step: JournalStep::parse(&step)
            .ok_or_else(|| DbErr::Type(format!("unknown journal step {step:?}")))?,
    })
}
