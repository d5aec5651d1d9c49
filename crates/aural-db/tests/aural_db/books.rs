use aural_core::{Book, BookFilter, BookSort, BookSource, BookStatus, Page, SortDir};
use aural_db::Db;

use crate::support::{T0, book, in_series, open, released, with_asin};

/// Six books that sort differently under every key.
async fn seed(db: &Db, clock: &crate::support::FixedClock) -> Vec<aural_core::BookId> {
    let mut ids = Vec::new();
    let rows = [
        (
            "The Alpha",
            "Zed Zimmer",
            Some(("Saga", "2")),
            Some("2001-01-01"),
            Some(300),
            "english",
            BookStatus::Owned,
        ),
        (
            "Bravo",
            "Amy Adams",
            Some(("Saga", "1")),
            Some("1999-05-05"),
            Some(100),
            "german",
            BookStatus::Wanted,
        ),
        (
            "Charlie",
            "Mo Miller",
            Some(("Arc", "1.5")),
            None,
            None,
            "english",
            BookStatus::Missing,
        ),
        (
            "Delta",
            "Amy Adams",
            None,
            Some("2010"),
            Some(50),
            "english",
            BookStatus::Owned,
        ),
        (
            "echo",
            "",
            None,
            Some("2005-02-02"),
            Some(900),
            "english",
            BookStatus::Ignored,
        ),
        (
            "Foxtrot",
            "Zed Zimmer",
            Some(("Saga", "1-3")),
            Some("2020-12-12"),
            Some(1000),
            "german",
            BookStatus::Owned,
        ),
    ];
    for (i, (title, author, series, date, runtime, language, status)) in
        rows.into_iter().enumerate()
    {
        clock.set(T0 + i as i64 * 1000);
        let authors: Vec<&str> = if author.is_empty() {
            vec![]
        } else {
            vec![author]
        };
        let mut b = book(title, &authors);
        if let Some((name, pos)) = series {
            b = in_series(b, name, pos);
        }
        if let Some(d) = date {
            b = released(b, d);
        }
        b.details.runtime_min = runtime;
        b.details.language = Some(language.into());
        b.narrators = vec![if i % 2 == 0 {
            "Even Voice".into()
        } else {
            "Odd Voice".into()
        }];
        b.status = Some(status);
        let out = db
            .books()
            .upsert_batch(&[b], &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("seed");
        ids.push(out.ids[0]);
    }
    // "Saga" has volumes by two authors: one series, as a user makes it by merging.
    let all = db
        .series()
        .list(&aural_core::NameQuery::default(), Page::new(1, 100))
        .await
        .expect("series");
    let mut sagas: Vec<_> = all
        .items
        .iter()
        .filter(|s| s.name == "Saga")
        .map(|s| s.id)
        .collect();
    sagas.sort_by_key(|s| s.0);
    for other in &sagas[1..] {
        db.series().merge(*other, sagas[0]).await.expect("merge");
    }
    ids
}

fn titles(items: &[Book]) -> Vec<&str> {
    items.iter().map(|b| b.title.as_str()).collect()
}

#[tokio::test]
async fn every_sort_key_orders_the_list() {
    let t = open().await;
    seed(&t.db, &t.clock).await;
    let all = Page::new(1, 100);
    let cases: [(BookSort, &[&str]); 8] = [
        (
            BookSort::Title,
            &["The Alpha", "Bravo", "Charlie", "Delta", "echo", "Foxtrot"],
        ),
        (
            BookSort::Author,
            &["Bravo", "Delta", "Charlie", "The Alpha", "Foxtrot", "echo"],
        ),
        (
            BookSort::Series,
            &["Charlie", "Bravo", "Foxtrot", "The Alpha", "Delta", "echo"],
        ),
        (
            BookSort::ReleaseDate,
            &["Bravo", "The Alpha", "echo", "Delta", "Foxtrot", "Charlie"],
        ),
        (
            BookSort::AddedDate,
            &["The Alpha", "Bravo", "Charlie", "Delta", "echo", "Foxtrot"],
        ),
        (
            BookSort::Runtime,
            &["Delta", "Bravo", "The Alpha", "echo", "Foxtrot", "Charlie"],
        ),
        (
            BookSort::Status,
            &["The Alpha", "Delta", "Foxtrot", "Bravo", "Charlie", "echo"],
        ),
        (
            BookSort::Narrator,
            &["The Alpha", "Charlie", "echo", "Bravo", "Delta", "Foxtrot"],
        ),
    ];
    for (sort, want) in cases {
        let page =
            t.db.books()
                .list(&BookFilter::default(), sort, SortDir::Asc, all)
                .await
                .expect("list");
        assert_eq!(titles(&page.items), want, "ascending by {sort:?}");
        let page =
            t.db.books()
                .list(&BookFilter::default(), sort, SortDir::Desc, all)
                .await
                .expect("list");
        let reversed: Vec<&str> = want.iter().rev().copied().collect();
        assert_eq!(
            titles(&page.items),
            reversed,
            "descending by {sort:?} is the exact reverse"
        );
    }
}

#[tokio::test]
async fn filters_narrow_the_list_and_the_total() {
    let t = open().await;
    seed(&t.db, &t.clock).await;
    let amy =
        t.db.authors()
            .find_by_name("amy adams")
            .await
            .expect("find")
            .expect("Amy is an author");
    let saga =
        t.db.series()
            .find_by_name("SAGA")
            .await
            .expect("find")
            .expect("Saga is a series");
    let cases: Vec<(BookFilter, Vec<&str>)> = vec![
        (
            BookFilter {
                statuses: vec![BookStatus::Owned],
                ..Default::default()
            },
            vec!["The Alpha", "Delta", "Foxtrot"],
        ),
        (
            BookFilter {
                statuses: vec![BookStatus::Wanted, BookStatus::Ignored],
                ..Default::default()
            },
            vec!["Bravo", "echo"],
        ),
        (
            BookFilter {
                statuses: vec![BookStatus::Missing, BookStatus::Owned],
                language: Some("german".into()),
                ..Default::default()
            },
            vec!["Foxtrot"],
        ),
        (
            BookFilter {
                author: Some(amy),
                ..Default::default()
            },
            vec!["Bravo", "Delta"],
        ),
        (
            BookFilter {
                series: Some(saga),
                ..Default::default()
            },
            vec!["The Alpha", "Bravo", "Foxtrot"],
        ),
        (
            BookFilter {
                narrator: Some("odd voice".into()),
                ..Default::default()
            },
            vec!["Bravo", "Delta", "Foxtrot"],
        ),
        (
            BookFilter {
                language: Some("German".into()),
                ..Default::default()
            },
            vec!["Bravo", "Foxtrot"],
        ),
        (
            BookFilter {
                language: Some("english".into()),
                statuses: vec![BookStatus::Owned],
                ..Default::default()
            },
            vec!["The Alpha", "Delta"],
        ),
        (
            BookFilter {
                query: Some("zimmer".into()),
                ..Default::default()
            },
            vec!["The Alpha", "Foxtrot"],
        ),
        (
            BookFilter {
                query: Some("saga".into()),
                statuses: vec![BookStatus::Wanted],
                ..Default::default()
            },
            vec!["Bravo"],
        ),
    ];
    for (filter, want) in cases {
        let page =
            t.db.books()
                .list(&filter, BookSort::Title, SortDir::Asc, Page::new(1, 100))
                .await
                .expect("list");
        assert_eq!(titles(&page.items), want, "filter {filter:?}");
        assert_eq!(
            page.total,
            want.len() as u64,
            "total of filter {filter:?} counts the same rows"
        );
    }
}

#[tokio::test]
async fn one_series_sorts_by_position_then_release_date() {
    let t = open().await;
    seed(&t.db, &t.clock).await;
    let saga =
        t.db.series()
            .find_by_name("Saga")
            .await
            .expect("find")
            .expect("series");
    let filter = BookFilter {
        series: Some(saga),
        ..Default::default()
    };
    let page =
        t.db.books()
            .list(&filter, BookSort::Series, SortDir::Asc, Page::new(1, 10))
            .await
            .expect("list");
    assert_eq!(
        titles(&page.items),
        ["Bravo", "Foxtrot", "The Alpha"],
        "1, then 1-3 (from 1, released later), then 2"
    );
}

#[tokio::test]
async fn pages_are_stable_and_cover_every_book_once() {
    let t = open().await;
    let batch: Vec<_> = (0..57)
        .map(|i| {
            book(
                &format!("Same Title {}", i % 3),
                &[&format!("Author {}", i % 5)],
            )
        })
        .collect();
    // Titles repeat, so only the id tiebreaker keeps pages from overlapping.
    let batch: Vec<_> = batch
        .into_iter()
        .enumerate()
        .map(|(i, b)| with_asin(b, &format!("B{i:09}")))
        .collect();
    t.db.books()
        .upsert_batch(&batch, &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("import");
    for sort in BookSort::ALL {
        let mut seen = Vec::new();
        for n in 1..=6 {
            let page =
                t.db.books()
                    .list(&BookFilter::default(), sort, SortDir::Asc, Page::new(n, 10))
                    .await
                    .expect("page");
            assert_eq!(page.total, 57, "total for {sort:?}");
            seen.extend(page.items.iter().map(|b| b.id));
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            (seen.len(), unique.len()),
            (57, 57),
            "pages by {sort:?} hold every book exactly once"
        );
    }
}

#[tokio::test]
async fn lookups_by_id_and_asin_and_export_walk() {
    let t = open().await;
    let batch: Vec<_> = (0..25)
        .map(|i| with_asin(book(&format!("T{i}"), &["A"]), &format!("B{i:09}")))
        .collect();
    let out =
        t.db.books()
            .upsert_batch(&batch, &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("import");
    let by_asin =
        t.db.books()
            .get_by_asin(&"b000000007".parse().expect("asin"))
            .await
            .expect("by asin");
    assert_eq!(by_asin.id, out.ids[7]);
    assert!(
        t.db.books()
            .get_by_asin(&"B999999999".parse().expect("asin"))
            .await
            .is_err()
    );

    let mut walked = Vec::new();
    let mut after = None;
    loop {
        let chunk = t.db.books().export_after(after, 10).await.expect("export");
        let Some(last) = chunk.last() else { break };
        after = Some(last.id);
        walked.extend(chunk.iter().map(|b| b.id));
    }
    assert_eq!(
        walked, out.ids,
        "the export walk visits every book once, by id"
    );
    let recent = t.db.books().recently_added(3).await.expect("recent");
    assert_eq!(recent.len(), 3);
}

fn entry_names(page: &aural_core::Paged<aural_core::LibraryEntry>) -> Vec<String> {
    page.items
        .iter()
        .map(|e| match e {
            aural_core::LibraryEntry::Book(b) => format!("book {}", b.title),
            aural_core::LibraryEntry::Series(s) => format!("series {}", s.name),
        })
        .collect()
}

#[tokio::test]
async fn collapsed_series_show_once_among_the_books_outside_any_series() {
    let t = open().await;
    seed(&t.db, &t.clock).await;
    let all =
        t.db.books()
            .list_collapsed(&BookFilter::default(), SortDir::Asc, Page::new(1, 50))
            .await
            .expect("collapsed");
    assert_eq!(
        entry_names(&all),
        vec!["series Arc", "book Delta", "book echo", "series Saga"]
    );
    assert_eq!(all.total, 4);
    let Some(aural_core::LibraryEntry::Series(saga)) = all.items.last() else {
        panic!("Saga is a series entry");
    };
    assert_eq!(
        (saga.counts.owned, saga.counts.wanted),
        (2, 1),
        "a series entry carries its progress over all its volumes"
    );

    let second =
        t.db.books()
            .list_collapsed(&BookFilter::default(), SortDir::Desc, Page::new(2, 2))
            .await
            .expect("page 2");
    assert_eq!(entry_names(&second), vec!["book Delta", "series Arc"]);
    assert_eq!(second.total, 4);

    let wanted = BookFilter {
        statuses: vec![BookStatus::Wanted],
        ..BookFilter::default()
    };
    let only =
        t.db.books()
            .list_collapsed(&wanted, SortDir::Asc, Page::new(1, 50))
            .await
            .expect("wanted");
    assert_eq!(
        entry_names(&only),
        vec!["series Saga"],
        "a series shows when one of its volumes matches"
    );
    assert_eq!(only.total, 1);

    let searched = BookFilter {
        query: Some("delta".into()),
        ..BookFilter::default()
    };
    let found =
        t.db.books()
            .list_collapsed(&searched, SortDir::Asc, Page::new(1, 50))
            .await
            .expect("search");
    assert_eq!(entry_names(&found), vec!["book Delta"]);
}
