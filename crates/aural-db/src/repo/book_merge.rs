//! Pure rules of an upsert: cleaning an incoming book, merging it into what is stored (SPEC §2.4)
//! and the status moves an import may make.

use aural_core::book::MAX_TITLE_CHARS;
use aural_core::{
    Asin, AuthorId, Book, BookInput, BookStatus, Credit, MetadataSource, ReleaseDate, SeriesId,
    SeriesPosition, SeriesRef,
};

use crate::error::DbError;
use crate::repo::book_query::normalise_language;
use crate::repo::credits::Credits;

/// An incoming book after trimming and de-duplicating its names; still unresolved to ids.
#[derive(Debug, Clone)]
pub(crate) struct CleanInput {
    pub asin: Option<Asin>,
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    pub narrators: Vec<String>,
    pub series: Vec<(String, Option<SeriesPosition>)>,
    pub genres: Vec<String>,
    pub runtime_min: Option<u32>,
    pub release_date: Option<ReleaseDate>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub summary: Option<String>,
    pub status: Option<BookStatus>,
}

/// The case-insensitive form SQLite's NOCASE collation compares, so names that collide in the
/// `authors`/`narrators`/`series` tables collide here too.
pub(crate) fn name_fold(name: &str) -> String {
    name.to_ascii_lowercase()
}

fn text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Genres have no order of their own; one fixed order makes two lists of the same genres equal.
pub(crate) fn sort_genres(genres: &mut [String]) {
    genres.sort_by(|a, b| name_fold(a).cmp(&name_fold(b)).then_with(|| a.cmp(b)));
}

fn names(list: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    list.iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty() && seen.insert(name_fold(n)))
        .map(str::to_owned)
        .collect()
}

/// Checks and cleans input number `index` of a batch.
pub(crate) fn clean(index: usize, input: &BookInput) -> Result<CleanInput, DbError> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(DbError::Validation {
            field: "title",
            message: format!("book {} of the batch has no title", index + 1),
        });
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(DbError::Validation {
            field: "title",
            message: format!(
                "book {} of the batch has a title longer than {MAX_TITLE_CHARS} characters",
                index + 1
            ),
        });
    }
    let mut seen = std::collections::HashSet::new();
    let series = input
        .series
        .iter()
        .map(|s| (s.name.trim().to_owned(), s.position.clone()))
        .filter(|(name, _)| !name.is_empty() && seen.insert(name_fold(name)))
        .collect();
    Ok(CleanInput {
        asin: input.asin.clone(),
        title: title.to_owned(),
        subtitle: text(&input.subtitle),
        authors: names(&input.authors),
        narrators: names(&input.narrators),
        series,
        genres: names(&input.genres),
        runtime_min: input.runtime_min,
        release_date: input.release_date,
        language: input.language.as_deref().and_then(normalise_language),
        publisher: text(&input.publisher),
        summary: text(&input.summary),
        status: input.status,
    })
}

/// Everything an upsert may change on a book. Two equal states mean nothing to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BookState {
    pub asin: Option<Asin>,
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<Credit<AuthorId>>,
    pub narrators: Vec<String>,
    pub series: Vec<SeriesRef>,
    pub genres: Vec<String>,
    pub status: BookStatus,
    pub runtime_min: Option<u32>,
    pub release_date: Option<ReleaseDate>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub summary: Option<String>,
    pub source: MetadataSource,
}

impl From<Book> for BookState {
    fn from(b: Book) -> BookState {
        BookState {
            asin: b.asin,
            title: b.title,
            subtitle: b.subtitle,
            authors: b.authors,
            narrators: b.narrators,
            series: b.series,
            genres: b.genres,
            status: b.status,
            runtime_min: b.runtime_min,
            release_date: b.release_date,
            language: b.language,
            publisher: b.publisher,
            summary: b.summary,
            source: b.metadata_source,
        }
    }
}

impl CleanInput {
    /// Credited authors by id; two names that resolve to one author (an alias and the name) count once.
    fn authors(&self, credits: &Credits) -> Vec<Credit<AuthorId>> {
        let mut seen = std::collections::HashSet::new();
        self.authors
            .iter()
            .filter_map(|n| credits.authors.get(n))
            .filter(|(id, _)| seen.insert(*id))
            .map(|(id, name)| Credit {
                id: AuthorId(id),
                name: name.to_owned(),
            })
            .collect()
    }

    /// The state this input describes on its own, for a book not stored yet.
    pub(crate) fn to_state(
        &self,
        credits: &Credits,
        source: MetadataSource,
        status: BookStatus,
    ) -> BookState {
        BookState {
            asin: self.asin.clone(),
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            authors: self.authors(credits),
            narrators: self
                .narrators
                .iter()
                .filter_map(|n| credits.narrators.get(n))
                .map(|(_, n)| n.to_owned())
                .collect(),
            series: self
                .series
                .iter()
                .filter_map(|(name, position)| {
                    credits.series.get(name).map(|(id, name)| SeriesRef {
                        id: SeriesId(id),
                        name: name.to_owned(),
                        position: position.clone(),
                    })
                })
                .collect(),
            genres: {
                let mut genres: Vec<String> = self
                    .genres
                    .iter()
                    .filter_map(|g| credits.genres.get(g))
                    .map(|(_, g)| g.to_owned())
                    .collect();
                sort_genres(&mut genres);
                genres
            },
            status,
            runtime_min: self.runtime_min,
            release_date: self.release_date,
            language: self.language.clone(),
            publisher: self.publisher.clone(),
            summary: self.summary.clone(),
            source,
        }
    }
}

/// The status a stored book takes when a source reports it with `incoming`: an import may make a
/// book owned, or wanted when it was only missing; it never undoes a status.
pub(crate) fn merged_status(current: BookStatus, incoming: BookStatus) -> BookStatus {
    match (current, incoming) {
        (_, BookStatus::Owned) => BookStatus::Owned,
        (BookStatus::Missing, BookStatus::Wanted) => BookStatus::Wanted,
        _ => current,
    }
}

/// SPEC §2.4: a source of equal or higher rank replaces values it has; a lower one only fills gaps.
/// The primary ASIN never changes once set: other ASINs of the work belong in `book_asins`.
pub(crate) fn merge(current: &BookState, incoming: &BookState) -> BookState {
    let replace = incoming.source.rank() >= current.source.rank();
    fn pick<T: Clone>(replace: bool, current: &Option<T>, incoming: &Option<T>) -> Option<T> {
        if replace {
            incoming.clone().or_else(|| current.clone())
        } else {
            current.clone().or_else(|| incoming.clone())
        }
    }
    fn list<T: Clone>(replace: bool, current: &[T], incoming: &[T]) -> Vec<T> {
        if (replace && !incoming.is_empty()) || current.is_empty() {
            incoming.to_vec()
        } else {
            current.to_vec()
        }
    }
    BookState {
        asin: current.asin.clone().or_else(|| incoming.asin.clone()),
        title: if replace {
            incoming.title.clone()
        } else {
            current.title.clone()
        },
        subtitle: pick(replace, &current.subtitle, &incoming.subtitle),
        authors: list(replace, &current.authors, &incoming.authors),
        narrators: list(replace, &current.narrators, &incoming.narrators),
        series: list(replace, &current.series, &incoming.series),
        genres: list(replace, &current.genres, &incoming.genres),
        status: merged_status(current.status, incoming.status),
        runtime_min: pick(replace, &current.runtime_min, &incoming.runtime_min),
        release_date: pick(replace, &current.release_date, &incoming.release_date),
        language: pick(replace, &current.language, &incoming.language),
        publisher: pick(replace, &current.publisher, &incoming.publisher),
        summary: pick(replace, &current.summary, &incoming.summary),
        source: if replace {
            incoming.source
        } else {
            current.source
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(source: MetadataSource, subtitle: Option<&str>) -> BookState {
        BookState {
            asin: None,
            title: "Dune".into(),
            subtitle: subtitle.map(Into::into),
            authors: vec![],
            narrators: vec!["Scott Brick".into()],
            series: vec![],
            genres: vec![],
            status: BookStatus::Missing,
            runtime_min: None,
            release_date: None,
            language: None,
            publisher: None,
            summary: None,
            source,
        }
    }

    #[test]
    fn higher_rank_replaces_and_lower_rank_only_fills() {
        let stored = state(MetadataSource::Audnexus, Some("old"));
        let higher = merge(&stored, &state(MetadataSource::AudibleLibrary, Some("new")));
        assert_eq!(
            higher.subtitle.as_deref(),
            Some("new"),
            "a higher-ranked source replaces"
        );
        let lower = merge(&stored, &state(MetadataSource::ListImport, Some("new")));
        assert_eq!(
            lower.subtitle.as_deref(),
            Some("old"),
            "a lower-ranked source does not replace"
        );
        let fill = merge(
            &state(MetadataSource::Audnexus, None),
            &state(MetadataSource::ListImport, Some("new")),
        );
        assert_eq!(
            fill.subtitle.as_deref(),
            Some("new"),
            "a lower-ranked source fills a gap"
        );
        assert_eq!(fill.source, MetadataSource::Audnexus);
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

    #[test]
    fn imports_only_move_status_forward() {
        use BookStatus::*;
        for (current, incoming, want) in [
            (Missing, Owned, Owned),
            (Wanted, Owned, Owned),
            (Missing, Wanted, Wanted),
            (Ignored, Wanted, Ignored),
            (Owned, Wanted, Owned),
            (Downloading, Missing, Downloading),
        ] {
            assert_eq!(
                merged_status(current, incoming),
                want,
                "{current} + {incoming}"
            );
        }
    }
}
