use aural_core::{BookSource, BookStatus, NameQuery, NameSort, Page, SeriesId, SortDir};
use aural_db::DbError;

use crate::support::{book, in_series, open};

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

    let id =
        t.db.series()
            .find_by_name("saga")
            .await
            .expect("find")
            .expect("exists");
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
