//! An import card as the Import page and `import scan --json` show it: the book's files, what
//! its tags say, its best match with confidence and reasons, status and target. Stored as JSON
//! documents in the card's row.

use aural_core::BookId;
use aural_db::{CardId, CardRow, CardStatus, NewCard};
use serde::{Deserialize, Serialize};

use super::error::ImportError;
use crate::error::ServiceError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportCard {
    pub id: CardId,
    /// The book's folder, or the file chosen on its own.
    pub root: String,
    pub status: CardStatus,
    pub files: Vec<CardFile>,
    pub detected: Detected,
    /// The candidate the card imports into; `None` for a new book (or while pending).
    pub best_match: Option<Candidate>,
    /// The library book it matched, or was imported into once imported.
    pub book_id: Option<BookId>,
    /// Every candidate considered, best first.
    pub candidates: Vec<Candidate>,
    /// The book's folder relative to the library root.
    pub target: Option<String>,
    /// Why the card is invalid or failed.
    pub error: Option<String>,
    /// The matched library book's cached cover, looked up when the card is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Audio,
    Companion,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardFile {
    pub path: String,
    pub kind: FileKind,
    pub size: u64,
    /// The audio container (`m4b`, `mp3`…) or companion extension.
    pub format: String,
    /// 1-based play position among the audio parts.
    pub part: Option<u32>,
    pub duration_ms: Option<u64>,
    /// Why the file cannot be imported as is.
    pub problem: Option<String>,
}

/// What tags and folder names say of the book; empty fields are absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Detected {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub narrators: Vec<String>,
    pub series: Option<String>,
    pub series_position: Option<String>,
    pub year: Option<i32>,
    pub publisher: Option<String>,
    pub language: Option<String>,
    pub asin: Option<String>,
    pub duration_ms: Option<u64>,
}

/// A library book the card may be, with how sure the match is and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub book_id: BookId,
    pub asin: Option<String>,
    pub title: String,
    pub authors: Vec<String>,
    /// 0–100 (SPEC §7.4).
    pub confidence: u8,
    pub reasons: Vec<String>,
    /// How many files the library already holds for this book: importing it is a duplicate.
    #[serde(default)]
    pub files_held: u32,
}

impl ImportCard {
    pub(crate) fn into_row(self) -> Result<NewCard, ServiceError> {
        Ok(NewCard {
            root: self.root,
            files_json: to_json(&self.files)?,
            detected_json: to_json(&self.detected)?,
            match_book: self.best_match.as_ref().map(|m| m.book_id).or(self.book_id),
            match_asin: self.best_match.as_ref().and_then(|m| m.asin.clone()),
            confidence: self.best_match.as_ref().map(|m| m.confidence),
            reasons_json: to_json(
                &self
                    .best_match
                    .as_ref()
                    .map(|m| m.reasons.clone())
                    .unwrap_or_default(),
            )?,
            candidates_json: to_json(&self.candidates)?,
            status: self.status,
            target: self.target,
            error: self.error,
        })
    }

    pub(crate) fn from_row(row: CardRow) -> Result<ImportCard, ServiceError> {
        let candidates: Vec<Candidate> = from_json(&row.card.candidates_json)?;
        let reasons: Vec<String> = from_json(&row.card.reasons_json)?;
        let best_match = row
            .card
            .match_book
            .and_then(|id| candidates.iter().find(|c| c.book_id == id).cloned())
            .map(|c| Candidate { reasons, ..c });
        Ok(ImportCard {
            id: row.id,
            root: row.card.root,
            status: row.card.status,
            files: from_json(&row.card.files_json)?,
            detected: from_json(&row.card.detected_json)?,
            best_match,
            book_id: row.card.match_book,
            candidates,
            target: row.card.target,
            error: row.card.error,
            cover_key: None,
        })
    }

    pub(crate) fn audio(&self) -> impl Iterator<Item = &CardFile> {
        self.files.iter().filter(|f| f.kind == FileKind::Audio)
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, ServiceError> {
    serde_json::to_string(value).map_err(|e| ImportError::StoredCard(e).into())
}

fn from_json<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, ServiceError> {
    serde_json::from_str(text).map_err(|e| ImportError::StoredCard(e).into())
}
