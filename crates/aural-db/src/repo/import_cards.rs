//! Import cards (SPEC §7.4): what a scan found for one book, its best match and status. The
//! detected metadata, files and match reasons are JSON documents the service layer owns; this
//! repository stores them whole and never looks inside.

use std::fmt;
use std::str::FromStr;

use aural_core::{BookId, InvalidId, Page, Paged, Timestamp};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use serde::{Deserialize, Serialize};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::sql;

/// The row id of an import card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardId(pub i64);

impl FromStr for CardId {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().parse::<i64>() {
            Ok(n) if n > 0 => Ok(CardId(n)),
            _ => Err(InvalidId::Number(s.to_owned())),
        }
    }
}

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a card stands (SPEC §7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    /// Matched above the auto-accept threshold, or new to the library with title and author.
    Ready,
    /// Candidates below the threshold: the user chooses.
    Pending,
    /// No title could be found in tags or folder names.
    MissingMetadata,
    /// A file is unreadable, empty, truncated or not the audio its name says.
    Invalid,
    /// Placing the book failed; the reason is in `error`.
    Error,
    Imported,
}

impl CardStatus {
    pub const ALL: [CardStatus; 6] = [
        CardStatus::Ready,
        CardStatus::Pending,
        CardStatus::MissingMetadata,
        CardStatus::Invalid,
        CardStatus::Error,
        CardStatus::Imported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CardStatus::Ready => "ready",
            CardStatus::Pending => "pending",
            CardStatus::MissingMetadata => "missing_metadata",
            CardStatus::Invalid => "invalid",
            CardStatus::Error => "error",
            CardStatus::Imported => "imported",
        }
    }

    pub fn parse(s: &str) -> Option<CardStatus> {
        CardStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for CardStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A card as a scan writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCard {
    pub root: String,
    pub files_json: String,
    pub detected_json: String,
    pub match_book: Option<BookId>,
    pub match_asin: Option<String>,
    pub confidence: Option<u8>,
    pub reasons_json: String,
    pub candidates_json: String,
    pub status: CardStatus,
    pub target: Option<String>,
    pub error: Option<String>,
}

/// A stored card.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRow {
    pub id: CardId,
    pub card: NewCard,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// How many cards are in each status; statuses without cards are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardCounts(pub Vec<(CardStatus, u64)>);

impl CardCounts {
    pub fn get(&self, status: CardStatus) -> u64 {
        self.0
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }
}

const COLUMNS: &str = "id, root, files, detected, match_book_id, match_asin, confidence, reasons, \
                       candidates, status, target, error, created_at, updated_at";

pub struct ImportCardRepo<'a> {
    db: &'a Db,
}

impl<'a> ImportCardRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        ImportCardRepo { db }
    }

    /// Writes the cards of one scan in one transaction. A card for a root that already has an
    /// open (not imported) card replaces that card's contents and keeps its id, so scanning a
    /// folder twice never makes two cards for one book.
    pub async fn save(&self, cards: &[NewCard]) -> Result<Vec<CardId>, DbError> {
        let now = self.db.now().millis();
        let tx = self.db.begin_write().await?;
        let mut ids = Vec::with_capacity(cards.len());
        for card in cards {
            let row = tx
                .query_one_raw(sql::stmt(
                    "INSERT INTO import_cards (root, files, detected, match_book_id, match_asin, \
                       confidence, reasons, candidates, status, target, error, created_at, updated_at) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
                     ON CONFLICT (root) WHERE status <> 'imported' DO UPDATE SET \
                       files = excluded.files, detected = excluded.detected, \
                       match_book_id = excluded.match_book_id, match_asin = excluded.match_asin, \
                       confidence = excluded.confidence, reasons = excluded.reasons, \
                       candidates = excluded.candidates, status = excluded.status, \
                       target = excluded.target, error = excluded.error, \
                       updated_at = excluded.updated_at \
                     RETURNING id",
                    vec![
                        Value::from(card.root.as_str()),
                        Value::from(card.files_json.as_str()),
                        Value::from(card.detected_json.as_str()),
                        Value::from(card.match_book.map(|b| b.0)),
                        Value::from(card.match_asin.clone()),
                        Value::from(card.confidence.map(i64::from)),
                        Value::from(card.reasons_json.as_str()),
                        Value::from(card.candidates_json.as_str()),
                        Value::from(card.status.as_str()),
                        Value::from(card.target.clone()),
                        Value::from(card.error.clone()),
                        Value::from(now),
                        Value::from(now),
                    ],
                ))
                .await
                .map_err(|e| self.db.fail(e))?;
            let id: i64 = row
                .ok_or_else(|| DbErr::RecordNotInserted)
                .and_then(|r| r.try_get_by_index(0))
                .map_err(|e| self.db.fail(e))?;
            ids.push(CardId(id));
        }
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        Ok(ids)
    }

    pub async fn get(&self, id: CardId) -> Result<CardRow, DbError> {
        let row = self
            .db
            .conn()
            .query_one_raw(sql::stmt(
                format!("SELECT {COLUMNS} FROM import_cards WHERE id = ?"),
                vec![Value::from(id.0)],
            ))
            .await
            .map_err(|e| self.db.fail(e))?
            .ok_or_else(|| not_found(id))?;
        card_row(&row).map_err(|e| self.db.fail(e))
    }

    /// Cards newest first, of one status or all.
    pub async fn list(
        &self,
        status: Option<CardStatus>,
        page: Page,
    ) -> Result<Paged<CardRow>, DbError> {
        let (filter, mut values) = match status {
            Some(s) => ("WHERE status = ?", vec![Value::from(s.as_str())]),
            None => ("", Vec::new()),
        };
        let total = sql::count(
            self.db.conn(),
            sql::stmt(
                format!("SELECT COUNT(*) FROM import_cards {filter}"),
                values.clone(),
            ),
        )
        .await
        .map_err(|e| self.db.fail(e))?;
        values.push(Value::from(i64::from(page.size())));
        values.push(Value::from(
            i64::try_from(page.offset()).unwrap_or(i64::MAX),
        ));
        let rows = self
            .db
            .conn()
            .query_all_raw(sql::stmt(
                format!(
                    "SELECT {COLUMNS} FROM import_cards {filter} ORDER BY id DESC LIMIT ? OFFSET ?"
                ),
                values,
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        let items = rows
            .iter()
            .map(card_row)
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.fail(e))?;
        Ok(Paged { items, total, page })
    }

    /// The ids of every ready card, oldest first.
    pub async fn ready(&self) -> Result<Vec<CardId>, DbError> {
        let ids = sql::ids_of(
            self.db.conn(),
            sql::stmt(
                "SELECT id FROM import_cards WHERE status = 'ready' ORDER BY id",
                Vec::new(),
            ),
        )
        .await
        .map_err(|e| self.db.fail(e))?;
        Ok(ids.into_iter().map(CardId).collect())
    }

    /// One `GROUP BY status`.
    pub async fn counts(&self) -> Result<CardCounts, DbError> {
        let rows = self
            .db
            .conn()
            .query_all_raw(sql::stmt(
                "SELECT status, COUNT(*) FROM import_cards GROUP BY status",
                Vec::new(),
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        let mut counts = Vec::new();
        for row in &rows {
            let status: String = row.try_get_by_index(0).map_err(|e| self.db.fail(e))?;
            let n: i64 = row.try_get_by_index(1).map_err(|e| self.db.fail(e))?;
            if let Some(status) = CardStatus::parse(&status) {
                counts.push((status, u64::try_from(n).unwrap_or(0)));
            }
        }
        Ok(CardCounts(counts))
    }

    /// Rewrites an open card's match, metadata and status after the user's decision. An imported
    /// card is history and is never rewritten: that is `NotFound` like a missing one.
    pub async fn update(&self, id: CardId, card: &NewCard) -> Result<(), DbError> {
        let changed = self
            .db
            .conn()
            .execute_raw(sql::stmt(
                "UPDATE import_cards SET detected = ?, match_book_id = ?, match_asin = ?, \
                   confidence = ?, reasons = ?, candidates = ?, status = ?, error = ?, \
                   updated_at = ? \
                 WHERE id = ? AND status <> 'imported'",
                vec![
                    Value::from(card.detected_json.as_str()),
                    Value::from(card.match_book.map(|b| b.0)),
                    Value::from(card.match_asin.clone()),
                    Value::from(card.confidence.map(i64::from)),
                    Value::from(card.reasons_json.as_str()),
                    Value::from(card.candidates_json.as_str()),
                    Value::from(card.status.as_str()),
                    Value::from(card.error.clone()),
                    Value::from(self.db.now().millis()),
                    Value::from(id.0),
                ],
            ))
            .await
            .map_err(|e| self.db.fail(e))?
            .rows_affected();
        if changed == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }

    /// Deletes a card; its files on disk are not the database's to touch.
    pub async fn delete(&self, id: CardId) -> Result<(), DbError> {
        let deleted = self
            .db
            .conn()
            .execute_raw(sql::stmt(
                "DELETE FROM import_cards WHERE id = ?",
                vec![Value::from(id.0)],
            ))
            .await
            .map_err(|e| self.db.fail(e))?
            .rows_affected();
        if deleted == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }

    /// Sets a card's status with its error (cleared when `None`).
    pub async fn set_status(
        &self,
        id: CardId,
        status: CardStatus,
        error: Option<&str>,
    ) -> Result<(), DbError> {
        self.db
            .conn()
            .execute_raw(sql::stmt(
                "UPDATE import_cards SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                vec![
                    Value::from(status.as_str()),
                    Value::from(error.map(str::to_owned)),
                    Value::from(self.db.now().millis()),
                    Value::from(id.0),
                ],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        Ok(())
    }
}

fn not_found(id: CardId) -> DbError {
    DbError::NotFound {
        entity: "import card",
        key: id.to_string(),
    }
}

fn card_row(r: &QueryResult) -> Result<CardRow, DbErr> {
    let status: String = r.try_get_by_index(9)?;
    let confidence: Option<i64> = r.try_get_by_index(6)?;
    Ok(CardRow {
        id: CardId(r.try_get_by_index(0)?),
        card: NewCard {
            root: r.try_get_by_index(1)?,
            files_json: r.try_get_by_index(2)?,
            detected_json: r.try_get_by_index(3)?,
            match_book: r.try_get_by_index::<Option<i64>>(4)?.map(BookId),
            match_asin: r.try_get_by_index(5)?,
            confidence: confidence.and_then(|c| u8::try_from(c).ok()),
            reasons_json: r.try_get_by_index(7)?,
            candidates_json: r.try_get_by_index(8)?,
            status: CardStatus::parse(&status)
                .ok_or_else(|| DbErr::Type(format!("unknown import card status {status:?}")))?,
            target: r.try_get_by_index(10)?,
            error: r.try_get_by_index(11)?,
        },
        created_at: Timestamp(r.try_get_by_index(12)?),
        updated_at: Timestamp(r.try_get_by_index(13)?),
    })
}
