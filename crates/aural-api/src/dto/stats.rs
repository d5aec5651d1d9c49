use aural_core::LibraryStats;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::book::{BookRow, StatusCountsDto};
use super::people::hours;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LanguageCountDto {
    pub language: Option<String>,
    pub books: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StatsDto {
    pub total_books: u64,
    pub by_status: StatusCountsDto,
    /// Runtime of every book in the library, in hours.
    pub total_hours: f64,
    pub owned_hours: f64,
    pub authors: u64,
    pub series: u64,
    pub added_last_7_days: u64,
    pub by_language: Vec<LanguageCountDto>,
    pub recently_added: Vec<BookRow>,
}

impl From<&LibraryStats> for StatsDto {
    fn from(s: &LibraryStats) -> Self {
        StatsDto {
            total_books: s.total_books,
            by_status: s.by_status.into(),
            total_hours: hours(s.total_minutes),
            owned_hours: hours(s.owned_minutes),
            authors: s.authors,
            series: s.series,
            added_last_7_days: s.added_last_7_days,
            by_language: s
                .by_language
                .iter()
                .map(|l| LanguageCountDto {
                    language: l.language.clone(),
                    books: l.books,
                })
                .collect(),
            recently_added: s.recently_added.iter().map(BookRow::from).collect(),
        }
    }
}
