//! Turns one row's fields into a book input, or says in one sentence why it cannot.

use std::collections::BTreeMap;

use aural_core::book::MAX_TITLE_CHARS;
use aural_core::{
    Asin, BookDetails, BookInput, BookStatus, ReleaseDate, SeriesInput, SeriesPosition,
};

use super::cell;
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

/// How a text cell holds several names: ours with `;` and escapes (see [`cell`]), Libation and
/// audible-cli with ", ", which their own exports never escape.
fn split_names(text: &str, flavour: Flavour) -> Vec<String> {
    match flavour {
        Flavour::AuralArchive => cell::split_list(text),
        Flavour::Libation | Flavour::AudibleCli => {
            text.split(", ").map(|s| s.trim().to_owned()).collect()
        }
    }
}

/// What the import changes in a usable row, said so the user is not surprised by it.
pub(super) fn adjustment(fields: &BTreeMap<Field, Value>) -> Option<String> {
    match fields.get(&Field::Status) {
        Some(Value::Text(t)) if t.trim().parse::<BookStatus>() == Ok(BookStatus::Downloading) => {
            Some(
                "status \"downloading\" was imported as wanted: a book is downloading only while \
                 AuralArchive downloads it"
                    .to_owned(),
            )
        }
        _ => None,
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
    // Every slot of a list, empty ones included, so two lists that pair up stay aligned.
    let slots = |f: Field| match fields.get(&f) {
        Some(Value::Text(t)) => split_names(t, flavour),
        Some(Value::List(items)) => items.iter().map(|s| s.trim().to_owned()).collect(),
        None => Vec::new(),
    };
    let list =
        |f: Field| -> Vec<String> { slots(f).into_iter().filter(|s| !s.is_empty()).collect() };

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
                .ok_or_else(|| format!("release date {d:?} is not a calendar date like 2017-03-14"))
        })
        .transpose()?;
    let series = match flavour {
        Flavour::Libation if fields.contains_key(&Field::SeriesPosition) => {
            libation_series(&text(Field::SeriesPosition).unwrap_or_default())
        }
        // audible-cli exports the first series only; its title is one name, commas and all.
        Flavour::AudibleCli => text(Field::Series)
            .map(|name| SeriesInput {
                name,
                position: text(Field::SeriesPosition).map(|p| SeriesPosition::parse(&p)),
            })
            .into_iter()
            .collect(),
        _ => paired_series(slots(Field::Series), slots(Field::SeriesPosition))?,
    };
    Ok(BookInput {
        asin,
        title,
        authors: list(Field::Authors),
        narrators: list(Field::Narrators),
        series,
        genres: list(Field::Genres),
        details: BookDetails {
            subtitle: text(Field::Subtitle),
            runtime_min,
            release_date,
            language: text(Field::Language).map(|l| l.to_lowercase()),
            publisher: text(Field::Publisher),
            summary: text(Field::Summary),
            cover_url: text(Field::CoverUrl)
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                .or_else(|| text(Field::CoverId).and_then(|id| picture_url(&id))),
            ..BookDetails::default()
        },
        status,
    })
}

/// Audible's cover address for an Amazon picture id ("51xJbFMRsxL"), at the 500 px size Audible's
/// own `product_images` list; anything that is not such an id is ignored rather than sent anywhere.
fn picture_url(id: &str) -> Option<String> {
    let plain = !id.is_empty()
        && id.len() <= 32
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '+');
    plain.then(|| format!("https://m.media-amazon.com/images/I/{id}._SL500_.jpg"))
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

/// Pairs series names with positions slot by slot: `A;;B` with `1;;3` puts B at 3. A position
/// without a series name, or more positions than names, cannot be placed, so the row is refused
/// rather than shifting positions onto the wrong series.
fn paired_series(
    mut names: Vec<String>,
    mut positions: Vec<String>,
) -> Result<Vec<SeriesInput>, String> {
    for slots in [&mut names, &mut positions] {
        while slots.last().is_some_and(String::is_empty) {
            slots.pop();
        }
    }
    if positions.len() > names.len() {
        return Err(format!(
            "{} series positions for {} series; give one position per series, in the same order \
             (leave a slot empty for a series without a position)",
            positions.len(),
            names.len()
        ));
    }
    let mut out = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        let position = positions.get(i).filter(|p| !p.is_empty());
        if name.is_empty() {
            if let Some(position) = position {
                return Err(format!(
                    "series position {position:?} (item {}) has no series name beside it",
                    i + 1
                ));
            }
            continue;
        }
        out.push(SeriesInput {
            name,
            position: position.map(|p| SeriesPosition::parse(p)),
        });
    }
    Ok(out)
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
                "not a calendar date",
            ),
            (
                row(&[(Field::Title, "T"), (Field::ReleaseDate, "2023-02-30")]),
                "\"2023-02-30\" is not a calendar date",
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

    fn series_of(
        fields: &[(Field, &str)],
        flavour: Flavour,
    ) -> Result<Vec<(String, Option<String>)>, String> {
        let mut row: BTreeMap<Field, Value> = fields
            .iter()
            .map(|(f, v)| (*f, Value::Text((*v).to_owned())))
            .collect();
        row.insert(Field::Title, Value::Text("T".to_owned()));
        to_input(&row, flavour).map(|input| {
            input
                .series
                .into_iter()
                .map(|s| (s.name, s.position.map(|p| p.raw().to_owned())))
                .collect()
        })
    }

    #[test]
    fn empty_series_slots_do_not_shift_positions() {
        let pair = |n: &str, p: Option<&str>| (n.to_owned(), p.map(str::to_owned));
        for (names, positions, want) in [
            (
                "A;;B",
                "1;;3",
                vec![pair("A", Some("1")), pair("B", Some("3"))],
            ),
            ("A; B", "; 2", vec![pair("A", None), pair("B", Some("2"))]),
            (
                "A;B;",
                "1;2;",
                vec![pair("A", Some("1")), pair("B", Some("2"))],
            ),
            (
                r"Smith\; Co; B",
                "1; 2",
                vec![pair("Smith; Co", Some("1")), pair("B", Some("2"))],
            ),
        ] {
            let got = series_of(
                &[(Field::Series, names), (Field::SeriesPosition, positions)],
                Flavour::AuralArchive,
            );
            assert_eq!(got, Ok(want), "series {names:?} at {positions:?}");
        }
    }

    #[test]
    fn positions_that_cannot_be_placed_refuse_the_row() {
        for (names, positions, needle) in [
            (
                "A;;B",
                "1;2;3",
                "position \"2\" (item 2) has no series name",
            ),
            ("A", "1;2", "2 series positions for 1 series"),
        ] {
            let err = series_of(
                &[(Field::Series, names), (Field::SeriesPosition, positions)],
                Flavour::AuralArchive,
            )
            .expect_err(needle);
            assert!(err.contains(needle), "{err:?} should mention {needle:?}");
        }
    }

    #[test]
    fn audible_cli_series_is_one_name_with_its_sequence() {
        let got = series_of(
            &[
                (Field::Series, "Tales, Old and New"),
                (Field::SeriesPosition, "2"),
            ],
            Flavour::AudibleCli,
        );
        assert_eq!(
            got,
            Ok(vec![(
                "Tales, Old and New".to_owned(),
                Some("2".to_owned())
            )])
        );
    }
}
