use aural_core::{BookSource, BookStatus, Page};
use aural_db::{BookFile, CardStatus, DbError, JournalStep, NewCard, PlaceOp, PlannedFile};

use crate::support::{book, open};

fn card(root: &str, status: CardStatus) -> NewCard {
    NewCard {
        root: root.to_owned(),
        files_json: "[]".to_owned(),
        detected_json: "{}".to_owned(),
        match_book: None,
        match_asin: None,
        confidence: None,
        reasons_json: "[]".to_owned(),
        candidates_json: "[]".to_owned(),
        status,
        target: None,
        error: None,
    }
}

fn planned(name: &str, existed: bool) -> PlannedFile {
    PlannedFile {
        src: format!("/staging/{name}"),
        tmp: format!("/library/A/.{name}.aapart"),
        dst: format!("/library/A/{name}"),
        rel: format!("A/{name}"),
        part: Some(1),
        size: 10,
        sha256: existed.then(|| "ab".repeat(32)),
        existed,
    }
}

#[tokio::test]
async fn a_rescan_of_the_same_root_updates_its_open_card_instead_of_adding_one() {
    let t = open().await;
    let cards = t.db.import_cards();
    let first = cards
        .save(&[
            card("/staging/a", CardStatus::Pending),
            card("/staging/b", CardStatus::Ready),
        ])
        .await
        .expect("saved");
    let again = cards
        .save(&[card("/staging/a", CardStatus::Ready)])
        .await
        .expect("saved again");
    assert_eq!(
        again,
        vec![first[0]],
        "the open card of a root keeps its id"
    );
    assert_eq!(
        cards.get(first[0]).await.expect("card").card.status,
        CardStatus::Ready,
        "the rescan's status replaced the old one"
    );
    let counts = cards.counts().await.expect("counts");
    assert_eq!(counts.get(CardStatus::Ready), 2);
    assert_eq!(counts.get(CardStatus::Pending), 0);
    assert_eq!(cards.ready().await.expect("ready"), first);
    let page = cards.list(None, Page::new(1, 1)).await.expect("list");
    assert_eq!((page.items.len(), page.total), (1, 2), "paged with a total");
}

#[tokio::test]
async fn an_unknown_card_is_not_found() {
    let t = open().await;
    let err =
        t.db.import_cards()
            .get(aural_db::CardId(42))
            .await
            .expect_err("no card 42");
    assert!(matches!(err, DbError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn recording_a_card_lists_its_files_marks_it_imported_and_closes_nothing_else() {
    let t = open().await;
    let landed =
        t.db.books()
            .upsert_batch(
                &[book("Title", &["Author"])],
                &BookSource::user(),
                BookStatus::Wanted,
            )
            .await
            .expect("book");
    let book_id = landed.ids[0];
    let ids =
        t.db.import_cards()
            .save(&[card("/staging/a", CardStatus::Ready)])
            .await
            .expect("card");
    let journal = t.db.import_journal();
    let entries = journal
        .plan(
            ids[0],
            PlaceOp::Move,
            &[planned("1.mp3", false), planned("2.mp3", true)],
        )
        .await
        .expect("planned");
    let open = journal.open().await.expect("open");
    assert_eq!(
        open.iter().map(|e| e.step).collect::<Vec<_>>(),
        [JournalStep::Planned, JournalStep::Placed],
        "a file already in place starts as placed"
    );
    journal
        .placed(entries[0], &"cd".repeat(32))
        .await
        .expect("placed");
    let file = BookFile {
        path: "A/1.mp3".to_owned(),
        size: 10,
        sha256: "cd".repeat(32),
        format: "mp3".to_owned(),
        duration_ms: Some(1000),
        chapters: None,
        part: Some(1),
    };
    journal
        .record(ids[0], book_id, std::slice::from_ref(&file), "A")
        .await
        .expect("recorded");
    journal
        .record(ids[0], book_id, std::slice::from_ref(&file), "A")
        .await
        .expect("recording twice (a recovery) is harmless");
    assert_eq!(
        journal.book_files(book_id).await.expect("files"),
        vec![file]
    );
    let open = journal.open().await.expect("open");
    assert!(
        open.iter().all(|e| e.step == JournalStep::Recorded),
        "every placed entry is recorded: {open:?}"
    );
    assert_eq!(
        open[0].file.sha256.as_deref(),
        Some("cd".repeat(32).as_str()),
        "the hash of the copy is kept for recovery"
    );
    let stored = t.db.import_cards().get(ids[0]).await.expect("card");
    assert_eq!(stored.card.status, CardStatus::Imported);
    assert_eq!(stored.card.match_book, Some(book_id));
    journal
        .finish(ids[0], JournalStep::Closed)
        .await
        .expect("closed");
    assert!(journal.open().await.expect("open").is_empty());
    let fresh =
        t.db.import_cards()
            .save(&[card("/staging/a", CardStatus::Ready)])
            .await
            .expect("rescan after import");
    assert_ne!(fresh[0], ids[0], "an imported card stays as history");
}
