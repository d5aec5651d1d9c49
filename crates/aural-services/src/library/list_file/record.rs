//! One book as the export writes it: a CSV record of our columns, or a JSON object with the same
//! field names. Both read back into the same book (see [`super::cell`] for the CSV rules).

use aural_core::Book;
use serde_json::{Map, Value};

use super::cell;

pub(in crate::library) const COLUMNS: [&str; 15] = [
    "asin",
    "title",
    "subtitle",
    "authors",
    "narrators",
    "series",
    "series_position",
    "runtime_minutes",
    "release_date",
    "language",
    "publisher",
    "genres",
    "status",
    "summary",
    "cover_url",
];

/// The CSV record: names joined by the list rule, every cell guarded against formulas.
pub(in crate::library) fn csv_record(book: &Book) -> Vec<String> {
    let list = |items: &[String]| cell::join_list(items.iter().map(String::as_str));
    let lists = Lists::of(book);
    let cells = [
        asin(book),
        book.title.clone(),
        text(&book.details.subtitle),
        list(&lists.authors),
        list(&lists.narrators),
        list(&lists.series),
        if lists.positions.iter().all(String::is_empty) {
            String::new()
        } else {
            list(&lists.positions)
        },
        runtime(book),
        release_date(book),
        text(&book.details.language),
        text(&book.details.publisher),
        list(&book.genres),
        book.status.to_string(),
        text(&book.details.summary),
        text(&book.details.cover_url),
    ];
    cells.iter().map(|c| cell::guard(c).into_owned()).collect()
}

/// The JSON object: lists as arrays (a name needs no escaping there), `series_position` one entry
/// per series with "" for none, empty fields left out.
pub(in crate::library) fn json_object(book: &Book) -> Map<String, Value> {
    let lists = Lists::of(book);
    let mut object = Map::new();
    let mut put = |key: &str, value: Value| {
        let empty = match &value {
            Value::String(s) => s.is_empty(),
            Value::Array(items) => items.is_empty(),
            Value::Null => true,
            _ => false,
        };
        if !empty {
            object.insert(key.to_owned(), value);
        }
    };
    put("asin", Value::from(asin(book)));
    put("title", Value::from(book.title.clone()));
    put("subtitle", Value::from(text(&book.details.subtitle)));
    put("authors", Value::from(lists.authors));
    put("narrators", Value::from(lists.narrators));
    put("series", Value::from(lists.series));
    if lists.positions.iter().any(|p| !p.is_empty()) {
        put("series_position", Value::from(lists.positions));
    }
    put(
        "runtime_minutes",
        book.details.runtime_min.map_or(Value::Null, Value::from),
    );
    put("release_date", Value::from(release_date(book)));
    put("language", Value::from(text(&book.details.language)));
    put("publisher", Value::from(text(&book.details.publisher)));
    put("genres", Value::from(book.genres.clone()));
    put("status", Value::from(book.status.to_string()));
    put("summary", Value::from(text(&book.details.summary)));
    put("cover_url", Value::from(text(&book.details.cover_url)));
    object
}

struct Lists {
    authors: Vec<String>,
    narrators: Vec<String>,
    series: Vec<String>,
    /// One per series, in the same order; "" where a series has no position.
    positions: Vec<String>,
}

impl Lists {
    fn of(book: &Book) -> Lists {
        Lists {
            authors: book.authors.iter().map(|a| a.name.clone()).collect(),
            narrators: book.narrators.clone(),
            series: book.series.iter().map(|s| s.name.clone()).collect(),
            positions: book
                .series
                .iter()
                .map(|s| {
                    s.position
                        .as_ref()
                        .map(|p| p.raw().to_owned())
                        .unwrap_or_default()
                })
                .collect(),
        }
    }
}

fn asin(book: &Book) -> String {
    book.asin
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn runtime(book: &Book) -> String {
    book.details
        .runtime_min
        .map(|m| m.to_string())
        .unwrap_or_default()
}

fn release_date(book: &Book) -> String {
    book.details
        .release_date
        .map(|d| d.to_iso())
        .unwrap_or_default()
}
