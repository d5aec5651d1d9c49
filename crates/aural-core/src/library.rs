//! Queries over the library: filters, sort keys, counts and the summaries pages show.

use serde::{Deserialize, Serialize};

use crate::book::Book;
use crate::ids::{AuthorId, SeriesId};
use crate::status::BookStatus;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BookSort {
    #[default]
    Title,
    Author,
    Series,
    ReleaseDate,
    AddedDate,
    Runtime,
    /// Owned first, then wanted, downloading, missing and ignored.
    Status,
    /// By the first narrator's name.
    Narrator,
}

impl BookSort {
    pub const ALL: [BookSort; 8] = [
        BookSort::Title,
        BookSort::Author,
        BookSort::Series,
        BookSort::ReleaseDate,
        BookSort::AddedDate,
        BookSort::Runtime,
        BookSort::Status,
        BookSort::Narrator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BookSort::Title => "title",
            BookSort::Author => "author",
            BookSort::Series => "series",
            BookSort::ReleaseDate => "releaseDate",
            BookSort::AddedDate => "addedDate",
            BookSort::Runtime => "runtime",
            BookSort::Status => "status",
            BookSort::Narrator => "narrator",
        }
    }

    /// Accepts the camelCase key and the kebab/snake forms a shell user types.
    pub fn parse(s: &str) -> Option<BookSort> {
        let folded: String = s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        BookSort::ALL
            .into_iter()
            .find(|k| k.as_str().to_lowercase() == folded)
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BookFilter {
    /// Full-text query over title, subtitle, authors, narrators and series.
    pub query: Option<String>,
    /// Books with any of these statuses; empty for every status.
    pub statuses: Vec<BookStatus>,
    pub author: Option<AuthorId>,
    pub series: Option<SeriesId>,
    pub narrator: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusCounts {
    pub owned: u64,
    pub wanted: u64,
    pub downloading: u64,
    pub missing: u64,
    pub ignored: u64,
}

impl StatusCounts {
    pub fn add(&mut self, status: BookStatus, n: u64) {
        match status {
            BookStatus::Owned => self.owned += n,
            BookStatus::Wanted => self.wanted += n,
            BookStatus::Downloading => self.downloading += n,
            BookStatus::Missing => self.missing += n,
            BookStatus::Ignored => self.ignored += n,
        }
    }

    pub fn total(&self) -> u64 {
        self.owned + self.wanted + self.downloading + self.missing + self.ignored
    }

    /// Owned share of the volumes that count (ignored ones do not), in percent.
    pub fn completion_percent(&self) -> Option<f64> {
        let counted = self.total() - self.ignored;
        (counted > 0).then(|| self.owned as f64 * 100.0 / counted as f64)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageCount {
    pub language: Option<String>,
    pub books: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LibraryStats {
    pub total_books: u64,
    pub by_status: StatusCounts,
    /// Runtime of owned books, in minutes.
    pub owned_minutes: u64,
    pub total_minutes: u64,
    pub authors: u64,
    pub series: u64,
    pub added_last_7_days: u64,
    pub by_language: Vec<LanguageCount>,
    pub recently_added: Vec<Book>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NameSort {
    #[default]
    Name,
    Books,
    Owned,
    Missing,
}

impl NameSort {
    pub const ALL: [NameSort; 4] = [
        NameSort::Name,
        NameSort::Books,
        NameSort::Owned,
        NameSort::Missing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NameSort::Name => "name",
            NameSort::Books => "books",
            NameSort::Owned => "owned",
            NameSort::Missing => "missing",
        }
    }

    pub fn parse(s: &str) -> Option<NameSort> {
        let lower = s.trim().to_lowercase();
        NameSort::ALL.into_iter().find(|k| k.as_str() == lower)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NameQuery {
    /// Case-insensitive substring of the name.
    pub query: Option<String>,
    pub sort: NameSort,
    pub dir: SortDir,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorSummary {
    pub id: AuthorId,
    pub name: String,
    pub counts: StatusCounts,
    pub total_minutes: u64,
    pub series_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesSummary {
    pub id: SeriesId,
    pub name: String,
    pub counts: StatusCounts,
    pub authors: Vec<String>,
}

/// A row of the library with series collapsed: a book in no series, or a whole series.
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryEntry {
    Book(Box<crate::Book>),
    Series(SeriesSummary),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_accept_shell_spellings() {
        for (input, want) in [
            ("author", Some(BookSort::Author)),
            ("releaseDate", Some(BookSort::ReleaseDate)),
            ("release-date", Some(BookSort::ReleaseDate)),
            ("added_date", Some(BookSort::AddedDate)),
            ("size", None),
        ] {
            assert_eq!(BookSort::parse(input), want, "input {input:?}");
        }
    }

    #[test]
    fn completion_ignores_ignored_volumes() {
        let counts = StatusCounts {
            owned: 2,
            wanted: 1,
            missing: 1,
            ignored: 4,
            downloading: 0,
        };
        assert_eq!(counts.completion_percent(), Some(50.0));
        assert_eq!(StatusCounts::default().completion_percent(), None);
    }
}
