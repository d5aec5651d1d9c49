use aural_core::{
    Book, BookClaim, BookSort, BookStatus, MetadataSource, SourceKind, StatusCounts,
    StatusHistoryEntry,
};
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
    /// Books with any of these statuses; empty for every status.
    pub statuses: Vec<BookStatus>,
    pub author_id: Option<i64>,
    pub series_id: Option<i64>,
    pub narrator: Option<String>,
    pub language: Option<String>,
    /// One entry per series instead of its volumes (`list_library`); ignored within one series.
    pub collapse_series: bool,
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
    /// The cover's file in the local cache (served as `cover://localhost/<key>`); `None` shows a placeholder.
    pub cover_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RatingDto {
    /// 0 to 5 stars.
    pub average: f64,
    pub count: u64,
}

/// What one source says of a book's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusSourceDto {
    pub source: SourceKind,
    /// Which one of its kind (an Audible account and marketplace); empty when there is one.
    pub key: String,
    pub status: BookStatus,
    /// When the source last changed what it says.
    pub since: String,
    pub first_seen: String,
    pub last_seen: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusMoveDto {
    pub at: String,
    pub from: BookStatus,
    pub to: BookStatus,
    pub source: SourceKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BookDetail {
    #[serde(flatten)]
    pub book: BookRow,
    pub isbn: Option<String>,
    pub summary: Option<String>,
    pub copyright: Option<String>,
    pub format_type: Option<String>,
    pub is_adult: bool,
    pub rating: Option<RatingDto>,
    pub cover_url: Option<String>,
    pub genres: Vec<String>,
    pub metadata_source: MetadataSource,
    pub updated_at: String,
    /// Every source's claim, the user's choice included.
    pub sources: Vec<StatusSourceDto>,
    /// The latest status moves, newest first.
    pub status_history: Vec<StatusMoveDto>,
}

/// Which books a bulk change applies to: the listed ids, or every book the filter matches
/// (across all pages). Exactly one of the two.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct BookSelectionDto {
    pub ids: Option<Vec<i64>>,
    pub matching: Option<BookQuery>,
}

/// What a status change did; `undo` reverses it (absent when nothing changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusChangeDto {
    pub changed: u64,
    pub undo: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BookStatusChanged {
    pub book: BookDetail,
    pub change: StatusChangeDto,
}

pub type BookPage = super::PageOf<BookRow>;

/// A row of the library with series collapsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LibraryEntryDto {
    Book(BookRow),
    Series(super::SeriesRow),
}

pub type LibraryPage = super::PageOf<LibraryEntryDto>;

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
            subtitle: b.details.subtitle.clone(),
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
            runtime_minutes: b.details.runtime_min,
            release_date: b.details.release_date.map(|d| d.to_iso()),
            language: b.details.language.clone(),
            publisher: b.details.publisher.clone(),
            added_at: b.added_at.to_rfc3339(),
            cover_key: b.cover_key.clone(),
        }
    }
}

impl BookDetail {
    pub fn new(b: &Book, claims: &[BookClaim], history: &[StatusHistoryEntry]) -> Self {
        let d = &b.details;
        BookDetail {
            book: BookRow::from(b),
            isbn: d.isbn.clone(),
            summary: d.summary.clone(),
            copyright: d.copyright.clone(),
            format_type: d.format_type.clone(),
            is_adult: d.is_adult,
            rating: d.rating.map(|r| RatingDto {
                average: r.average,
                count: r.count,
            }),
            cover_url: d.cover_url.clone(),
            genres: b.genres.clone(),
            metadata_source: b.metadata_source,
            updated_at: b.updated_at.to_rfc3339(),
            sources: claims
                .iter()
                .map(|c| StatusSourceDto {
                    source: c.source.kind,
                    key: c.source.key.clone(),
                    status: c.status,
                    since: c.since.to_rfc3339(),
                    first_seen: c.first_seen.to_rfc3339(),
                    last_seen: c.last_seen.to_rfc3339(),
                })
                .collect(),
            status_history: history
                .iter()
                .map(|h| StatusMoveDto {
                    at: h.at.to_rfc3339(),
                    from: h.from,
                    to: h.to,
                    source: h.source,
                })
                .collect(),
        }
    }
}

impl From<aural_services::library::StatusChangeOutcome> for StatusChangeDto {
    fn from(o: aural_services::library::StatusChangeOutcome) -> Self {
        StatusChangeDto {
            changed: o.changed,
            undo: o.batch,
        }
    }
}
