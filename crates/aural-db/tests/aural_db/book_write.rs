use aural_core::{BookFilter, BookInput, BookSort, BookSource, BookStatus, Page, SortDir};
use aural_db::{DbError, Landing};

use crate::support::{T0, book, in_series, open, with_asin};

fn library(n: usize) -> Vec<BookInput> {
    (0..n)
        .map(|i| {
            let mut b = with_asin(
                book(&format!("Book {i}"), &["Ann Author", "Co Writer"]),
                &format!("B{i:09}"),
            );
            b.narrators = vec!["Nora Narrator".into()];
            b.details.runtime_min = Some(600);
            in_series(b, "Saga", &format!("{}", i + 1))
        })
        .collect()
}

#[tokio::test]
async fn a_book_in_several_series_and_genres_keeps_their_order_and_a_repeat_changes_nothing() {
    let t = open().await;
    let mut input = in_series(
        in_series(
            in_series(book("Crossover", &["Ann Author"]), "Zeta Saga", "3"),
            "Alpha Tales",
            "1",
        ),
        "Mid Cycle",
        "2",
    );
    input.genres = vec!["Thriller".into(), "adventure".into(), "Mystery".into()];
    let books = [input];
    let first =
        t.db.books()
            .upsert_batch(&books, &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("import");
    let stored = t.db.books().get(first.ids[0]).await.expect("book");
    let series: Vec<&str> = stored.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        series,
        vec!["Zeta Saga", "Alpha Tales", "Mid Cycle"],
        "the source's order"
    );
    assert_eq!(
        stored.genres,
        vec!["adventure", "Mystery", "Thriller"],
        "alphabetical, any case"
    );

    let seq = t.db.changes().latest_seq().await.expect("seq");
    t.clock.set(T0 + 60_000);
    let second =
        t.db.books()
            .upsert_batch(&books, &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("again");
    assert_eq!(
        (second.inserted, second.updated, second.unchanged),
        (0, 0, 1)
    );
    assert_eq!(
        t.db.changes().latest_seq().await.expect("seq"),
        seq,
        "no change rows"
    );
    assert_eq!(t.db.books().get(first.ids[0]).await.expect("book"), stored);
}

#[tokio::test]
async fn inputs_merged_into_an_earlier_input_say_so() {
    let t = open().await;
    let books = [
        book("Dune", &["Frank Herbert"]),
        book("Emma", &["Jane Austen"]),
        book("dune", &["FRANK HERBERT"]),
    ];
    let out =
        t.db.books()
            .upsert_batch(&books, &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("import");
    assert_eq!(
        out.landings,
        vec![
            Landing::Inserted,
            Landing::Inserted,
            Landing::MergedIntoEarlier
        ]
    );
    assert_eq!(out.ids[0], out.ids[2]);
}

#[tokio::test]
async fn identical_reimport_changes_nothing() {
    let t = open().await;
    let books = library(50);
    let first =
        t.db.books()
            .upsert_batch(&books, &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("import");
    assert_eq!((first.inserted, first.updated, first.unchanged), (50, 0, 0));
    let seq = t.db.changes().latest_seq().await.expect("seq");
    let before = t.db.books().get(first.ids[7]).await.expect("book");

    t.clock.set(T0 + 60_000);
    let second =
        t.db.books()
            .upsert_batch(&books, &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("again");
    assert_eq!(
        (second.inserted, second.updated, second.unchanged),
        (0, 0, 50),
        "same input, same rows"
    );
    assert_eq!(
        second.ids, first.ids,
        "every input lands on the book it created"
    );
    assert_eq!(
        t.db.changes().latest_seq().await.expect("seq"),
        seq,
        "no change rows for unchanged books"
    );
    let after = t.db.books().get(first.ids[7]).await.expect("book");
    assert_eq!(
        after, before,
        "updated_at and every field stay as they were"
    );
}

#[tokio::test]
async fn asin_is_unique_and_a_known_asin_updates_its_book() {
    let t = open().await;
    let repo = t.db.books();
    let a = repo
        .upsert_batch(
            &[with_asin(book("Dune", &["Frank Herbert"]), "B002V1OF70")],
            &BookSource::list_import(),
            BookStatus::Wanted,
        )
        .await
        .expect("first");
    let mut newer = with_asin(book("Dune (Deluxe)", &["Frank Herbert"]), "b002v1of70");
    newer.details.subtitle = Some("Deluxe Edition".into());
    let b = repo
        .upsert_batch(
            &[newer],
            &aural_core::BookSource {
                kind: aural_core::SourceKind::Audible,
                key: "1:us".into(),
            },
            BookStatus::Owned,
        )
        .await
        .expect("second");
    assert_eq!(b.ids, a.ids, "the ASIN is the identity, whatever its case");
    assert_eq!((b.inserted, b.updated), (0, 1));
    let got = repo.get(a.ids[0]).await.expect("book");
    assert_eq!(
        got.title, "Dune (Deluxe)",
        "a higher-ranked source replaces the title"
    );
    assert_eq!(got.details.subtitle.as_deref(), Some("Deluxe Edition"));
    assert_eq!(
        got.status,
        BookStatus::Owned,
        "an owned report makes the book owned"
    );
    let page = repo
        .list(
            &BookFilter::default(),
            BookSort::Title,
            SortDir::Asc,
            Page::default(),
        )
        .await
        .expect("list");
    assert_eq!(page.total, 1, "no second row for the same ASIN");
}

#[tokio::test]
async fn duplicates_inside_one_batch_become_one_book() {
    let t = open().await;
    let batch = vec![
        with_asin(book("Dune", &["Frank Herbert"]), "B002V1OF70"),
        with_asin(book("Dune", &["Frank Herbert"]), "B002V1OF70"),
        book("Emma", &["Jane Austen"]),
        book("EMMA!", &["jane austen"]),
    ];
    let out =
        t.db.books()
            .upsert_batch(&batch, &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("import");
    assert_eq!(out.inserted, 2);
    assert_eq!(out.ids[0], out.ids[1]);
    assert_eq!(
        out.ids[2], out.ids[3],
        "equal title and author keys are one book"
    );
}

#[tokio::test]
async fn title_and_first_author_merge_books_without_asin() {
    let t = open().await;
    let repo = t.db.books();
    let first = repo
        .upsert_batch(
            &[book("The Way of Kings", &["Brandon Sanderson"])],
            &BookSource::list_import(),
            BookStatus::Missing,
        )
        .await
        .expect("first");
    let mut again = book("Way of Kings", &["brandon sanderson"]);
    again.details.runtime_min = Some(2_750);
    again.status = Some(BookStatus::Wanted);
    let second = repo
        .upsert_batch(&[again], &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("second");
    assert_eq!(
        second.ids, first.ids,
        "normalised title + first author is the fallback identity"
    );
    let got = repo.get(first.ids[0]).await.expect("book");
    assert_eq!(
        got.details.runtime_min,
        Some(2_750),
        "a missing value is filled"
    );
    assert_eq!(got.title, "Way of Kings", "an equal-ranked source replaces");
    assert_eq!(got.status, BookStatus::Wanted, "wanted replaces missing");

    let other = repo
        .upsert_batch(
            &[book("Way of Kings", &["Someone Else"])],
            &BookSource::list_import(),
            BookStatus::Owned,
        )
        .await
        .expect("third");
    assert_ne!(
        other.ids, first.ids,
        "a different first author is a different book"
    );
}

#[tokio::test]
async fn lower_ranked_sources_only_fill_gaps_and_never_demote_status() {
    let t = open().await;
    let repo = t.db.books();
    let mut b = with_asin(book("Dune", &["Frank Herbert"]), "B002V1OF70");
    b.details.publisher = Some("Macmillan Audio".into());
    let first = repo
        .upsert_batch(
            &[b],
            &aural_core::BookSource {
                kind: aural_core::SourceKind::Audible,
                key: "1:us".into(),
            },
            BookStatus::Owned,
        )
        .await
        .expect("first");
    let mut lower = with_asin(book("Dune: a novel", &["F. Herbert"]), "B002V1OF70");
    lower.details.publisher = Some("Other".into());
    lower.details.language = Some(" English ".into());
    lower.status = Some(BookStatus::Wanted);
    repo.upsert_batch(&[lower], &BookSource::list_import(), BookStatus::Wanted)
        .await
        .expect("second");
    let got = repo.get(first.ids[0]).await.expect("book");
    assert_eq!(got.title, "Dune");
    assert_eq!(got.details.publisher.as_deref(), Some("Macmillan Audio"));
    assert_eq!(
        got.details.language.as_deref(),
        Some("english"),
        "a gap is filled, normalised to lower case"
    );
    assert_eq!(
        got.authors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["Frank Herbert"]
    );
    assert_eq!(
        got.status,
        BookStatus::Owned,
        "an import never takes ownership away"
    );
    assert_eq!(
        got.metadata_source,
        aural_core::MetadataSource::AudibleLibrary
    );
}

#[tokio::test]
async fn a_book_can_be_in_several_series_with_odd_positions() {
    let t = open().await;
    let b = in_series(
        in_series(book("Omnibus", &["Ann Author"]), "Saga", "1-3"),
        "Universe",
        "1.5",
    );
    let out =
        t.db.books()
            .upsert_batch(&[b], &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("import");
    let got = t.db.books().get(out.ids[0]).await.expect("book");
    let series: Vec<(&str, &str, Option<f64>, Option<f64>)> = got
        .series
        .iter()
        .map(|s| {
            let p = s.position.as_ref().expect("positions were given");
            (s.name.as_str(), p.raw(), p.first(), p.end())
        })
        .collect();
    assert_eq!(
        series,
        [
            ("Saga", "1-3", Some(1.0), Some(3.0)),
            ("Universe", "1.5", Some(1.5), None)
        ]
    );
}

#[tokio::test]
async fn credits_are_shared_case_insensitively_and_kept_in_order() {
    let t = open().await;
    let batch = vec![
        book("One", &["Ann Author", "Bob Writer"]),
        book("Two", &["ann author"]),
    ];
    let out =
        t.db.books()
            .upsert_batch(&batch, &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("import");
    let one = t.db.books().get(out.ids[0]).await.expect("one");
    let two = t.db.books().get(out.ids[1]).await.expect("two");
    assert_eq!(
        one.authors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["Ann Author", "Bob Writer"]
    );
    assert_eq!(
        two.authors[0].id, one.authors[0].id,
        "one author row for both spellings"
    );
    assert_eq!(
        t.db.authors()
            .find_by_name("ANN AUTHOR")
            .await
            .expect("find"),
        Some(one.authors[0].id)
    );
}

#[tokio::test]
async fn an_invalid_book_fails_the_batch_and_writes_nothing() {
    let t = open().await;
    let batch = vec![book("Fine", &["A"]), book("   ", &["B"])];
    let err =
        t.db.books()
            .upsert_batch(&batch, &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect_err("no title");
    assert!(
        matches!(err, DbError::Validation { field: "title", .. }),
        "got {err:?}"
    );
    let long = book(&"x".repeat(10_000), &["A"]);
    let err =
        t.db.books()
            .upsert_batch(&[long], &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect_err("long");
    assert!(
        matches!(err, DbError::Validation { field: "title", .. }),
        "got {err:?}"
    );
    assert_eq!(t.db.changes().latest_seq().await.expect("seq"), 0);
}

#[tokio::test]
async fn a_failed_batch_leaves_no_books_and_no_change_rows() {
    let t = open().await;
    // A trigger that fails the 3rd insert stands in for any error in the middle of the batch
    // (disk full, a constraint); the raw connection is the only way to make one from outside.
    let path = t.db.path().to_owned();
    {
        use sea_orm::ConnectionTrait;
        let raw = sea_orm::Database::connect(format!("sqlite://{}", path.display()))
            .await
            .expect("raw connection");
        raw.execute_unprepared(
            "CREATE TRIGGER fail_third BEFORE INSERT ON books WHEN NEW.title = 'Three' \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
        )
        .await
        .expect("trigger");
    }
    let batch = vec![
        book("One", &["A"]),
        book("Two", &["B"]),
        book("Three", &["C"]),
    ];
    t.db.books()
        .upsert_batch(&batch, &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect_err("aborted");
    let page =
        t.db.books()
            .list(
                &BookFilter::default(),
                BookSort::Title,
                SortDir::Asc,
                Page::default(),
            )
            .await
            .expect("list");
    assert_eq!(page.total, 0, "no book of the failed batch remains");
    assert!(page.items.is_empty());
    assert_eq!(
        t.db.changes().latest_seq().await.expect("seq"),
        0,
        "no change row of the failed batch remains"
    );
    assert_eq!(
        t.db.authors().find_by_name("A").await.expect("find"),
        None,
        "no author of the failed batch remains"
    );
}
