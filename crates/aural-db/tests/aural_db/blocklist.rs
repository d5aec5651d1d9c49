use aural_core::{BlocklistReason, BookSource, BookStatus, NewBlocklistEntry, Page};
use sea_orm::ConnectionTrait;

use crate::support::{T0, book, open};

fn rejected(book: Option<aural_core::BookId>, title: &str) -> NewBlocklistEntry {
    NewBlocklistEntry {
        book,
        indexer: None,
        guid_hash: None,
        info_hash: Some("C0FFEE".into()),
        title: title.into(),
        reason: BlocklistReason::User,
    }
}

#[tokio::test]
async fn a_release_is_listed_once_per_book_newest_first_and_goes_with_its_book() {
    let t = open().await;
    let ids =
        t.db.books()
            .upsert_batch(
                &[
                    book("Dune", &["Frank Herbert"]),
                    book("Emma", &["Jane Austen"]),
                ],
                &BookSource::list_import(),
                BookStatus::Wanted,
            )
            .await
            .expect("seed")
            .ids;
    let list = t.db.blocklist();
    let first = list
        .add(&rejected(Some(ids[0]), "Dune [M4B]"))
        .await
        .expect("add");
    assert_eq!(
        first.info_hash.as_deref(),
        Some("c0ffee"),
        "hashes are kept lower-case"
    );
    assert_eq!(first.book_title.as_deref(), Some("Dune"));
    let again = list
        .add(&rejected(Some(ids[0]), "dune  m4b"))
        .await
        .expect("again");
    assert_eq!(
        again.id, first.id,
        "the same release for the same book is one entry"
    );
    t.clock.set(T0 + 10);
    let everywhere = list
        .add(&rejected(None, "Fake Release"))
        .await
        .expect("global");
    list.add(&rejected(Some(ids[1]), "Emma [MP3]"))
        .await
        .expect("other book");

    let page = list.list(Page::new(1, 10)).await.expect("list");
    assert_eq!(page.total, 3);
    assert_eq!(page.items[2].id, first.id, "newest first");
    let for_dune: Vec<_> = list
        .for_book(ids[0])
        .await
        .expect("for dune")
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(for_dune, [first.id, everywhere.id]);

    list.remove(everywhere.id).await.expect("remove");
    let err = list.remove(everywhere.id).await.expect_err("gone");
    assert!(matches!(err, aural_db::DbError::NotFound { .. }), "{err:?}");
    // Another process deletes the book: its entries go with it.
    let raw = sea_orm::Database::connect(format!("sqlite://{}", t.db.path().display()))
        .await
        .expect("open");
    raw.execute_unprepared(&format!(
        "PRAGMA foreign_keys = ON; DELETE FROM books WHERE id = {}",
        ids[0].0
    ))
    .await
    .expect("delete the book");
    raw.close().await.expect("close");
    assert_eq!(list.list(Page::new(1, 10)).await.expect("list").total, 1);
}
