//! MyAnonamouse's search answer (SPEC §5.3): `{"data": [...], "found": n}` or `{"error": "…"}`.
//! Its values come in loose types — numbers as strings, booleans as "0"/"1", sizes with units,
//! and author, narrator and series lists as JSON documents inside strings — so each field is read
//! from a JSON value on its own: a value that does not read leaves its field unknown and keeps
//! the release.

use std::fmt;

use aural_core::Sensitive;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};
use url::Url;

use crate::mam::request;
use crate::size;
use crate::torznab::feed::{MAX_ITEMS, Protocol, Release, clean_title};

/// MAM's main category of audiobooks and of e-books.
const AUDIOBOOKS: u64 = 13;
const EBOOKS: u64 = 14;
/// The Newznab categories these map to (SPEC §5.2).
const NEWZNAB_AUDIOBOOK: u32 = 3030;
const NEWZNAB_EBOOK: u32 = 7020;
/// File types that make a release an e-book.
const EBOOK_TYPES: &[&str] = &[
    "epub", "mobi", "azw", "azw3", "pdf", "cbz", "cbr", "djvu", "lit", "txt", "rtf",
];

/// One page of results.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub releases: Vec<Release>,
    /// MAM's count of all matches, for paging.
    pub found: Option<u64>,
    /// Rows without an id or a title, which cannot be grabbed or shown.
    pub skipped: usize,
    /// E-book rows, which are never audiobooks.
    pub ebooks: usize,
    pub truncated: bool,
}

/// Why an answer is not a page of results; the indexer turns it into an [`IndexerError`] with
/// the URL.
///
/// [`IndexerError`]: crate::IndexerError
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// The login page, or an error about the session.
    SessionRejected(Option<String>),
    /// Another error of MAM's own.
    Refused(String),
    /// Not JSON at all: an HTML page of another kind, or nothing.
    NotJson(String),
    Malformed(String),
}

#[derive(Deserialize)]
struct AnswerDoc {
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    error: Option<Value>,
    #[serde(default)]
    message: Option<Value>,
    #[serde(default)]
    found: Option<Value>,
    #[serde(default)]
    total_found: Option<Value>,
}

/// Reads an answer; `base` builds each release's download and info links.
pub fn parse(bytes: &[u8], base: &Url) -> Result<Page, AnswerError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.starts_with('<') {
        return Err(html(text));
    }
    if text.is_empty() {
        return Err(AnswerError::NotJson("an empty answer".to_owned()));
    }
    let doc: AnswerDoc = serde_json::from_str(text)
        .map_err(|e| AnswerError::Malformed(aural_http::redact::text(&e.to_string())))?;
    if let Some(error) = doc.error.as_ref().and_then(text_of) {
        // MAM answers a search without matches with this error rather than an empty list.
        if error.starts_with("Nothing returned, out of") {
            return Ok(Page::default());
        }
        return Err(error_of(&error));
    }
    let rows = match doc.data {
        Some(Value::Array(rows)) => rows,
        Some(Value::Null) | None => {
            return match doc.message.as_ref().and_then(text_of) {
                Some(message) => Err(error_of(&message)),
                None => Err(AnswerError::Malformed("no \"data\" list".to_owned())),
            };
        }
        Some(_) => return Err(AnswerError::Malformed("\"data\" is not a list".to_owned())),
    };
    let mut page = Page {
        found: doc
            .found
            .as_ref()
            .or(doc.total_found.as_ref())
            .and_then(number),
        truncated: rows.len() > MAX_ITEMS,
        ..Page::default()
    };
    for row in rows.into_iter().take(MAX_ITEMS) {
        match release(row, base) {
            Row::Kept(release) => page.releases.push(*release),
            Row::Ebook => page.ebooks += 1,
            Row::Unusable => page.skipped += 1,
        }
    }
    Ok(page)
}

fn html(text: &str) -> AnswerError {
    let lower = text.to_ascii_lowercase();
    if lower.contains("type=\"password\"") || lower.contains("login") || lower.contains("log in") {
        AnswerError::SessionRejected(Some("the site answered with its login page".to_owned()))
    } else {
        AnswerError::NotJson("an HTML page".to_owned())
    }
}

/// MAM's error texts about the session ("Error, you are not signed in", an expired or
/// unknown `mam_id`) tell the user to replace the cookie; others are reported as they are.
fn error_of(message: &str) -> AnswerError {
    let message = aural_http::redact::text(message.trim());
    let lower = message.to_ascii_lowercase();
    let about_session = [
        "log in",
        "login",
        "logged",
        "signed in",
        "sign in",
        "session",
        "cookie",
        "mam_id",
        "unauthori",
        "forbidden",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if about_session {
        AnswerError::SessionRejected(Some(message))
    } else {
        AnswerError::Refused(message)
    }
}

enum Row {
    Kept(Box<Release>),
    Ebook,
    Unusable,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RowDoc {
    id: Option<Value>,
    title: Option<Value>,
    author_info: Option<Value>,
    narrator_info: Option<Value>,
    series_info: Option<Value>,
    lang_code: Option<Value>,
    filetype: Option<Value>,
    vip: Option<Value>,
    free: Option<Value>,
    personal_freeleech: Option<Value>,
    fl_vip: Option<Value>,
    category: Option<Value>,
    catname: Option<Value>,
    main_cat: Option<Value>,
    added: Option<Value>,
    times_completed: Option<Value>,
    seeders: Option<Value>,
    leechers: Option<Value>,
    numfiles: Option<Value>,
    size: Option<Value>,
}

fn release(row: Value, base: &Url) -> Row {
    let Ok(row) = RowDoc::deserialize(row) else {
        return Row::Unusable;
    };
    let (Some(id), Some(title)) = (
        row.id.as_ref().and_then(number),
        row.title
            .as_ref()
            .and_then(text_of)
            .as_deref()
            .and_then(clean_title),
    ) else {
        return Row::Unusable;
    };
    let file_types: Vec<String> = row
        .filetype
        .as_ref()
        .and_then(text_of)
        .map(|t| t.split_whitespace().map(str::to_ascii_lowercase).collect())
        .unwrap_or_default();
    let main_cat = row.main_cat.as_ref().and_then(number);
    let ebook_types =
        !file_types.is_empty() && file_types.iter().all(|t| EBOOK_TYPES.contains(&t.as_str()));
    if main_cat == Some(EBOOKS) || ebook_types {
        return Row::Ebook;
    }
    let info_url = request::info_url(base, id).to_string();
    let mut release = Release::new(title, Protocol::Torrent);
    release.guid = Some(info_url.clone());
    release.info_url = Some(info_url);
    release.download_url = Some(Sensitive::new(request::download_url(base, id).to_string()));
    release.author = names(row.author_info.as_ref());
    release.narrator = names(row.narrator_info.as_ref());
    (release.series, release.series_position) = series(row.series_info.as_ref());
    release.language = row.lang_code.as_ref().and_then(text_of);
    release.file_types = file_types;
    release.vip = row.vip.as_ref().is_some_and(flag);
    let freeleech =
        row.free.as_ref().is_some_and(flag) || row.personal_freeleech.as_ref().is_some_and(flag);
    release.download_volume_factor = Some(if freeleech { 0.0 } else { 1.0 });
    release.upload_volume_factor = Some(1.0);
    if row.fl_vip.as_ref().is_some_and(flag) {
        release
            .other_attrs
            .insert("fl_vip".to_owned(), "1".to_owned());
    }
    if let Some(category) = row.category.as_ref().and_then(number) {
        release
            .other_attrs
            .insert("category".to_owned(), category.to_string());
    }
    release.categories = match main_cat {
        Some(AUDIOBOOKS) => vec![NEWZNAB_AUDIOBOOK],
        Some(EBOOKS) => vec![NEWZNAB_EBOOK],
        _ => Vec::new(),
    };
    release.category_names = row.catname.as_ref().and_then(text_of).into_iter().collect();
    release.published = row.added.as_ref().and_then(text_of).and_then(|t| added(&t));
    release.grabs = row.times_completed.as_ref().and_then(count);
    release.files = row.numfiles.as_ref().and_then(count);
    release.seeders = row.seeders.as_ref().and_then(count);
    release.leechers = row.leechers.as_ref().and_then(count);
    release.peers = release
        .seeders
        .zip(release.leechers)
        .map(|(s, l)| s.saturating_add(l));
    release.size = row.size.as_ref().and_then(|v| match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => size::parse(s),
        _ => None,
    });
    Row::Kept(Box::new(release))
}

/// Text of a string or a number, trimmed; `None` when blank.
fn text_of(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

fn number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn count(value: &Value) -> Option<u32> {
    number(value).and_then(|n| u32::try_from(n).ok())
}

/// `true`, `1` and `"1"` (MAM sends all three), or `"true"`.
fn flag(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_u64().is_some_and(|n| n != 0),
        Value::String(s) => matches!(s.trim(), "1" | "true" | "yes"),
        _ => false,
    }
}

/// "2021-03-12 18:04:05", in UTC.
fn added(text: &str) -> Option<OffsetDateTime> {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    PrimitiveDateTime::parse(text, format)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// A JSON object inside a string (`"{\"8234\": \"Kerrelyn Sparks\"}"`), or an object as it is;
/// its entries in the order given.
fn embedded(value: Option<&Value>) -> Vec<Value> {
    match value {
        Some(Value::String(s)) if !s.trim().is_empty() => serde_json::from_str::<Ordered>(s)
            .map(|o| o.0)
            .unwrap_or_default(),
        Some(Value::Object(map)) => map.values().cloned().collect(),
        _ => Vec::new(),
    }
}

/// People named in `author_info`/`narrator_info`, joined as "A, B".
fn names(value: Option<&Value>) -> Option<String> {
    let names: Vec<String> = embedded(value).iter().filter_map(text_of).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// The first series of `series_info` (`{"id": ["name", "volume"]}`) and its volume.
fn series(value: Option<&Value>) -> (Option<String>, Option<String>) {
    for entry in embedded(value) {
        let (name, position) = match &entry {
            Value::Array(items) => (
                items.first().and_then(text_of),
                items.get(1).and_then(text_of),
            ),
            other => (text_of(other), None),
        };
        if name.is_some() {
            return (name, position);
        }
    }
    (None, None)
}

/// A JSON object's values in document order (serde_json's map sorts its keys).
struct Ordered(Vec<Value>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Ordered, D::Error> {
        struct Values;
        impl<'de> Visitor<'de> for Values {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut values = Vec::new();
                while let Some((_, value)) = map.next_entry::<String, Value>()? {
                    values.push(value);
                }
                Ok(Ordered(values))
            }
        }
        deserializer.deserialize_map(Values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_values_read_as_their_types() {
        for (value, want) in [
            (serde_json::json!("1"), true),
            (serde_json::json!(1), true),
            (serde_json::json!(true), true),
            (serde_json::json!("0"), false),
            (serde_json::json!(0), false),
            (serde_json::json!(null), false),
        ] {
            assert_eq!(flag(&value), want, "{value}");
        }
        assert_eq!(number(&serde_json::json!(" 42 ")), Some(42));
        assert_eq!(number(&serde_json::json!("x")), None);
        assert_eq!(
            added("2021-03-12 18:04:05").map(|t| t.unix_timestamp()),
            Some(1_615_572_245)
        );
        assert_eq!(added("12 Mar 2021"), None);
    }

    #[test]
    fn embedded_lists_keep_their_order_and_tolerate_blanks() {
        let authors = serde_json::json!("{\"9\": \"Zed Alpha\", \"10\": \"Amy Beta\"}");
        assert_eq!(
            names(Some(&authors)).as_deref(),
            Some("Zed Alpha, Amy Beta")
        );
        for blank in [
            serde_json::json!(""),
            serde_json::json!("{"),
            serde_json::json!(null),
        ] {
            assert_eq!(names(Some(&blank)), None, "{blank}");
        }
        let series_info = serde_json::json!("{\"77\": [\"The Expanse\", \"3\"]}");
        assert_eq!(
            series(Some(&series_info)),
            (Some("The Expanse".to_owned()), Some("3".to_owned()))
        );
    }
}
