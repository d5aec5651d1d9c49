use aural_audible::audnexus::{parse_author, parse_book, parse_chapters};

use crate::bytes;

#[test]
fn a_book_keeps_every_author_genre_and_its_series_range() {
    let book = parse_book(&bytes("audnexus/book_B079LRSMNN.json")).expect("a book");
    assert_eq!(book.asin.as_str(), "B079LRSMNN");
    assert_eq!(book.title.as_deref(), Some("Galaxy's Edge"));
    let authors: Vec<_> = book.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(authors, ["Jason Anspach", "Nick Cole"]);
    assert_eq!(book.narrators[0].name, "R.C. Bray");
    assert_eq!(
        book.copyright.as_deref(),
        Some("2017"),
        "a numeric copyright reads as text"
    );
    assert_eq!(book.rating, Some(4.5));
    assert_eq!(book.runtime_length_min, Some(1042));
    let series = book.series_primary.as_ref().expect("a primary series");
    assert_eq!(
        (series.name.as_str(), series.position.as_deref()),
        ("Galaxy's Edge Series", Some("1-2"))
    );
    assert!(
        book.genres
            .iter()
            .any(|g| g.kind.as_deref() == Some("genre"))
    );
    assert_eq!(book.is_adult, Some(false));
}

#[test]
fn authors_with_and_without_genres() {
    for (file, name, genres) in [
        ("audnexus/author_B00G0WYW92.json", "Andy Weir", false),
        ("audnexus/author_B012DQ3BCM.json", "Jason Anspach", true),
    ] {
        let author = parse_author(&bytes(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(author.name, name);
        assert_eq!(!author.genres.is_empty(), genres, "{file}");
        assert!(
            author.description.is_some() && author.image.is_some() && !author.similar.is_empty(),
            "{file}"
        );
    }
}

#[test]
fn chapters_are_kept_as_audnexus_lists_them() {
    // 1721358595's ninth chapter starts before the eighth in the real data: the list is kept
    // as given, not sorted, so a caller sees what Audnexus says.
    for (file, count, first, runtime) in [
        (
            "audnexus/chapters_1721358595.json",
            26,
            "Opening Credits",
            11_088_239,
        ),
        (
            "audnexus/chapters_B079LRSMNN.json",
            62,
            "Legionnaire",
            62_548_009,
        ),
    ] {
        let chapters = parse_chapters(&bytes(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(chapters.chapters.len(), count, "{file}");
        assert_eq!(chapters.chapters[0].title.as_deref(), Some(first), "{file}");
        assert_eq!(chapters.chapters[0].start_offset_ms, 0);
        assert_eq!(
            chapters.chapters.last().and_then(|c| c.title.as_deref()),
            Some("End Credits")
        );
        assert_eq!(chapters.runtime_length_ms, Some(runtime));
        assert_eq!(chapters.is_accurate, Some(true));
    }
    assert!(
        parse_chapters(b"{\"chapters\": []}").is_err(),
        "an answer without ASIN is not a chapter list"
    );
}
