//! Audnexus (`api.audnex.us`) answers: books, authors, chapters. Only reading; matches are by
//! ASIN alone, so nothing here searches by title.

use aural_core::Asin;
use serde::Deserialize;

use crate::lenient;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NamedRef {
    #[serde(default, deserialize_with = "lenient::opt")]
    pub asin: Option<Asin>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Genre {
    pub asin: String,
    pub name: String,
    /// `genre` or `tag`.
    #[serde(rename = "type", default, deserialize_with = "lenient::text")]
    pub kind: Option<String>,
}

/// `seriesPrimary` / `seriesSecondary`; `position` can be a range ("1-2").
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SeriesPlace {
    #[serde(default, deserialize_with = "lenient::opt")]
    pub asin: Option<Asin>,
    pub name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub position: Option<String>,
}

/// `GET /books/<asin>`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Book {
    pub asin: Asin,
    #[serde(default, deserialize_with = "lenient::text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub subtitle: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub authors: Vec<NamedRef>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub narrators: Vec<NamedRef>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub publisher_name: Option<String>,
    /// RFC 3339 (`2018-02-20T00:00:00.000Z`).
    #[serde(default, deserialize_with = "lenient::text")]
    pub release_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::integer")]
    pub runtime_length_min: Option<i64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub image: Option<String>,
    #[serde(default, deserialize_with = "lenient::number")]
    pub rating: Option<f64>,
    /// HTML.
    #[serde(default, deserialize_with = "lenient::text")]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub isbn: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub format_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub genres: Vec<Genre>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub copyright: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_adult: Option<bool>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub literature_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub region: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt")]
    pub series_primary: Option<SeriesPlace>,
    #[serde(default, deserialize_with = "lenient::opt")]
    pub series_secondary: Option<SeriesPlace>,
}

/// `GET /authors/<asin>`; description and image may be empty.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Author {
    pub asin: Asin,
    pub name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub image: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub genres: Vec<Genre>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub similar: Vec<NamedRef>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub region: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Chapter {
    pub length_ms: i64,
    pub start_offset_ms: i64,
    #[serde(default, deserialize_with = "lenient::text")]
    pub title: Option<String>,
}

/// `GET /books/<asin>/chapters`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Chapters {
    pub asin: Asin,
    #[serde(default, deserialize_with = "lenient::integer")]
    pub brand_intro_duration_ms: Option<i64>,
    #[serde(default, deserialize_with = "lenient::integer")]
    pub brand_outro_duration_ms: Option<i64>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub chapters: Vec<Chapter>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_accurate: Option<bool>,
    #[serde(default, deserialize_with = "lenient::integer")]
    pub runtime_length_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the Audnexus answer is not a {what} with an ASIN")]
pub struct NotAnAudnexusAnswer {
    pub what: &'static str,
}

pub fn parse_book(body: &[u8]) -> Result<Book, NotAnAudnexusAnswer> {
    serde_json::from_slice(body).map_err(|_| NotAnAudnexusAnswer { what: "book" })
}

pub fn parse_author(body: &[u8]) -> Result<Author, NotAnAudnexusAnswer> {
    serde_json::from_slice(body).map_err(|_| NotAnAudnexusAnswer { what: "author" })
}

pub fn parse_chapters(body: &[u8]) -> Result<Chapters, NotAnAudnexusAnswer> {
    serde_json::from_slice(body).map_err(|_| NotAnAudnexusAnswer {
        what: "chapter list",
    })
}
