use aural_core::{AuthorSummary, NameSort, SeriesSummary};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::book::StatusCountsDto;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct NameListQuery {
    pub page: u32,
    pub per_page: u32,
    pub sort: NameSort,
    pub desc: bool,
    pub query: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuthorRow {
    pub id: i64,
    pub name: String,
    pub counts: StatusCountsDto,
    pub books: u64,
    pub total_hours: f64,
    pub series_count: u64,
}

pub type AuthorPage = super::PageOf<AuthorRow>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SeriesRow {
    pub id: i64,
    pub name: String,
    pub authors: Vec<String>,
    pub counts: StatusCountsDto,
    pub books: u64,
    /// Owned share of the volumes that count (ignored ones do not); `None` when none count.
    pub completion_percent: Option<f64>,
}

pub type SeriesPage = super::PageOf<SeriesRow>;

pub(crate) fn hours(minutes: u64) -> f64 {
    (minutes as f64 / 6.0).round() / 10.0
}

impl From<&AuthorSummary> for AuthorRow {
    fn from(a: &AuthorSummary) -> Self {
        AuthorRow {
            id: a.id.0,
            name: a.name.clone(),
            counts: a.counts.into(),
            books: a.counts.total(),
            total_hours: hours(a.total_minutes),
            series_count: a.series_count,
        }
    }
}

impl From<&SeriesSummary> for SeriesRow {
    fn from(s: &SeriesSummary) -> Self {
        SeriesRow {
            id: s.id.0,
            name: s.name.clone(),
            authors: s.authors.clone(),
            counts: s.counts.into(),
            books: s.counts.total(),
            completion_percent: s
                .counts
                .completion_percent()
                .map(|p| (p * 10.0).round() / 10.0),
        }
    }
}
