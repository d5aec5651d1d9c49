use aural_core::{BookSource, BookStatus, Timestamp};
use aural_db::BookSelection;

use crate::support::{T0, book, in_series, open};

const DAY: i64 = 86_400_000;

#[tokio::test]
async fn stats_add_up_by_status_language_and_time() {
    let t = open().await;
    let rows = [
        (BookStatus::Owned, Some("English"), Some(60), 0),
        (BookStatus::Owned, Some("german"), Some(30), 0),
        (BookStatus::Wanted, Some("english"), Some(10), 3 * DAY),
        (BookStatus::Missing, None, None, 10 * DAY),
    ];
    for (i, (status, language, runtime, age)) in rows.into_iter().enumerate() {
        t.clock.set(T0 + 10 * DAY - age);
        let mut b = in_series(
            book(&format!("Book {i}"), &[&format!("Author {}", i % 2)]),
            "S",
            "1",
        );
        b.status = Some(status);
        b.details.language = language.map(Into::into);
        b.details.runtime_min = runtime;
        t.db.books()
            .upsert_batch(&[b], &BookSource::list_import(), BookStatus::Owned)
            .await
            .expect("seed");
    }
    let id = t.db.books().recently_added(1).await.expect("recent")[0].id;
    t.clock.set(T0 + 10 * DAY);
    t.db.books()
        .set_status_by_user(&BookSelection::Ids(vec![id]), BookStatus::Ignored)
        .await
        .expect("status change moves the counters");

    let s =
        t.db.stats()
            .library_stats(Timestamp(T0 + 10 * DAY))
            .await
            .expect("stats");
    assert_eq!(s.total_books, 4);
    assert_eq!(
        (
            s.by_status.owned,
            s.by_status.wanted,
            s.by_status.missing,
            s.by_status.ignored
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(
        s.owned_minutes, 60,
        "only owned runtime: the German book was set to ignored"
    );
    assert_eq!(s.total_minutes, 100);
    assert_eq!(
        (s.authors, s.series),
        (2, 2),
        "each author's \"S\" is a series of its own"
    );
    assert_eq!(
        s.added_last_7_days, 3,
        "the book added 10 days ago is outside the week"
    );
    let langs: Vec<(Option<&str>, u64)> = s
        .by_language
        .iter()
        .map(|l| (l.language.as_deref(), l.books))
        .collect();
    assert_eq!(
        langs,
        [(Some("english"), 2), (None, 1), (Some("german"), 1)]
    );
    assert_eq!(s.recently_added.len(), 4);
    assert_eq!(s.recently_added[0].title, "Book 1", "newest first");
}

#[tokio::test]
async fn an_empty_library_has_zero_stats() {
    let t = open().await;
    let s =
        t.db.stats()
            .library_stats(Timestamp(T0))
            .await
            .expect("stats");
    assert_eq!(
        (s.total_books, s.total_minutes, s.added_last_7_days),
        (0, 0, 0)
    );
    assert!(s.recently_added.is_empty() && s.by_language.is_empty());
}
