//! Cleaning what a source sends before it is stored: trimmed text, no empty or repeated names.

use std::collections::HashSet;

use super::{BookDetails, BookInput, MAX_TITLE_CHARS, SeriesInput};

/// A book of a batch that cannot be stored, naming the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InvalidBook {
    pub field: &'static str,
    pub message: String,
}

/// The case-insensitive form SQLite's NOCASE collation compares, so names that collide in the
/// `authors`/`narrators`/`series` tables collide here too.
pub fn name_fold(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// Genres have no order of their own; one fixed order makes two lists of the same genres equal.
pub fn sort_genres(genres: &mut [String]) {
    genres.sort_by(|a, b| name_fold(a).cmp(&name_fold(b)).then_with(|| a.cmp(b)));
}

fn text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

fn names(list: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    list.iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty() && seen.insert(name_fold(n)))
        .map(str::to_owned)
        .collect()
}

/// Languages are stored lower-case and trimmed ("English" and "english" are one language); an
/// empty one is unknown.
pub fn normalise_language(value: &str) -> Option<String> {
    let lower = value.trim().to_lowercase();
    (!lower.is_empty()).then_some(lower)
}

impl BookDetails {
    fn cleaned(&self) -> BookDetails {
        BookDetails {
            subtitle: text(&self.subtitle),
            isbn: text(&self.isbn),
            runtime_min: self.runtime_min,
            release_date: self.release_date,
            language: self.language.as_deref().and_then(normalise_language),
            publisher: text(&self.publisher),
            summary: text(&self.summary),
            copyright: text(&self.copyright),
            format_type: text(&self.format_type),
            is_adult: self.is_adult,
            rating: self
                .rating
                .filter(|r| r.count > 0 && (0.0..=5.0).contains(&r.average)),
            cover_url: text(&self.cover_url),
        }
    }
}

impl BookInput {
    /// Checks and cleans book number `index` (from 0) of a batch.
    pub fn cleaned(&self, index: usize) -> Result<BookInput, InvalidBook> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(InvalidBook {
                field: "title",
                message: format!("book {} of the batch has no title", index + 1),
            });
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(InvalidBook {
                field: "title",
                message: format!(
                    "book {} of the batch has a title longer than {MAX_TITLE_CHARS} characters",
                    index + 1
                ),
            });
        }
        let mut seen = HashSet::new();
        let series = self
            .series
            .iter()
            .map(|s| SeriesInput {
                name: s.name.trim().to_owned(),
                position: s.position.clone(),
            })
            .filter(|s| !s.name.is_empty() && seen.insert(name_fold(&s.name)))
            .collect();
        Ok(BookInput {
            asin: self.asin.clone(),
            title: title.to_owned(),
            authors: names(&self.authors),
            narrators: names(&self.narrators),
            series,
            genres: names(&self.genres),
            details: self.details.cleaned(),
            status: self.status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Rating;

    #[test]
    fn cleaning_trims_text_and_drops_repeated_names() {
        let input = BookInput {
            title: "  Dune ".into(),
            authors: vec!["Frank Herbert".into(), " frank herbert".into(), "".into()],
            series: vec![
                SeriesInput {
                    name: " Dune ".into(),
                    position: None,
                },
                SeriesInput {
                    name: "DUNE".into(),
                    position: None,
                },
            ],
            details: BookDetails {
                subtitle: Some("   ".into()),
                language: Some(" English ".into()),
                rating: Some(Rating {
                    average: 9.0,
                    count: 3,
                }),
                ..BookDetails::default()
            },
            ..BookInput::default()
        };
        let clean = input.cleaned(0).expect("valid");
        assert_eq!(clean.title, "Dune");
        assert_eq!(clean.authors, ["Frank Herbert"]);
        assert_eq!(clean.series.len(), 1);
        assert_eq!(clean.series[0].name, "Dune");
        assert_eq!(clean.details.subtitle, None);
        assert_eq!(clean.details.language.as_deref(), Some("english"));
        assert_eq!(
            clean.details.rating, None,
            "a rating above 5 stars is not one"
        );
    }

    #[test]
    fn a_book_without_a_usable_title_names_its_place_in_the_batch() {
        let err = BookInput {
            title: " \t".into(),
            ..BookInput::default()
        }
        .cleaned(4)
        .expect_err("no title");
        assert_eq!(err.field, "title");
        assert!(err.message.contains("book 5"), "{}", err.message);
        let long = BookInput {
            title: "x".repeat(MAX_TITLE_CHARS + 1),
            ..BookInput::default()
        };
        assert!(long.cleaned(0).is_err());
    }

    #[test]
    fn name_fold_matches_sqlite_nocase() {
        assert_eq!(name_fold("Brandon SANDERSON"), "brandon sanderson");
        assert_eq!(
            name_fold("Émile"),
            "Émile",
            "NOCASE folds ASCII letters only"
        );
    }
}
