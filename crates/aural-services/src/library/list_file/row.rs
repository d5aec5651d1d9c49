//! Turns one row's fields into a book input, or says in one sentence why it cannot.

use std::collections::BTreeMap;

use aural_core::book::MAX_TITLE_CHARS;
use aural_core::{Asin, BookInput, BookStatus, ReleaseDate, SeriesInput, SeriesPosition};

use super::columns::{Field, Flavour};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Text(String),
    List(Vec<String>),
}

#[derive(Debug)]
pub(super) struct RawRow {
    pub line: u64,
    pub fields: Result<BTreeMap<Field, Value>, String>,
}

/// Our lists separate names with `;` so that "Tolkien, J. R. R." survives; Libation uses ", ".
fn separator(flavour: Flavour) -> &'static str {
    match flavour {
        Flavour::AuralArchive => ";",
        Flavour::Libation => ", ",
    }
}

pub(super) fn to_input(
    fields: &BTreeMap<Field, Value>,
    flavour: Flavour,
) -> Result<BookInput, String> {
    let text = |f: Field| match fields.get(&f) {
        Some(Value::Text(t)) => Some(t.trim().to_owned()).filter(|t| !t.is_empty()),
        Some(Value::List(items)) => Some(items.join("; ")).filter(|t| !t.is_empty()),
        None => None,
    };
    let list = |f: Field| match fields.get(&f) {
        Some(Value::Text(t)) => split(t, separator(flavour)),
        Some(Value::List(items)) => items
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        None => Vec::new(),
    };

    let title = text(Field::Title).ok_or("the title is empty")?;
    let chars = title.chars().count();
    if chars > MAX_TITLE_CHARS {
        return Err(format!(
            "the title is {chars} characters long; the limit is {MAX_TITLE_CHARS}"
        ));
    }
    let asin = text(Field::Asin)
        .map(|a| a.parse::<Asin>().map_err(|e| e.to_string()))
        .transpose()?;
    let status = text(Field::Status).map(|s| parse_status(&s)).transpose()?;
    let runtime_min = text(Field::RuntimeMinutes)
        .map(|r| {
            r.parse::<f64>()
                .ok()
                .filter(|m| m.is_finite() && *m >= 0.0 && *m < 1_000_000.0)
                .map(|m| m.round() as u32)
                .ok_or_else(|| format!("runtime {r:?} is not a number of minutes"))
        })
        .transpose()?;
    let release_date = text(Field::ReleaseDate)
        .map(|d| {
            ReleaseDate::parse(&d)
                .ok_or_else(|| format!("release date {d:?} is not a date like 2017-03-14"))
        })
        .transpose()?;
    let series = match flavour {
        Flavour::Libation if fields.contains_key(&Field::SeriesPosition) => {
            libation_series(&text(Field::SeriesPosition).unwrap_or_default())
        }
        _ => {
            // Positions line up with the series names, so an empty slot ("1;;3") is kept as "no position".
            let positions: Vec<String> = match fields.get(&Field::SeriesPosition) {
                Some(Value::Text(t)) => t
                    .split(separator(flavour))
                    .map(|p| p.trim().to_owned())
                    .collect(),
                Some(Value::List(items)) => items.iter().map(|p| p.trim().to_owned()).collect(),
                None => Vec::new(),
            };
            list(Field::Series)
                .into_iter()
                .enumerate()
                .map(|(i, name)| SeriesInput {
                    name,
                    position: positions
                        .get(i)
                        .filter(|p| !p.is_empty())
                        .map(|p| SeriesPosition::parse(p)),
                })
                .collect()
        }
    };
    Ok(BookInput {
        asin,
        title,
        subtitle: text(Field::Subtitle),
        authors: list(Field::Authors),
        narrators: list(Field::Narrators),
        series,
        runtime_min,
        release_date,
        language: text(Field::Language).map(|l| l.to_lowercase()),
        publisher: text(Field::Publisher),
        summary: text(Field::Summary),
        status,
    })
}

/// A list carries what the user has and wants; `downloading` only means something while a download
/// runs in this app, so it arrives as wanted.
fn parse_status(text: &str) -> Result<BookStatus, String> {
    match text.parse::<BookStatus>() {
        Ok(BookStatus::Downloading) => Ok(BookStatus::Wanted),
        Ok(status) => Ok(status),
        Err(_) => Err(format!(
            "status {text:?} is unknown: use owned, wanted, missing or ignored"
        )),
    }
}

fn split(text: &str, separator: &str) -> Vec<String> {
    text.split(separator)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Libation's "Series Order": `1 : The Stormlight Archive, 0.5 : Cosmere`. A piece without " : "
/// is a comma inside the previous series name.
fn libation_series(text: &str) -> Vec<SeriesInput> {
    let mut out: Vec<SeriesInput> = Vec::new();
    for piece in text.split(", ") {
        match piece.split_once(" : ") {
            Some((position, name)) if !name.trim().is_empty() => out.push(SeriesInput {
                name: name.trim().to_owned(),
                position: Some(SeriesPosition::parse(position)).filter(|p| !p.raw().is_empty()),
            }),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.name.push_str(", ");
                    last.name.push_str(piece.trim());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libation_series_order_keeps_positions_and_commas_in_names() {
        let series = libation_series("1 : The Stormlight Archive, 0.5 : Cosmere, Short Fiction");
        let got: Vec<(String, Option<f64>)> = series
            .iter()
            .map(|s| (s.name.clone(), s.position.as_ref().and_then(|p| p.first())))
            .collect();
        assert_eq!(
            got,
            vec![
                ("The Stormlight Archive".to_owned(), Some(1.0)),
                ("Cosmere, Short Fiction".to_owned(), Some(0.5))
            ]
        );
    }

    #[test]
    fn row_problems_say_what_is_wrong() {
        let row = |pairs: &[(Field, &str)]| -> BTreeMap<Field, Value> {
            pairs
                .iter()
                .map(|(f, v)| (*f, Value::Text((*v).to_owned())))
                .collect()
        };
        let long_title = "x".repeat(10_000);
        for (fields, needle) in [
            (row(&[(Field::Asin, "B017V4IM1G")]), "title is empty"),
            (
                row(&[(Field::Title, "T"), (Field::Asin, "nope")]),
                "not an ASIN",
            ),
            (
                row(&[(Field::Title, "T"), (Field::Status, "have")]),
                "status \"have\" is unknown",
            ),
            (
                row(&[(Field::Title, "T"), (Field::RuntimeMinutes, "long")]),
                "not a number",
            ),
            (
                row(&[(Field::Title, "T"), (Field::ReleaseDate, "someday")]),
                "not a date",
            ),
            (row(&[(Field::Title, &long_title)]), "10000 characters"),
        ] {
            let err = to_input(&fields, Flavour::AuralArchive).expect_err(needle);
            assert!(err.contains(needle), "{err:?} should mention {needle:?}");
        }
    }

    #[test]
    fn our_lists_split_names_on_semicolons() {
        let fields: BTreeMap<Field, Value> = [
            (Field::Title, Value::Text("The Hobbit".to_owned())),
            (
                Field::Authors,
                Value::Text("Tolkien, J. R. R.; Christopher Tolkien".to_owned()),
            ),
            (
                Field::Series,
                Value::Text("Middle-earth; Classics".to_owned()),
            ),
            (Field::SeriesPosition, Value::Text("1-3; 7".to_owned())),
            (Field::Status, Value::Text("Wanted".to_owned())),
        ]
        .into_iter()
        .collect();
        let input = to_input(&fields, Flavour::AuralArchive).expect("valid row");
        assert_eq!(
            input.authors,
            vec!["Tolkien, J. R. R.", "Christopher Tolkien"]
        );
        assert_eq!(
            input.series[0].position.as_ref().and_then(|p| p.end()),
            Some(3.0)
        );
        assert_eq!(input.series[1].name, "Classics");
        assert_eq!(input.status, Some(BookStatus::Wanted));
    }
}
