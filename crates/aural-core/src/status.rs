//! The book status vocabulary (SPEC §2.2) and which changes a user may make.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BookStatus {
    Missing,
    Wanted,
    Downloading,
    Owned,
    Ignored,
}

impl BookStatus {
    pub const ALL: [BookStatus; 5] = [
        BookStatus::Owned,
        BookStatus::Wanted,
        BookStatus::Downloading,
        BookStatus::Missing,
        BookStatus::Ignored,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BookStatus::Missing => "missing",
            BookStatus::Wanted => "wanted",
            BookStatus::Downloading => "downloading",
            BookStatus::Owned => "owned",
            BookStatus::Ignored => "ignored",
        }
    }

    /// Checks a change the user asks for directly (UI button, `books set-status`).
    /// Owned and downloading are facts that come from syncs, imports and downloads, so the user
    /// can only move between missing, wanted and ignored, or give up an owned book.
    pub fn user_change(self, to: BookStatus) -> Result<BookStatus, StatusChangeError> {
        use BookStatus::{Downloading, Ignored, Missing, Owned, Wanted};
        let allowed = matches!(
            (self, to),
            (Missing, Wanted)
                | (Wanted, Missing)
                | (Missing | Wanted, Ignored)
                | (Ignored, Missing | Wanted)
                | (Owned, Wanted | Missing)
        ) || self == to;
        if allowed {
            Ok(to)
        } else {
            let hint = match to {
                Owned => {
                    "A book becomes owned through Audible sync, an import or a library list import."
                }
                Downloading => "A book becomes downloading when a release is grabbed for it.",
                _ => "Cancel its download first.",
            };
            Err(StatusChangeError {
                from: self,
                to,
                hint,
            })
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a book cannot go from {from} to {to} by hand")]
pub struct StatusChangeError {
    pub from: BookStatus,
    pub to: BookStatus,
    pub hint: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a status: use one of owned, wanted, downloading, missing, ignored")]
pub struct UnknownStatus(pub String);

impl FromStr for BookStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        BookStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == lower)
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

impl fmt::Display for BookStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::BookStatus::{self, *};

    #[test]
    fn statuses_round_trip_through_text() {
        for st in BookStatus::ALL {
            assert_eq!(st.as_str().parse::<BookStatus>(), Ok(st));
        }
        assert_eq!(" Owned ".parse::<BookStatus>(), Ok(Owned));
        assert!("have".parse::<BookStatus>().is_err());
    }

    #[test]
    fn user_changes_follow_the_transition_table() {
        for (from, to, ok) in [
            (Missing, Wanted, true),
            (Wanted, Missing, true),
            (Wanted, Ignored, true),
            (Ignored, Wanted, true),
            (Owned, Wanted, true),
            (Wanted, Owned, false),
            (Missing, Downloading, false),
            (Downloading, Wanted, false),
            (Ignored, Owned, false),
        ] {
            assert_eq!(from.user_change(to).is_ok(), ok, "{from} -> {to}");
        }
    }
}
