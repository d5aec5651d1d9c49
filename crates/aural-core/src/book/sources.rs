//! Who says what about a book's ownership, and the status that follows from it.
//!
//! Every source that reports a book (a list import, an Audible account, a file import, an
//! AudioBookShelf server, the user) keeps its own claim, so one source can withdraw what it
//! said (a title revoked from an Audible library) without touching what another says.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::MetadataSource;
use crate::clock::Timestamp;
use crate::status::BookStatus;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    User,
    ListImport,
    Audible,
    FileImport,
    Abs,
}

impl SourceKind {
    pub const ALL: [SourceKind; 5] = [
        SourceKind::User,
        SourceKind::ListImport,
        SourceKind::Audible,
        SourceKind::FileImport,
        SourceKind::Abs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::User => "user",
            SourceKind::ListImport => "list_import",
            SourceKind::Audible => "audible",
            SourceKind::FileImport => "file_import",
            SourceKind::Abs => "abs",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// How far the metadata this source sends is trusted (SPEC §2.4).
    pub fn metadata_source(self) -> MetadataSource {
        match self {
            SourceKind::User => MetadataSource::User,
            SourceKind::ListImport => MetadataSource::ListImport,
            SourceKind::Audible => MetadataSource::AudibleLibrary,
            SourceKind::FileImport => MetadataSource::Tags,
            SourceKind::Abs => MetadataSource::Abs,
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One source: its kind and which one of that kind (an Audible account and marketplace such as
/// `3:uk`, a provider id); empty for the user and for list imports, of which there is one each.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BookSource {
    pub kind: SourceKind,
    pub key: String,
}

impl BookSource {
    pub fn user() -> BookSource {
        BookSource {
            kind: SourceKind::User,
            key: String::new(),
        }
    }

    pub fn list_import() -> BookSource {
        BookSource {
            kind: SourceKind::ListImport,
            key: String::new(),
        }
    }
}

/// What one source says of a book's status, and since when it has said so (a source repeating
/// itself does not move `since`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusClaim {
    pub source: SourceKind,
    pub status: BookStatus,
    pub since: Timestamp,
}

/// A source's claim as the book page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookClaim {
    pub source: BookSource,
    pub status: BookStatus,
    pub since: Timestamp,
    pub first_seen: Timestamp,
    pub last_seen: Timestamp,
}

/// One move of a book's status, by whom; `batch` groups the moves of one user action for Undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusHistoryEntry {
    pub at: Timestamp,
    pub from: BookStatus,
    pub to: BookStatus,
    pub source: SourceKind,
    pub batch: Option<i64>,
}

/// Which claim wins when sources disagree and the user has not chosen: having the book beats
/// fetching it, fetching beats a choice to ignore it, which beats wanting it.
fn precedence(status: BookStatus) -> u8 {
    match status {
        BookStatus::Missing => 0,
        BookStatus::Wanted => 1,
        BookStatus::Ignored => 2,
        BookStatus::Downloading => 3,
        BookStatus::Owned => 4,
    }
}

/// The status a book shows. The user's choice stands against what sources said before it and
/// against a source repeating itself; only a newer fact (the book became owned or started
/// downloading after the choice) overrides it. With no claim left, a book is missing.
pub fn resolve_status(claims: &[StatusClaim]) -> BookStatus {
    let best = |claims: &mut dyn Iterator<Item = &StatusClaim>| {
        claims.map(|c| c.status).max_by_key(|s| precedence(*s))
    };
    let user = claims
        .iter()
        .filter(|c| c.source == SourceKind::User)
        .max_by_key(|c| c.since);
    match user {
        None => best(&mut claims.iter()).unwrap_or(BookStatus::Missing),
        Some(choice) => {
            let newer_facts = &mut claims.iter().filter(|c| {
                c.source != SourceKind::User
                    && c.since > choice.since
                    && matches!(c.status, BookStatus::Owned | BookStatus::Downloading)
            });
            best(newer_facts).unwrap_or(choice.status)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SourceKind::*;
    use super::*;
    use crate::status::BookStatus::*;

    fn claim(source: SourceKind, status: BookStatus, since: i64) -> StatusClaim {
        StatusClaim {
            source,
            status,
            since: Timestamp(since),
        }
    }

    #[test]
    fn without_a_user_choice_the_strongest_claim_wins() {
        assert_eq!(resolve_status(&[]), Missing);
        assert_eq!(resolve_status(&[claim(ListImport, Wanted, 1)]), Wanted);
        assert_eq!(
            resolve_status(&[claim(ListImport, Wanted, 5), claim(Audible, Owned, 1)]),
            Owned
        );
        assert_eq!(
            resolve_status(&[claim(ListImport, Ignored, 1), claim(Audible, Wanted, 5)]),
            Ignored
        );
    }

    #[test]
    fn the_user_choice_stands_against_older_claims_and_repeats() {
        let claims = [claim(Audible, Owned, 10), claim(User, Wanted, 20)];
        assert_eq!(resolve_status(&claims), Wanted);
        let claims = [claim(Audible, Owned, 10), claim(User, Ignored, 20)];
        assert_eq!(resolve_status(&claims), Ignored);
    }

    #[test]
    fn a_newer_fact_overrides_the_user_choice_but_a_newer_wish_does_not() {
        let bought = [claim(User, Ignored, 10), claim(Audible, Owned, 20)];
        assert_eq!(resolve_status(&bought), Owned);
        let listed = [claim(User, Ignored, 10), claim(ListImport, Wanted, 20)];
        assert_eq!(resolve_status(&listed), Ignored);
        let tie = [claim(User, Missing, 20), claim(FileImport, Owned, 20)];
        assert_eq!(
            resolve_status(&tie),
            Missing,
            "at the same instant the user wins"
        );
    }

    #[test]
    fn the_user_can_set_any_status_and_set_it_back() {
        for status in [Owned, Wanted, Missing, Ignored] {
            let claims = [claim(ListImport, Owned, 1), claim(User, status, 2)];
            assert_eq!(resolve_status(&claims), status);
        }
    }

    #[test]
    fn source_kinds_round_trip_through_text() {
        for kind in SourceKind::ALL {
            assert_eq!(SourceKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(SourceKind::parse("tags"), None);
    }
}
