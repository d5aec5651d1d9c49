//! Which column holds what: our own names and those of Libation's export, matched loosely
//! (case, spaces and underscores do not matter).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Field {
    Asin,
    Title,
    Subtitle,
    Authors,
    Narrators,
    Series,
    SeriesPosition,
    RuntimeMinutes,
    ReleaseDate,
    Language,
    Publisher,
    Status,
    Summary,
}

/// Our own list shape, or Libation's export (SPEC §12 #13): Libation joins names with ", " and
/// writes series as "1 : Name, 2 : Other" in its "Series Order" column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Flavour {
    AuralArchive,
    Libation,
}

const LIBATION_MARKER: &str = "audibleproductid";

pub(super) fn flavour(headers: &[String]) -> Flavour {
    if headers.iter().any(|h| fold(h) == LIBATION_MARKER) {
        Flavour::Libation
    } else {
        Flavour::AuralArchive
    }
}

/// The field a header names, or `None` for a column we do not read (Libation's ratings, tags, …).
pub(super) fn field(header: &str) -> Option<Field> {
    let field = match fold(header).as_str() {
        "asin" | LIBATION_MARKER => Field::Asin,
        "title" => Field::Title,
        "subtitle" => Field::Subtitle,
        "authors" | "author" | "authornames" => Field::Authors,
        "narrators" | "narrator" | "narratornames" => Field::Narrators,
        "series" | "seriesnames" => Field::Series,
        "seriesposition" | "seriesorder" => Field::SeriesPosition,
        "runtimeminutes" | "lengthinminutes" | "runtime" => Field::RuntimeMinutes,
        "releasedate" | "datepublished" => Field::ReleaseDate,
        "language" => Field::Language,
        "publisher" => Field::Publisher,
        "status" => Field::Status,
        "description" | "summary" => Field::Summary,
        _ => return None,
    };
    Some(field)
}

fn fold(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_of_both_shapes_map_to_fields() {
        for (header, want) in [
            ("asin", Some(Field::Asin)),
            ("Audible Product Id", Some(Field::Asin)),
            ("AudibleProductId", Some(Field::Asin)),
            ("series_position", Some(Field::SeriesPosition)),
            ("Series Order", Some(Field::SeriesPosition)),
            ("Length In Minutes", Some(Field::RuntimeMinutes)),
            ("runtime_minutes", Some(Field::RuntimeMinutes)),
            ("Date Published", Some(Field::ReleaseDate)),
            ("AuthorNames", Some(Field::Authors)),
            ("Community Rating: Overall", None),
        ] {
            assert_eq!(field(header), want, "header {header:?}");
        }
    }
}
