use aural_core::{
    BookFilter, BookSource, BookStatus, ChangeOp, Entity, SourceKind, StatusHistoryEntry,
};
use aural_db::BookSelection;

use crate::support::{T0, TestDb, book, open, with_asin};

fn audible() -> BookSource {
    BookSource {
        kind: SourceKind::Audible,
        key: "1:us".into(),
    }
}

fn files() -> BookSource {
    BookSource {
        kind: SourceKind::FileImport,
        key: String::new(),
    }
}

async fn report(t: &TestDb, source: &BookSource, status: BookStatus) -> aural_core::BookId {
    t.db.books()
        .upsert_batch(
            &[with_asin(book("Dune", &["Frank Herbert"]), "B002V1OF70")],
            source,
            status,
        )
        .await
        .expect("upsert")
        .ids[0]
}

async fn status(t: &TestDb, id: aural_core::BookId) -> BookStatus {
    t.db.books().get(id).await.expect("book").status
}

#[tokio::test]
async fn a_repeated_sync_keeps_the_user_choice_and_a_new_fact_overrides_it() {
    let t = open().await;
    let id = report(&t, &audible(), BookStatus::Owned).await;
    t.clock.set(T0 + 10);
    t.db.books()
        .set_status_by_user(&BookSelection::Ids(vec![id]), BookStatus::Wanted)
        .await
        .expect("user");
    t.clock.set(T0 + 20);
    report(&t, &audible(), BookStatus::Owned).await;
    assert_eq!(
        status(&t, id).await,
        BookStatus::Wanted,
        "Audible repeating itself does not undo the user's choice"
    );
    t.clock.set(T0 + 30);
    report(&t, &files(), BookStatus::Owned).await;
    assert_eq!(
        status(&t, id).await,
        BookStatus::Owned,
        "a file imported after the choice is a new fact"
    );
    let history = t.db.books().status_history(id, 10).await.expect("history");
    let moves: Vec<_> = history
        .iter()
        .map(|h: &StatusHistoryEntry| (h.from, h.to, h.source))
        .collect();
    assert_eq!(
        moves,
        [
            (
                BookStatus::Wanted,
                BookStatus::Owned,
                SourceKind::FileImport
            ),
            (BookStatus::Owned, BookStatus::Wanted, SourceKind::User),
        ]
    );
}

#[tokio::test]
async fn a_withdrawn_claim_leaves_what_other_sources_say() {
    let t = open().await;
    let id = report(&t, &BookSource::list_import(), BookStatus::Wanted).await;
    report(&t, &audible(), BookStatus::Owned).await;
    assert_eq!(status(&t, id).await, BookStatus::Owned);
    let moved =
        t.db.books()
            .withdraw(&audible(), &[id])
            .await
            .expect("withdraw");
    assert_eq!(moved, 1);
    assert_eq!(
        status(&t, id).await,
        BookStatus::Wanted,
        "the title left the Audible library; the list still wants it"
    );
    let claims = t.db.books().claims(id).await.expect("claims");
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].source, BookSource::list_import());
    t.db.books()
        .withdraw(&BookSource::list_import(), &[id])
        .await
        .expect("withdraw");
    assert_eq!(
        status(&t, id).await,
        BookStatus::Missing,
        "nobody claims it"
    );
}

#[tokio::test]
async fn a_bulk_change_by_query_is_one_undoable_batch() {
    let t = open().await;
    let mut batch: Vec<_> = (0..1_500)
        .map(|i| book(&format!("Herbert {i}"), &["Frank Herbert"]))
        .collect();
    batch.push(book("Emma", &["Jane Austen"]));
    t.db.books()
        .upsert_batch(&batch, &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("seed");
    let herbert =
        t.db.authors()
            .find_by_name("Frank Herbert")
            .await
            .expect("find")
            .expect("author");
    let seq = t.db.changes().latest_seq().await.expect("seq");
    t.clock.set(T0 + 10);
    let filter = BookFilter {
        author: Some(herbert),
        ..BookFilter::default()
    };
    let out =
        t.db.books()
            .set_status_by_user(
                &BookSelection::Matching(filter.clone()),
                BookStatus::Ignored,
            )
            .await
            .expect("bulk");
    assert_eq!(out.changed, 1_500);
    let counts =
        t.db.stats()
            .library_stats(aural_core::Timestamp(T0 + 30))
            .await
            .expect("stats");
    assert_eq!(
        (counts.by_status.ignored, counts.by_status.owned),
        (1_500, 1)
    );
    let feed = t.db.changes().since(seq, 5_000).await.expect("feed");
    assert_eq!(
        feed.iter()
            .map(|c| (c.entity, c.entity_id.as_str(), c.op))
            .collect::<Vec<_>>(),
        [(Entity::Book, "", ChangeOp::Update)],
        "more books than the feed lists one by one are one \"many books\" row"
    );

    let again =
        t.db.books()
            .set_status_by_user(&BookSelection::Matching(filter), BookStatus::Ignored)
            .await
            .expect("again");
    assert_eq!(
        (again.changed, again.batch),
        (0, None),
        "nothing left to move"
    );

    t.clock.set(T0 + 20);
    let undone =
        t.db.books()
            .undo_status_change(out.batch.expect("batch"))
            .await
            .expect("undo");
    assert_eq!(undone.changed, 1_500);
    let counts =
        t.db.stats()
            .library_stats(aural_core::Timestamp(T0 + 30))
            .await
            .expect("stats");
    assert_eq!(
        (counts.by_status.ignored, counts.by_status.owned),
        (0, 1_501)
    );
    let redo =
        t.db.books()
            .undo_status_change(undone.batch.expect("the undo is a change too"))
            .await
            .expect("redo");
    assert_eq!(redo.changed, 1_500, "undoing the undo redoes the change");
}

#[tokio::test]
async fn a_selection_by_ids_moves_only_those_books() {
    let t = open().await;
    let out =
        t.db.books()
            .upsert_batch(
                &[book("A", &["X"]), book("B", &["X"]), book("C", &["X"])],
                &BookSource::list_import(),
                BookStatus::Wanted,
            )
            .await
            .expect("seed");
    let picked = vec![out.ids[0], out.ids[2]];
    let seq = t.db.changes().latest_seq().await.expect("seq");
    let change =
        t.db.books()
            .set_status_by_user(&BookSelection::Ids(picked.clone()), BookStatus::Owned)
            .await
            .expect("set");
    assert_eq!(change.changed, 2);
    let feed = t.db.changes().since(seq, 10).await.expect("feed");
    assert_eq!(
        feed.iter().map(|c| c.entity_id.clone()).collect::<Vec<_>>(),
        picked.iter().map(|id| id.0.to_string()).collect::<Vec<_>>(),
        "a few books moved are listed one by one"
    );
    assert_eq!(status(&t, out.ids[1]).await, BookStatus::Wanted);
    assert_eq!(status(&t, out.ids[2]).await, BookStatus::Owned);
    let err =
        t.db.books()
            .undo_status_change(change.batch.expect("batch") + 100)
            .await
            .expect_err("unknown batch");
    assert!(matches!(err, aural_db::DbError::NotFound { .. }), "{err:?}");
}
