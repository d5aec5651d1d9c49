//! The book, owned and missing counts the author and series lists sort by, kept by triggers.

use std::path::Path;

use aural_core::{
    BookFilter, BookSort, BookSource, BookStatus, NameQuery, NameSort, Page, SortDir,
};
use aural_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

use crate::support::{TestDb, book, in_series, open};

/// Opens a second connection to the library, as another process would.
async fn raw(path: &Path) -> DatabaseConnection {
    let raw = Database::connect(format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .expect("open");
    raw.execute_unprepared("PRAGMA foreign_keys = ON")
        .await
        .expect("pragma");
    raw
}

/// Asserts that every stored count equals a count of the books, and returns the authors' and the
/// series' sums of (books, owned, missing), so a test can tell the counts are not all zero.
async fn checked_counts(path: &Path) -> [(i64, i64, i64); 2] {
    let raw = raw(path).await;
    let mut sums = [(0, 0, 0); 2];
    for (i, (list, link, column)) in [
        ("authors", "book_authors", "author_id"),
        ("series", "book_series", "series_id"),
    ]
    .into_iter()
    .enumerate()
    {
        let actual = format!(
            "SELECT x.id, x.book_count, x.owned_count, x.missing_count, \
             (SELECT COUNT(*) FROM {link} l WHERE l.{column} = x.id), \
             (SELECT COUNT(*) FROM {link} l JOIN books b ON b.id = l.book_id WHERE l.{column} = x.id AND b.status = 'owned'), \
             (SELECT COUNT(*) FROM {link} l JOIN books b ON b.id = l.book_id WHERE l.{column} = x.id AND b.status = 'missing') \
             FROM {list} x"
        );
        let rows = raw
            .query_all_raw(Statement::from_string(raw.get_database_backend(), actual))
            .await
            .expect("counts");
        for row in rows {
            let v: Vec<i64> = (0..7)
                .map(|c| row.try_get_by_index(c).expect("integer"))
                .collect();
            assert_eq!(
                (v[1], v[2], v[3]),
                (v[4], v[5], v[6]),
                "{list} {} stores (books, owned, missing) {:?} but has {:?}",
                v[0],
                (v[1], v[2], v[3]),
                (v[4], v[5], v[6])
            );
            sums[i].0 += v[1];
            sums[i].1 += v[2];
            sums[i].2 += v[3];
        }
    }
    raw.close().await.expect("close");
    sums
}

async fn set_status(t: &TestDb, title: &str, status: BookStatus) {
    let filter = BookFilter {
        query: Some(title.into()),
        ..Default::default()
    };
    let page =
        t.db.books()
            .list(&filter, BookSort::Title, SortDir::Asc, Page::new(1, 10))
            .await
            .expect("find");
    let book = page
        .items
        .iter()
        .find(|b| b.title == title)
        .expect("the book exists");
    t.db.books()
        .set_status_by_user(&aural_db::BookSelection::Ids(vec![book.id]), status)
        .await
        .expect("set");
}

#[tokio::test]
async fn counts_follow_imports_status_changes_credit_edits_and_deletes() {
    let t = open().await;
    let path = t.db.path().to_owned();
    let mut rows = vec![
        in_series(book("Zeta One", &["Zed Writer"]), "Zeta", "1"),
        in_series(book("Zeta Two", &["Zed Writer"]), "Zeta", "2"),
        in_series(book("Beta One", &["Amy Writer"]), "Beta", "1"),
        book("Shared", &["Amy Writer", "Zed Writer"]),
    ];
    rows[0].status = Some(BookStatus::Missing);
    t.db.books()
        .upsert_batch(&rows, &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("import");
    // Authors: Zed 3 books (2 owned, 1 missing), Amy 2 (2 owned). Series: Zeta 2 (1, 1), Beta 1 (1, 0).
    assert_eq!(checked_counts(&path).await, [(5, 4, 1), (3, 2, 1)]);

    set_status(&t, "Beta One", BookStatus::Missing).await;
    set_status(&t, "Zeta One", BookStatus::Wanted).await;
    assert_eq!(checked_counts(&path).await, [(5, 3, 1), (3, 1, 1)]);

    // Re-imported with Amy alone, "Shared" is no longer Zed's.
    t.db.books()
        .upsert_batch(
            &[book("Shared", &["Amy Writer"])],
            &BookSource::list_import(),
            BookStatus::Owned,
        )
        .await
        .expect("re-import");
    assert_eq!(checked_counts(&path).await, [(4, 2, 1), (3, 1, 1)]);

    // Deleting books (by another process, say) removes their links by cascade.
    let other = raw(&path).await;
    other
        .execute_unprepared("DELETE FROM books WHERE title IN ('Beta One', 'Zeta Two')")
        .await
        .expect("delete");
    other.close().await.expect("close");
    assert_eq!(checked_counts(&path).await, [(2, 1, 0), (1, 0, 0)]);
}

/// Asserts that `book_counts` (the per-status and language totals the stats read) equals a count
/// of the books.
async fn checked_status_totals(path: &Path) {
    let raw = raw(path).await;
    let query = |q: &str| {
        let raw = &raw;
        let q = q.to_owned();
        async move {
            let rows = raw
                .query_all_raw(Statement::from_string(raw.get_database_backend(), q))
                .await
                .expect("totals");
            rows.iter()
                .map(|r| {
                    (
                        r.try_get_by_index::<String>(0).expect("status"),
                        r.try_get_by_index::<String>(1).expect("language"),
                        r.try_get_by_index::<i64>(2).expect("books"),
                        r.try_get_by_index::<i64>(3).expect("minutes"),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let stored = query(
        "SELECT status, language, books, minutes FROM book_counts WHERE books <> 0 ORDER BY 1, 2",
    )
    .await;
    let counted = query(
        "SELECT status, COALESCE(language, ''), COUNT(*), SUM(COALESCE(runtime_min, 0)) \
         FROM books GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .await;
    assert_eq!(stored, counted);
    raw.close().await.expect("close");
}

#[tokio::test]
async fn counts_follow_changes_of_many_books_their_undo_and_withdrawn_claims() {
    let t = open().await;
    let path = t.db.path().to_owned();
    let mut rows = vec![
        in_series(book("Zeta One", &["Zed Writer"]), "Zeta", "1"),
        in_series(book("Zeta Two", &["Zed Writer"]), "Zeta", "2"),
        in_series(book("Beta One", &["Amy Writer"]), "Beta", "1"),
        book("Shared", &["Amy Writer", "Zed Writer"]),
        book("Loose", &["Amy Writer"]),
    ];
    rows[0].status = Some(BookStatus::Missing);
    rows[2].details.language = Some("German".into());
    rows[2].details.runtime_min = Some(600);
    rows[4].status = Some(BookStatus::Wanted);
    let source = BookSource::list_import();
    t.db.books()
        .upsert_batch(&rows, &source, BookStatus::Owned)
        .await
        .expect("import");
    checked_status_totals(&path).await;

    // Every book of the library to Missing, in one change: one of them already is.
    let everything = aural_db::BookSelection::Matching(BookFilter::default());
    let change =
        t.db.books()
            .set_status_by_user(&everything, BookStatus::Missing)
            .await
            .expect("bulk change");
    assert_eq!(change.changed, 4);
    assert_eq!(checked_counts(&path).await, [(6, 0, 6), (3, 0, 3)]);
    checked_status_totals(&path).await;

    // Undo puts back what each book was: Zeta One missing, Loose wanted, the rest owned.
    t.db.books()
        .undo_status_change(change.batch.expect("a batch"))
        .await
        .expect("undo");
    assert_eq!(checked_counts(&path).await, [(6, 4, 1), (3, 2, 1)]);
    checked_status_totals(&path).await;

    // The list withdraws its claims: with nothing else said of them, the books fall back to the
    // status a book nobody claims has.
    let ids: Vec<_> =
        t.db.books()
            .list(
                &BookFilter::default(),
                BookSort::Title,
                SortDir::Asc,
                Page::new(1, 10),
            )
            .await
            .expect("list")
            .items
            .iter()
            .map(|b| b.id)
            .collect();
    let moved =
        t.db.books()
            .withdraw(&source, &ids)
            .await
            .expect("withdraw");
    assert!(moved > 0, "withdrawing every claim moves books");
    checked_counts(&path).await;
    checked_status_totals(&path).await;
}

#[tokio::test]
async fn count_sorts_put_the_most_first_with_ties_by_name_and_ascending_reversed() {
    let t = open().await;
    let mut rows = vec![
        book("Amy's", &["Amy Writer"]),
        book("Bob's 1", &["Bob Writer"]),
        book("Bob's 2", &["Bob Writer"]),
        book("Zed's 1", &["Zed Writer"]),
        book("Zed's 2", &["Zed Writer"]),
    ];
    rows[0].status = Some(BookStatus::Missing);
    t.db.books()
        .upsert_batch(&rows, &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("import");
    let order = async |sort, dir| {
        let q = NameQuery {
            sort,
            dir,
            ..Default::default()
        };
        let page =
            t.db.authors()
                .list(&q, Page::new(1, 10))
                .await
                .expect("list");
        page.items.into_iter().map(|a| a.name).collect::<Vec<_>>()
    };
    assert_eq!(
        order(NameSort::Books, SortDir::Desc).await,
        ["Bob Writer", "Zed Writer", "Amy Writer"]
    );
    assert_eq!(
        order(NameSort::Books, SortDir::Asc).await,
        ["Amy Writer", "Zed Writer", "Bob Writer"]
    );
    assert_eq!(
        order(NameSort::Missing, SortDir::Desc).await,
        ["Amy Writer", "Bob Writer", "Zed Writer"]
    );
    let page2 =
        t.db.authors()
            .list(
                &NameQuery {
                    sort: NameSort::Owned,
                    dir: SortDir::Desc,
                    ..Default::default()
                },
                Page::new(2, 2),
            )
            .await
            .expect("page 2");
    assert_eq!(
        page2
            .items
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["Amy Writer"]
    );
}

/// A library made before the counts existed gets them filled in when the migration runs.
#[tokio::test]
async fn counts_are_filled_in_for_an_older_library() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.db");
    let old = raw(&path).await;
    Migrator::up(&old, Some(3))
        .await
        .expect("the first three migrations");
    old.execute_unprepared(
        "INSERT INTO authors (id, name, sort_name) VALUES (1, 'Amy Writer', 'Writer, Amy'), (2, 'Zed Writer', 'Writer, Zed');
         INSERT INTO series (id, name) VALUES (1, 'Saga');
         INSERT INTO books (id, title, sort_title, title_key, author_key, status, metadata_source, added_at, updated_at) VALUES
             (1, 'One', 'one', 'one', 'amy writer', 'missing', 'list_import', 0, 0),
             (2, 'Two', 'two', 'two', 'amy writer', 'missing', 'list_import', 0, 0),
             (3, 'Three', 'three', 'three', 'zed writer', 'owned', 'list_import', 0, 0);
         INSERT INTO book_authors (book_id, author_id, ordinal) VALUES (1, 1, 0), (2, 1, 0), (3, 2, 0);
         INSERT INTO book_series (book_id, series_id, position_raw) VALUES (1, 1, '1'), (3, 1, '2');",
    )
    .await
    .expect("an older library");
    old.close().await.expect("close");

    aural_db::connect(&path).await.expect("migrates");
    assert_eq!(checked_counts(&path).await, [(3, 1, 2), (2, 1, 1)]);
}
