//! Which column holds what: our own names and those of Libation's and audible-cli's exports,
//! matched loosely (case, spaces and underscores do not matter).

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
    Genres,
    Status,
    Summary,
    CoverUrl,
    /// Libation's "Cover Id": the Amazon picture id the cover URL is made of.
    CoverId,
}

/// Our own list shape, Libation's export (SPEC §12 #13) or `audible library export` of
/// audible-cli. Libation joins names with ", " and writes series as "1 : Name, 2 : Other" in its
/// "Series Order" column; audible-cli joins names with ", " and gives only the first series, as
/// `series_title` and `series_sequence` (`cmds/cmd_library.py`, `export_library`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Flavour {
    AuralArchive,
    Libation,
    AudibleCli,
}

impl Flavour {
    pub fn name(self) -> &'static str {
        match self {
            Flavour::AuralArchive => "AuralArchive",
            Flavour::Libation => "Libation",
            Flavour::AudibleCli => "audible-cli",
        }
    }
}

const LIBATION_MARKER: &str = "audibleproductid";
/// Keys only audible-cli's export has; a row without series or runtime still has some of them.
const AUDIBLE_CLI_MARKERS: [&str; 7] = [
    "seriestitle",
    "seriessequence",
    "runtimelengthmin",
    "extendedproductdescription",
    "percentcomplete",
    "isfinished",
    "purchasedate",
];
/// Keys only our own lists have.
const OUR_MARKERS: [&str; 4] = ["series", "seriesposition", "runtimeminutes", "status"];

/// The shape a set of keys names, or `None` when they fit any shape (a JSON object with only a
/// title, say). Libation's id column wins, then audible-cli's own columns.
pub(super) fn shape(keys: &[String]) -> Option<Flavour> {
    let folded: Vec<String> = keys.iter().map(|k| fold(k)).collect();
    let has = |marker: &str| folded.iter().any(|k| k == marker);
    if has(LIBATION_MARKER) {
        Some(Flavour::Libation)
    } else if AUDIBLE_CLI_MARKERS.iter().any(|m| has(m)) {
        Some(Flavour::AudibleCli)
    } else if OUR_MARKERS.iter().any(|m| has(m)) {
        Some(Flavour::AuralArchive)
    } else {
        None
    }
}

/// The shape of a file with one header line.
pub(super) fn flavour(headers: &[String]) -> Flavour {
    shape(headers).unwrap_or(Flavour::AuralArchive)
}

/// The field a header names, or `None` for a column we do not read (Libation's ratings, tags, …).
pub(super) fn field(header: &str) -> Option<Field> {
    let field = match fold(header).as_str() {
        "asin" | LIBATION_MARKER => Field::Asin,
        "title" => Field::Title,
        "subtitle" => Field::Subtitle,
        "authors" | "author" | "authornames" => Field::Authors,
        "narrators" | "narrator" | "narratornames" => Field::Narrators,
        "series" | "seriesnames" | "seriestitle" => Field::Series,
        "seriesposition" | "seriesorder" | "seriessequence" => Field::SeriesPosition,
        "runtimeminutes" | "lengthinminutes" | "runtime" | "runtimelengthmin" => {
            Field::RuntimeMinutes
        }
        "releasedate" | "datepublished" => Field::ReleaseDate,
        "language" => Field::Language,
        "publisher" => Field::Publisher,
        "genres" | "genre" => Field::Genres,
        "status" => Field::Status,
        "description" | "summary" | "extendedproductdescription" => Field::Summary,
        "coverurl" | "cover" | "imageurl" => Field::CoverUrl,
        "coverid" | "pictureid" => Field::CoverId,
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
            ("series_title", Some(Field::Series)),
            ("series_sequence", Some(Field::SeriesPosition)),
            ("runtime_length_min", Some(Field::RuntimeMinutes)),
            ("extended_product_description", Some(Field::Summary)),
            ("Community Rating: Overall", None),
            ("genres", Some(Field::Genres)),
            ("percent_complete", None),
            ("cover_url", Some(Field::CoverUrl)),
            ("Cover Id", Some(Field::CoverId)),
        ] {
            assert_eq!(field(header), want, "header {header:?}");
        }
    }

    #[test]
    fn the_shape_follows_the_keys_each_program_writes() {
        let keys = |k: &[&str]| k.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        for (headers, want) in [
            (
                keys(&["Audible Product Id", "Title"]),
                Some(Flavour::Libation),
            ),
            (
                keys(&["asin", "title", "series_title", "runtime_length_min"]),
                Some(Flavour::AudibleCli),
            ),
            (
                keys(&["asin", "title", "is_finished"]),
                Some(Flavour::AudibleCli),
            ),
            (
                keys(&["asin", "title", "status"]),
                Some(Flavour::AuralArchive),
            ),
            (keys(&["title", "authors"]), None),
        ] {
            assert_eq!(shape(&headers), want, "keys {headers:?}");
        }
    }
}
