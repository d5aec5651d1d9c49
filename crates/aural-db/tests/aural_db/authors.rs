use aural_core::{AuthorId, BookSource, BookStatus, NameQuery, NameSort, Page, SortDir};
use aural_db::DbError;

use crate::support::{book, in_series, open};

async fn seed(t: &crate::support::TestDb) {
    let mut rows = Vec::new();
    for (i, status) in [
        BookStatus::Owned,
        BookStatus::Owned,
        BookStatus::Missing,
        BookStatus::Wanted,
    ]
    .into_iter()
    .enumerate()
    {
        let mut b = in_series(
            book(&format!("Sanderson {i}"), &["Brandon Sanderson"]),
            if i < 2 { "Mistborn" } else { "Stormlight" },
            "1",
        );
        b.details.runtime_min = Some(100);
        b.status = Some(status);
        rows.push(b);
    }
    let mut b = book("Shared", &["Ann Author", "Brandon Sanderson"]);
    b.status = Some(BookStatus::Ignored);
    rows.push(b);
    t.db.books()
        .upsert_batch(&rows, &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("seed");
}

#[tokio::test]
async fn author_counts_come_from_sql_per_status() {
    let t = open().await;
    seed(&t).await;
    let id =
        t.db.authors()
            .find_by_name("brandon sanderson")
            .await
            .expect("find")
            .expect("exists");
    let a = t.db.authors().get(id).await.expect("get");
    assert_eq!(a.name, "Brandon Sanderson");
    assert_eq!(
        (
            a.counts.owned,
            a.counts.missing,
            a.counts.wanted,
            a.counts.ignored
        ),
        (2, 1, 1, 1)
    );
    assert_eq!(a.total_minutes, 400);
    assert_eq!(a.series_count, 2);
    let err =
        t.db.authors()
            .get(AuthorId(9_999))
            .await
            .expect_err("unknown");
    assert!(
        matches!(
            err,
            DbError::NotFound {
                entity: "author",
                ..
            }
        ),
        "got {err:?}"
    );
}

#[tokio::test]
async fn author_list_pages_filters_and_sorts() {
    let t = open().await;
    seed(&t).await;
    let names = |p: &aural_core::Paged<aural_core::AuthorSummary>| {
        p.items.iter().map(|a| a.name.clone()).collect::<Vec<_>>()
    };
    let all =
        t.db.authors()
            .list(&NameQuery::default(), Page::new(1, 10))
            .await
            .expect("list");
    assert_eq!(all.total, 2);
    assert_eq!(
        names(&all),
        ["Ann Author", "Brandon Sanderson"],
        "by sort name: Author, Ann before Sanderson, Brandon"
    );
    let q = NameQuery {
        query: Some("sand".into()),
        ..Default::default()
    };
    let found =
        t.db.authors()
            .list(&q, Page::new(1, 10))
            .await
            .expect("list");
    assert_eq!(
        (found.total, names(&found)),
        (1, vec!["Brandon Sanderson".to_owned()])
    );
    let by_owned = NameQuery {
        sort: NameSort::Owned,
        dir: SortDir::Desc,
        ..Default::default()
    };
    let sorted =
        t.db.authors()
            .list(&by_owned, Page::new(1, 10))
            .await
            .expect("list");
    assert_eq!(names(&sorted)[0], "Brandon Sanderson");
    let second =
        t.db.authors()
            .list(&NameQuery::default(), Page::new(2, 1))
            .await
            .expect("page 2");
    assert_eq!(
        (second.total, names(&second)),
        (2, vec!["Brandon Sanderson".to_owned()])
    );
    let odd = NameQuery {
        query: Some("%_".into()),
        ..Default::default()
    };
    assert_eq!(
        t.db.authors()
            .list(&odd, Page::default())
            .await
            .expect("list")
            .total,
        0,
        "wildcards are literal"
    );
}
