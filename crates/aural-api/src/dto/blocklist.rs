use aural_core::{BlocklistEntry, BlocklistReason};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A release on the blocklist. Its GUID is known only by its hash and is not shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BlocklistEntryDto {
    pub id: i64,
    /// `None`: rejected for every book.
    pub book_id: Option<i64>,
    pub book_title: Option<String>,
    pub indexer_id: Option<i64>,
    pub info_hash: Option<String>,
    pub title: String,
    pub reason: BlocklistReason,
    /// The reason in words.
    pub why: String,
    pub created_at: String,
}

pub type BlocklistPage = super::PageOf<BlocklistEntryDto>;

/// A release to reject, as a search result gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BlocklistRequest {
    /// The book's id or ASIN; `None` rejects the release for every book.
    pub book: Option<String>,
    pub indexer_id: Option<i64>,
    pub guid_hash: Option<String>,
    pub info_hash: Option<String>,
    pub title: String,
    /// `user` when not given.
    pub reason: Option<BlocklistReason>,
}

impl From<&BlocklistEntry> for BlocklistEntryDto {
    fn from(e: &BlocklistEntry) -> Self {
        BlocklistEntryDto {
            id: e.id,
            book_id: e.book.map(|b| b.0),
            book_title: e.book_title.clone(),
            indexer_id: e.indexer.map(|p| p.0),
            info_hash: e.info_hash.clone(),
            title: e.title.clone(),
            reason: e.reason,
            why: e.reason.describe().to_owned(),
            created_at: e.created_at.to_rfc3339(),
        }
    }
}
