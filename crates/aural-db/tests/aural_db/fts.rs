use aural_core::{BookFilter, BookSort, BookSource, BookStatus, Page, SortDir};

use crate::support::{book, in_series, open};

#[tokio::test]
async fn search_covers_title_subtitle_people_and_series() {
    let t = open().await;
    let mut b = in_series(
        book("Leviathan Wakes", &["James S. A. Corey"]),
        "The Expanse",
        "1",
    );
    b.details.subtitle = Some("Première partie".into());
    b.narrators = vec!["Jefferson Mays".into()];
    t.db.books()
        .upsert_batch(
            &[b, book("Other", &["Nobody"])],
            &BookSource::list_import(),
            BookStatus::Owned,
        )
        .await
        .expect("import");
    for query in [
        "leviathan",
        "wakes lev",
        "corey",
        "mays",
        "expanse",
        "premiere",
        "Première",
        "LEVIA",
    ] {
        let f = BookFilter {
            query: Some(query.into()),
            ..Default::default()
        };
        let page =
            t.db.books()
                .list(&f, BookSort::Title, SortDir::Asc, Page::default())
                .await
                .expect("search");
        assert_eq!(page.total, 1, "query {query:?} finds the book");
        assert_eq!(page.items[0].title, "Leviathan Wakes");
    }
}

#[tokio::test]
async fn hostile_search_text_never_errors() {
    let t = open().await;
    t.db.books()
        .upsert_batch(
            &[book("AND Then There Were None", &["Agatha Christie"])],
            &BookSource::list_import(),
            BookStatus::Owned,
        )
        .await
        .expect("import");
    let long = "ab ".repeat(3_400);
    for query in [
        "\"",
        "*",
        "AND",
        "NEAR(",
        "a OR b",
        "-x",
        "title:foo",
        "^",
        "(",
        "\u{1F600}",
        "日本語",
        "",
        "   ",
        long.as_str(),
    ] {
        let f = BookFilter {
            query: Some(query.to_owned()),
            ..Default::default()
        };
        let res =
            t.db.books()
                .list(&f, BookSort::Title, SortDir::Asc, Page::default())
                .await;
        assert!(
            res.is_ok(),
            "query {:?} must not fail: {:?}",
            &query[..query.len().min(20)],
            res.err()
        );
    }
    let f = BookFilter {
        query: Some("AND then".into()),
        ..Default::default()
    };
    let page =
        t.db.books()
            .list(&f, BookSort::Title, SortDir::Asc, Page::default())
            .await
            .expect("search");
    assert_eq!(page.total, 1, "operator words are searched as plain words");
}

#[tokio::test]
async fn search_follows_updates_and_deletes_nothing_else() {
    let t = open().await;
    let repo = t.db.books();
    let mut b = book("Old Name", &["Ann"]);
    b.asin = Some("B000000001".parse().expect("asin"));
    repo.upsert_batch(&[b.clone()], &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("import");
    b.title = "New Name".into();
    repo.upsert_batch(&[b], &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("rename");
    let find = |q: &str| BookFilter {
        query: Some(q.into()),
        ..Default::default()
    };
    assert_eq!(
        repo.list(&find("old"), BookSort::Title, SortDir::Asc, Page::default())
            .await
            .expect("s")
            .total,
        0
    );
    assert_eq!(
        repo.list(&find("new"), BookSort::Title, SortDir::Asc, Page::default())
            .await
            .expect("s")
            .total,
        1
    );
}
