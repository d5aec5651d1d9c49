use aural_core::{Book, BookSort, BookStatus, StatusCounts};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct BookQuery {
    pub page: u32,
    pub per_page: u32,
    pub sort: BookSort,
    pub desc: bool,
    pub query: Option<String>,
    pub status: Option<BookStatus>,
    pub author_id: Option<i64>,
    pub series_id: Option<i64>,
    pub narrator: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPositionDto {
    pub id: i64,
    pub name: String,
    /// The position as the source wrote it ("1.5", "1-3", "Book Two").
    pub position: Option<String>,
    pub position_sort: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BookRow {
    pub id: i64,
    pub asin: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    /// Ids of `authors`, in the same order.
    pub author_ids: Vec<i64>,
    pub narrators: Vec<String>,
    pub series: Vec<SeriesPositionDto>,
    pub status: BookStatus,
    pub runtime_minutes: Option<u32>,
    pub release_date: Option<String>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BookDetail {
    #[serde(flatten)]
    pub book: BookRow,
    pub summary: Option<String>,
    pub metadata_source: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BookPage {
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<BookRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusCountsDto {
    pub owned: u64,
    pub wanted: u64,
    pub downloading: u64,
    pub missing: u64,
    pub ignored: u64,
}

impl From<StatusCounts> for StatusCountsDto {
    fn from(c: StatusCounts) -> Self {
        StatusCountsDto {
            owned: c.owned,
            wanted: c.wanted,
            downloading: c.downloading,
            missing: c.missing,
            ignored: c.ignored,
        }
    }
}

impl From<&Book> for BookRow {
    fn from(b: &Book) -> Self {
        BookRow {
            id: b.id.0,
            asin: b.asin.as_ref().map(ToString::to_string),
            title: b.title.clone(),
            subtitle: b.subtitle.clone(),
            authors: b.authors.iter().map(|a| a.name.clone()).collect(),
            author_ids: b.authors.iter().map(|a| a.id.0).collect(),
            narrators: b.narrators.clone(),
            series: b
                .series
                .iter()
                .map(|s| SeriesPositionDto {
                    id: s.id.0,
                    name: s.name.clone(),
                    position: s
                        .position
                        .as_ref()
                        .map(|p| p.raw().to_owned())
                        .filter(|p| !p.is_empty()),
                    position_sort: s.position.as_ref().and_then(|p| p.first()),
                })
                .collect(),
            status: b.status,
            runtime_minutes: b.runtime_min,
            release_date: b.release_date.map(|d| d.to_iso()),
            language: b.language.clone(),
            publisher: b.publisher.clone(),
            added_at: b.added_at.to_rfc3339(),
        }
    }
}

impl From<&Book> for BookDetail {
    fn from(b: &Book) -> Self {
        BookDetail {
            book: BookRow::from(b),
            summary: b.summary.clone(),
            metadata_source: b.metadata_source.as_str().to_owned(),
            updated_at: b.updated_at.to_rfc3339(),
        }
    }
}
