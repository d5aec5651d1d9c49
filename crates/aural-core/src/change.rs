//! The change feed (SPEC §2.6): one row per written entity, tailed by open windows.

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    Book,
    Author,
    Series,
    Download,
    Job,
    Provider,
    File,
    Setting,
    Blocklist,
    /// An Audible account.
    Account,
}

impl Entity {
    pub const ALL: [Entity; 10] = [
        Entity::Book,
        Entity::Author,
        Entity::Series,
        Entity::Download,
        Entity::Job,
        Entity::Provider,
        Entity::File,
        Entity::Setting,
        Entity::Blocklist,
        Entity::Account,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Book => "book",
            Entity::Author => "author",
            Entity::Series => "series",
            Entity::Download => "download",
            Entity::Job => "job",
            Entity::Provider => "provider",
            Entity::File => "file",
            Entity::Setting => "setting",
            Entity::Blocklist => "blocklist",
            Entity::Account => "account",
        }
    }

    pub fn parse(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeOp {
    Insert,
    Update,
    Delete,
}

impl ChangeOp {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeOp::Insert => "insert",
            ChangeOp::Update => "update",
            ChangeOp::Delete => "delete",
        }
    }

    pub fn parse(s: &str) -> Option<ChangeOp> {
        [ChangeOp::Insert, ChangeOp::Update, ChangeOp::Delete]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// Past this many rows of one kind, a write is recorded and published as "many rows changed"
/// (an empty id, an event with no ids): listing them costs more than a window refetching.
pub const MANY_IDS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub seq: i64,
    pub entity: Entity,
    /// The row's key as text: a number for books, a UUID for jobs; empty for a write of more
    /// than [`MANY_IDS`] rows.
    pub entity_id: String,
    pub op: ChangeOp,
    pub at: Timestamp,
}
