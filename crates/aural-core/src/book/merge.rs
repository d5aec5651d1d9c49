//! How what a source says updates a stored book (SPEC §2.4): a source of equal or higher rank
//! replaces the values it has; a lower one only fills gaps. Status is not merged here: it is
//! decided from every source's claim by [`super::resolve_status`].

use super::{Book, BookDetails};

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

fn details(replace: bool, current: &BookDetails, incoming: &BookDetails) -> BookDetails {
    BookDetails {
        subtitle: pick(replace, &current.subtitle, &incoming.subtitle),
        isbn: pick(replace, &current.isbn, &incoming.isbn),
        runtime_min: pick(replace, &current.runtime_min, &incoming.runtime_min),
        release_date: pick(replace, &current.release_date, &incoming.release_date),
        language: pick(replace, &current.language, &incoming.language),
        publisher: pick(replace, &current.publisher, &incoming.publisher),
        summary: pick(replace, &current.summary, &incoming.summary),
        copyright: pick(replace, &current.copyright, &incoming.copyright),
        format_type: pick(replace, &current.format_type, &incoming.format_type),
        // Only a source that may replace can clear the flag; any source can set it.
        is_adult: if replace {
            incoming.is_adult
        } else {
            current.is_adult || incoming.is_adult
        },
        rating: pick(replace, &current.rating, &incoming.rating),
        cover_url: pick(replace, &current.cover_url, &incoming.cover_url),
    }
}

/// `current` updated with `incoming`; its id, status and timestamps stay. The primary ASIN never
/// changes once set: other ASINs of the work belong in `book_asins`.
pub fn merge(current: &Book, incoming: &Book) -> Book {
    let replace = incoming.metadata_source.rank() >= current.metadata_source.rank();
    Book {
        id: current.id,
        asin: current.asin.clone().or_else(|| incoming.asin.clone()),
        title: if replace {
            incoming.title.clone()
        } else {
            current.title.clone()
        },
        authors: list(replace, &current.authors, &incoming.authors),
        narrators: list(replace, &current.narrators, &incoming.narrators),
        series: list(replace, &current.series, &incoming.series),
        genres: list(replace, &current.genres, &incoming.genres),
        status: current.status,
        details: details(replace, &current.details, &incoming.details),
        cover_key: current.cover_key.clone(),
        metadata_source: if replace {
            incoming.metadata_source
        } else {
            current.metadata_source
        },
        added_at: current.added_at,
        updated_at: current.updated_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{MetadataSource, Rating};
    use crate::clock::Timestamp;
    use crate::ids::BookId;
    use crate::status::BookStatus;

    fn book(source: MetadataSource, subtitle: Option<&str>) -> Book {
        Book {
            id: BookId(7),
            asin: None,
            title: "Dune".into(),
            authors: vec![],
            narrators: vec!["Scott Brick".into()],
            series: vec![],
            genres: vec![],
            status: BookStatus::Missing,
            details: BookDetails {
                subtitle: subtitle.map(Into::into),
                ..BookDetails::default()
            },
            cover_key: None,
            metadata_source: source,
            added_at: Timestamp(1),
            updated_at: Timestamp(2),
        }
    }

    #[test]
    fn higher_rank_replaces_and_lower_rank_only_fills() {
        let stored = book(MetadataSource::Audnexus, Some("old"));
        let higher = merge(&stored, &book(MetadataSource::AudibleLibrary, Some("new")));
        assert_eq!(higher.details.subtitle.as_deref(), Some("new"));
        assert_eq!(higher.metadata_source, MetadataSource::AudibleLibrary);
        let lower = merge(&stored, &book(MetadataSource::ListImport, Some("new")));
        assert_eq!(lower.details.subtitle.as_deref(), Some("old"));
        let fill = merge(
            &book(MetadataSource::Audnexus, None),
            &book(MetadataSource::ListImport, Some("new")),
        );
        assert_eq!(fill.details.subtitle.as_deref(), Some("new"));
        assert_eq!(fill.metadata_source, MetadataSource::Audnexus);
    }

    #[test]
    fn every_detail_column_takes_part_in_the_merge() {
        let stored = book(MetadataSource::ListImport, None);
        let mut incoming = book(MetadataSource::AudibleLibrary, None);
        incoming.details = BookDetails {
            subtitle: Some("s".into()),
            isbn: Some("9780441013593".into()),
            runtime_min: Some(1260),
            release_date: None,
            language: Some("english".into()),
            publisher: Some("Macmillan".into()),
            summary: Some("Desert planet".into()),
            copyright: Some("©1965".into()),
            format_type: Some("Unabridged".into()),
            is_adult: true,
            rating: Some(Rating {
                average: 4.7,
                count: 120_000,
            }),
            cover_url: Some("https://m.media-amazon.com/images/I/dune.jpg".into()),
        };
        let merged = merge(&stored, &incoming);
        assert_eq!(merged.details, incoming.details);
    }

    #[test]
    fn a_merge_keeps_identity_status_and_timestamps() {
        let mut stored = book(MetadataSource::ListImport, None);
        stored.asin = Some("B002V1OF70".parse().expect("asin"));
        stored.status = BookStatus::Owned;
        let mut incoming = book(MetadataSource::User, None);
        incoming.id = BookId(0);
        incoming.asin = Some("B0000000XX".parse().expect("asin"));
        incoming.status = BookStatus::Wanted;
        incoming.added_at = Timestamp(99);
        let merged = merge(&stored, &incoming);
        assert_eq!(merged.id, BookId(7));
        assert_eq!(merged.asin, stored.asin, "the primary ASIN never changes");
        assert_eq!(merged.status, BookStatus::Owned);
        assert_eq!(
            (merged.added_at, merged.updated_at),
            (Timestamp(1), Timestamp(2))
        );
    }

    #[test]
    fn a_lower_source_adds_the_adult_flag_but_cannot_clear_it() {
        let mut stored = book(MetadataSource::AudibleLibrary, None);
        let mut incoming = book(MetadataSource::ListImport, None);
        incoming.details.is_adult = true;
        assert!(merge(&stored, &incoming).details.is_adult);
        stored.details.is_adult = true;
        incoming.details.is_adult = false;
        assert!(merge(&stored, &incoming).details.is_adult);
    }
}
