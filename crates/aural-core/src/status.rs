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

    /// The statuses a user may choose by hand, in menu order.
    pub const USER_CHOICES: [BookStatus; 4] = [
        BookStatus::Owned,
        BookStatus::Wanted,
        BookStatus::Missing,
        BookStatus::Ignored,
    ];

    /// Checks a status the user chooses directly (UI menu, `books set-status`), whatever the
    /// books have now. Any status a user can know is theirs to set and to set back; only
    /// "downloading" is a fact the app records when it grabs a release.
    pub fn chosen_by_user(self) -> Result<BookStatus, StatusChangeError> {
        if BookStatus::USER_CHOICES.contains(&self) {
            Ok(self)
        } else {
            Err(StatusChangeError {
                to: self,
                hint: "A book becomes downloading when a release is grabbed for it.",
            })
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a book cannot be set to {to} by hand")]
pub struct StatusChangeError {
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
    fn users_may_choose_any_status_but_downloading() {
        for status in BookStatus::ALL {
            assert_eq!(
                status.chosen_by_user().is_ok(),
                status != Downloading,
                "{status}"
            );
        }
    }
}
