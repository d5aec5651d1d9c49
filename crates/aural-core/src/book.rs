//! A book as the library knows it, and the input that creates or updates one.

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::ids::{Asin, AuthorId, BookId, SeriesId};
use crate::series_position::SeriesPosition;
use crate::status::BookStatus;

/// Title length limit; longer text is a data error, not a title.
pub const MAX_TITLE_CHARS: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credit<Id> {
    pub id: Id,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesRef {
    pub id: SeriesId,
    pub name: String,
    pub position: Option<SeriesPosition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Book {
    pub id: BookId,
    pub asin: Option<Asin>,
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<Credit<AuthorId>>,
    pub narrators: Vec<String>,
    pub series: Vec<SeriesRef>,
    /// Genre names, in case-insensitive alphabetical order: sources disagree on their order.
    pub genres: Vec<String>,
    pub status: BookStatus,
    pub runtime_min: Option<u32>,
    pub release_date: Option<ReleaseDate>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub summary: Option<String>,
    pub metadata_source: MetadataSource,
    pub added_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What a source (list import, sync, scan) knows about a book. Absent fields are `None`, never a placeholder.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BookInput {
    pub asin: Option<Asin>,
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    pub narrators: Vec<String>,
    pub series: Vec<SeriesInput>,
    pub genres: Vec<String>,
    pub runtime_min: Option<u32>,
    pub release_date: Option<ReleaseDate>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub summary: Option<String>,
    /// `None` lets the source's default apply (a list import treats a listed book as owned).
    pub status: Option<BookStatus>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeriesInput {
    pub name: String,
    pub position: Option<SeriesPosition>,
}

/// Where a book's metadata came from, ranked (SPEC §2.4): a higher rank replaces a lower one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetadataSource {
    ListImport,
    Tags,
    Abs,
    Audnexus,
    AudibleCatalog,
    AudibleLibrary,
    User,
}

impl MetadataSource {
    pub const ALL: [MetadataSource; 7] = [
        MetadataSource::ListImport,
        MetadataSource::Tags,
        MetadataSource::Abs,
        MetadataSource::Audnexus,
        MetadataSource::AudibleCatalog,
        MetadataSource::AudibleLibrary,
        MetadataSource::User,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MetadataSource::ListImport => "list_import",
            MetadataSource::Tags => "tags",
            MetadataSource::Abs => "abs",
            MetadataSource::Audnexus => "audnexus",
            MetadataSource::AudibleCatalog => "audible_catalog",
            MetadataSource::AudibleLibrary => "audible_library",
            MetadataSource::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<MetadataSource> {
        MetadataSource::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn rank(self) -> u8 {
        self as u8
    }
}

/// A release date: a full day, or only a year when that is all a source knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ReleaseDate {
    Day { year: i32, month: u8, day: u8 },
    Year(i32),
}

impl ReleaseDate {
    /// Accepts `YYYY-MM-DD`, `YYYY-MM-DDThh:mm…`, `YYYY-MM-DD hh:mm…`, `M/D/YYYY`, `D.M.YYYY` and `YYYY`.
    /// Slashes are read month first (US, as Libation writes en-US dates), dots day first (European).
    pub fn parse(text: &str) -> Option<ReleaseDate> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        if t.len() == 4 {
            return t
                .parse()
                .ok()
                .filter(|y| (1000..=9999).contains(y))
                .map(ReleaseDate::Year);
        }
        let date_part = t.split(['T', ' ']).next().unwrap_or(t);
        let nums: Vec<&str> = date_part.split(['-', '/', '.']).collect();
        let [a, b, c] = nums.as_slice() else {
            return None;
        };
        let (y, m, d) = if a.len() == 4 {
            (*a, *b, *c)
        } else if date_part.contains('.') {
            (*c, *b, *a)
        } else {
            (*c, *a, *b)
        };
        let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        ReleaseDate::day(year, month, day)
    }

    /// A day that exists in the Gregorian calendar: no 30 February, 29 February in leap years only.
    pub fn day(year: i32, month: u8, day: u8) -> Option<ReleaseDate> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        let valid = (1000..=9999).contains(&year) && (1..=days_in_month).contains(&day);
        valid.then_some(ReleaseDate::Day { year, month, day })
    }

    /// `YYYY-MM-DD` or `YYYY`: the stored form, which also sorts correctly as text.
    pub fn to_iso(self) -> String {
        match self {
            ReleaseDate::Day { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            ReleaseDate::Year(year) => format!("{year:04}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ReleaseDate;

    #[test]
    fn release_dates_parse_common_forms() {
        for (input, want) in [
            ("2017-03-14", Some("2017-03-14")),
            ("2017-03-14T00:00:00Z", Some("2017-03-14")),
            ("2017-03-14 00:00:00", Some("2017-03-14")),
            ("3/14/2017", Some("2017-03-14")),
            ("8/31/2010 12:00:00 AM", Some("2010-08-31")),
            ("14.03.2017 00:00:00", Some("2017-03-14")),
            ("2017", Some("2017")),
            ("2017-13-01", None),
            ("2023-02-30", None),
            ("2023-02-29", None),
            ("2024-02-29", Some("2024-02-29")),
            ("1900-02-29", None),
            ("2000-02-29", Some("2000-02-29")),
            ("2023-04-31", None),
            ("2023-12-31", Some("2023-12-31")),
            ("2/30/2023", None),
            ("soon", None),
            ("", None),
        ] {
            assert_eq!(
                ReleaseDate::parse(input)
                    .map(ReleaseDate::to_iso)
                    .as_deref(),
                want,
                "input {input:?}"
            );
        }
    }
}
