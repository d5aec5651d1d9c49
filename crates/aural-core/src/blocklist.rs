//! Releases not to take again (SPEC §2.5): a release that failed to download, was rejected at
//! import, or that the user turned down stays rejected in every later search for its book, with
//! the reason, until the user removes it from the list.

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::ids::{BookId, ProviderId};
use crate::normalize::title_key;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BlocklistReason {
    FailedDownload,
    ImportRejected,
    /// Turned down by the user.
    User,
    BadContent,
}

impl BlocklistReason {
    pub const ALL: [BlocklistReason; 4] = [
        BlocklistReason::FailedDownload,
        BlocklistReason::ImportRejected,
        BlocklistReason::User,
        BlocklistReason::BadContent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BlocklistReason::FailedDownload => "failed_download",
            BlocklistReason::ImportRejected => "import_rejected",
            BlocklistReason::User => "user",
            BlocklistReason::BadContent => "bad_content",
        }
    }

    pub fn parse(s: &str) -> Option<BlocklistReason> {
        BlocklistReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// How a rejected release explains itself.
    pub fn describe(self) -> &'static str {
        match self {
            BlocklistReason::FailedDownload => "its download failed",
            BlocklistReason::ImportRejected => "its import was rejected",
            BlocklistReason::User => "rejected by you",
            BlocklistReason::BadContent => "bad content",
        }
    }
}

/// What identifies a release on the list. The indexer's GUID is kept only as a SHA-256 (some
/// indexers put a passkey in it), and the title as its [`title_key`], so the same release
/// re-posted under another name's spacing or case is still known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseIdentity<'a> {
    pub indexer: Option<ProviderId>,
    pub guid_hash: Option<&'a str>,
    pub info_hash: Option<&'a str>,
    pub title: &'a str,
}

/// A release to put on the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBlocklistEntry {
    /// The book it was rejected for; `None` rejects it for every book.
    pub book: Option<BookId>,
    pub indexer: Option<ProviderId>,
    pub guid_hash: Option<String>,
    /// Lower-case hex.
    pub info_hash: Option<String>,
    pub title: String,
    pub reason: BlocklistReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlocklistEntry {
    pub id: i64,
    pub book: Option<BookId>,
    /// The book's title, for the list.
    pub book_title: Option<String>,
    pub indexer: Option<ProviderId>,
    pub guid_hash: Option<String>,
    pub info_hash: Option<String>,
    pub title: String,
    pub reason: BlocklistReason,
    pub created_at: Timestamp,
}

impl BlocklistEntry {
    /// The same release: the same GUID on the same indexer, the same info-hash, or the same
    /// title once normalised.
    pub fn matches(&self, release: &ReleaseIdentity<'_>) -> bool {
        let same_guid = self.indexer.is_some()
            && self.indexer == release.indexer
            && self.guid_hash.is_some()
            && self.guid_hash.as_deref() == release.guid_hash;
        let same_hash = self.info_hash.is_some()
            && self
                .info_hash
                .as_deref()
                .zip(release.info_hash)
                .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b));
        same_guid || same_hash || title_key(&self.title) == title_key(release.title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> BlocklistEntry {
        BlocklistEntry {
            id: 1,
            book: Some(BookId(7)),
            book_title: None,
            indexer: Some(ProviderId(2)),
            guid_hash: Some("ab12".into()),
            info_hash: Some("c0ffee".into()),
            title: "Dune - Frank Herbert [M4B]".into(),
            reason: BlocklistReason::User,
            created_at: Timestamp(0),
        }
    }

    fn release<'a>(
        indexer: i64,
        guid: &'a str,
        hash: &'a str,
        title: &'a str,
    ) -> ReleaseIdentity<'a> {
        ReleaseIdentity {
            indexer: Some(ProviderId(indexer)),
            guid_hash: Some(guid),
            info_hash: Some(hash),
            title,
        }
    }

    #[test]
    fn a_release_matches_by_guid_on_its_indexer_by_info_hash_or_by_normalised_title() {
        let e = entry();
        assert!(e.matches(&release(2, "ab12", "other", "Something else")));
        assert!(
            !e.matches(&release(3, "ab12", "other", "Something else")),
            "a GUID is per indexer"
        );
        assert!(e.matches(&release(3, "zz", "C0FFEE", "Something else")));
        assert!(e.matches(&release(3, "zz", "other", "dune  frank herbert m4b")));
        assert!(!e.matches(&release(2, "zz", "other", "Dune Messiah - Frank Herbert")));
    }

    #[test]
    fn reasons_round_trip_through_their_stored_names() {
        for reason in BlocklistReason::ALL {
            assert_eq!(BlocklistReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(BlocklistReason::parse("nope"), None);
    }
}
