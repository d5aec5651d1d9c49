//! A book as the library knows it, and the input a source gives to create or update one.
//!
//! `Book` is the stored shape (credits resolved to ids); `BookInput` is what one source says
//! (names as text). Both carry every column of `books` that a source can fill.

mod clean;
mod merge;
mod metadata_source;
mod release_date;
mod sources;

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::ids::{Asin, AuthorId, BookId, SeriesId};
use crate::series_position::SeriesPosition;
use crate::status::BookStatus;

pub use clean::{InvalidBook, name_fold, normalise_language, sort_genres};
pub use merge::merge;
pub use metadata_source::MetadataSource;
pub use release_date::ReleaseDate;
pub use sources::{
    BookClaim, BookSource, SourceKind, StatusClaim, StatusHistoryEntry, resolve_status,
};

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

/// Listeners' rating as the store shows it: an average of 0–5 stars over `count` ratings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub average: f64,
    pub count: u64,
}

/// The columns a source may fill that are neither the identity (ASIN, title) nor credits.
/// `Book` and `BookInput` share it, so a new column is added once.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BookDetails {
    pub subtitle: Option<String>,
    pub isbn: Option<String>,
    pub runtime_min: Option<u32>,
    pub release_date: Option<ReleaseDate>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    /// The publisher's description, as plain text or the HTML the store sends.
    pub summary: Option<String>,
    pub copyright: Option<String>,
    /// "Unabridged", "Abridged", "Original Recording", …, as the source words it.
    pub format_type: Option<String>,
    pub is_adult: bool,
    pub rating: Option<Rating>,
    pub cover_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Book {
    pub id: BookId,
    pub asin: Option<Asin>,
    pub title: String,
    pub authors: Vec<Credit<AuthorId>>,
    pub narrators: Vec<String>,
    pub series: Vec<SeriesRef>,
    /// Genre names, in case-insensitive alphabetical order: sources disagree on their order.
    pub genres: Vec<String>,
    pub status: BookStatus,
    #[serde(flatten)]
    pub details: BookDetails,
    /// The file name of its cover in the local cover cache, once fetched or imported.
    pub cover_key: Option<String>,
    pub metadata_source: MetadataSource,
    pub added_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What a source (list import, sync, scan) knows about a book. Absent fields are `None`, never a placeholder.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BookInput {
    pub asin: Option<Asin>,
    pub title: String,
    pub authors: Vec<String>,
    pub narrators: Vec<String>,
    pub series: Vec<SeriesInput>,
    pub genres: Vec<String>,
    pub details: BookDetails,
    /// What the source says of ownership; `None` lets the source's default apply (a list import
    /// treats a listed book as owned).
    pub status: Option<BookStatus>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeriesInput {
    pub name: String,
    pub position: Option<SeriesPosition>,
}
