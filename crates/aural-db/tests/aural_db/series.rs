use aural_core::{BookSource, BookStatus, NameQuery, NameSort, Page, SeriesId, SortDir};
use aural_db::DbError;

use crate::support::{TestDb, book, in_series, open};

/// Ids of the series called `name`, oldest first.
async fn series_named(t: &TestDb, name: &str) -> Vec<SeriesId> {
    let all =
        t.db.series()
            .list(&NameQuery::default(), Page::new(1, 100))
            .await
            .expect("list");
    let mut ids: Vec<SeriesId> = all
        .items
        .iter()
        .filter(|s| s.name == name)
        .map(|s| s.id)
        .collect();
    ids.sort_by_key(|s| s.0);
    ids
}

async fn import(t: &TestDb, rows: &[aural_core::BookInput]) {
    t.db.books()
        .upsert_batch(rows, &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("import");
}

/// The series ids a book is in, by title.
async fn series_of(t: &TestDb, title: &str) -> Vec<SeriesId> {
    let page =
        t.db.books()
            .list(
                &aural_core::BookFilter {
                    query: Some(title.to_owned()),
                    ..Default::default()
                },
                aural_core::BookSort::Title,
                SortDir::Asc,
                Page::new(1, 10),
            )
            .await
            .expect("list");
    let book = page
        .items
        .iter()
        .find(|b| b.title == title)
        .expect("the book");
    book.series.iter().map(|s| s.id).collect()
}

#[tokio::test]
async fn two_authors_series_of_one_name_stay_two_and_each_keeps_its_books() {
    let t = open().await;
    import(
        &t,
        &[
            in_series(book("Ann One", &["Ann Author"]), "Legacy", "1"),
            in_series(book("Bob One", &["Bob Writer"]), "Legacy", "1"),
        ],
    )
    .await;
    import(
        &t,
        &[in_series(book("Ann Two", &["Ann Author"]), "legacy", "2")],
    )
    .await;
    let legacies = series_named(&t, "Legacy").await;
    assert_eq!(legacies.len(), 2, "two authors, two series");
    assert_eq!(
        series_of(&t, "Ann One").await,
        series_of(&t, "Ann Two").await
    );
    assert_ne!(
        series_of(&t, "Ann One").await,
        series_of(&t, "Bob One").await
    );
    let first = t.db.series().get(legacies[0]).await.expect("get");
    assert_eq!(
        (first.authors.clone(), first.counts.owned),
        (vec!["Ann Author".to_owned()], 2),
        "new series are made in the order the list names them"
    );
}

#[tokio::test]
async fn merged_series_stay_merged_for_later_imports_and_a_split_undoes_it() {
    let t = open().await;
    import(
        &t,
        &[
            in_series(book("Hope", &["Ann Author"]), "Star Tales", "1"),
            in_series(book("Empire", &["Bob Writer"]), "Star Tales", "2"),
        ],
    )
    .await;
    let tales = series_named(&t, "Star Tales").await;
    t.db.series()
        .merge(tales[1], tales[0])
        .await
        .expect("merge");
    import(
        &t,
        &[in_series(
            book("Return", &["Bob Writer"]),
            "Star Tales",
            "3",
        )],
    )
    .await;
    assert_eq!(series_named(&t, "Star Tales").await, [tales[0]]);
    let merged = t.db.series().get(tales[0]).await.expect("get");
    assert_eq!(
        (merged.counts.total(), merged.counts.owned),
        (3, 3),
        "Bob's later book joined too"
    );

    let err =
        t.db.series()
            .merge(tales[0], tales[0])
            .await
            .expect_err("itself");
    assert!(matches!(err, DbError::Validation { .. }), "{err:?}");

    let made = t.db.series().split(tales[0]).await.expect("split");
    assert_eq!(made.len(), 1, "Bob's books get one series");
    let bobs = t.db.series().get(made[0]).await.expect("get");
    assert_eq!(
        (bobs.counts.total(), bobs.authors.clone()),
        (2, vec!["Bob Writer".to_owned()])
    );
    assert_eq!(
        t.db.series()
            .get(tales[0])
            .await
            .expect("get")
            .counts
            .total(),
        1
    );
    import(
        &t,
        &[in_series(book("Force", &["Bob Writer"]), "Star Tales", "4")],
    )
    .await;
    assert_eq!(
        series_of(&t, "Force").await,
        [made[0]],
        "the alias went with the split"
    );
}

#[tokio::test]
async fn only_series_of_one_name_merge_and_unknown_ids_are_not_found() {
    let t = open().await;
    import(
        &t,
        &[
            in_series(book("A", &["Ann Author"]), "Legacy", "1"),
            in_series(book("B", &["Ann Author"]), "Other", "1"),
        ],
    )
    .await;
    let legacy = series_named(&t, "Legacy").await[0];
    let other = series_named(&t, "Other").await[0];
    let err =
        t.db.series()
            .merge(other, legacy)
            .await
            .expect_err("names differ");
    assert!(
        matches!(&err, DbError::Validation { message, .. } if message.contains("different names")),
        "{err:?}"
    );
    let err =
        t.db.series()
            .merge(SeriesId(9_999), legacy)
            .await
            .expect_err("unknown");
    assert!(matches!(err, DbError::NotFound { .. }), "{err:?}");
    assert_eq!(
        t.db.series()
            .get(legacy)
            .await
            .expect("kept")
            .counts
            .total(),
        1
    );
}

#[tokio::test]
async fn series_counts_and_authors_come_from_sql() {
    let t = open().await;
    let mut rows = Vec::new();
    for (pos, status) in [
        ("1", BookStatus::Owned),
        ("1.5", BookStatus::Missing),
        ("2", BookStatus::Wanted),
        ("3", BookStatus::Ignored),
    ] {
        let mut b = in_series(book(&format!("Vol {pos}"), &["Ann Author"]), "Saga", pos);
        b.status = Some(status);
        rows.push(b);
    }
    let mut extra = in_series(book("Side", &["Bob Guest"]), "Saga", "0.5");
    extra.status = Some(BookStatus::Owned);
    rows.push(extra);
    rows.push(in_series(book("Elsewhere", &["Bob Guest"]), "Another", "1"));
    t.db.books()
        .upsert_batch(&rows, &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("seed");

    // Bob's "Saga" is a series of its own until the user says it is Ann's.
    let sagas = series_named(&t, "Saga").await;
    assert_eq!(sagas.len(), 2, "one Saga per primary author");
    t.db.series()
        .merge(sagas[1], sagas[0])
        .await
        .expect("merge");
    let id =
        t.db.series()
            .find_by_name("saga")
            .await
            .expect("find")
            .expect("exists");
    assert_eq!(id, sagas[0]);
    let s = t.db.series().get(id).await.expect("get");
    assert_eq!(
        (
            s.counts.owned,
            s.counts.missing,
            s.counts.wanted,
            s.counts.ignored
        ),
        (2, 1, 1, 1)
    );
    assert_eq!(
        s.authors,
        ["Ann Author", "Bob Guest"],
        "most credited author first"
    );
    assert_eq!(s.counts.completion_percent(), Some(50.0));

    let list =
        t.db.series()
            .list(&NameQuery::default(), Page::new(1, 10))
            .await
            .expect("list");
    assert_eq!(list.total, 2);
    assert_eq!(
        list.items
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["Another", "Saga"]
    );
    let by_books = NameQuery {
        sort: NameSort::Books,
        dir: SortDir::Desc,
        ..Default::default()
    };
    let list =
        t.db.series()
            .list(&by_books, Page::new(1, 10))
            .await
            .expect("list");
    assert_eq!(list.items[0].name, "Saga");
    let err =
        t.db.series()
            .get(SeriesId(9_999))
            .await
            .expect_err("unknown");
    assert!(
        matches!(
            err,
            DbError::NotFound {
                entity: "series",
                ..
            }
        ),
        "got {err:?}"
    );
}
