use aural_core::BookInput;
use aural_services::import::{self, CardStatus, FileKind};

use super::{ImportApp, asin_m4b, library_book, mp3_folder};

#[tokio::test]
async fn an_m4b_whose_asin_is_a_library_book_is_ready_with_that_match_at_100() {
    let t = ImportApp::new().await;
    let book = library_book(
        t.ctx(),
        BookInput {
            asin: Some("B0SAMPLEM4".parse().expect("valid ASIN")),
            title: "Library Title".to_owned(),
            authors: vec!["Library Author".to_owned()],
            ..BookInput::default()
        },
    )
    .await;
    asin_m4b(
        &t.staging,
        "book.m4b",
        "Tag Title",
        "Tag Author",
        "B0SAMPLEM4",
    );

    let cards = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");

    assert_eq!(cards.len(), 1, "one M4B is one book");
    let card = &cards[0];
    assert_eq!(card.status, CardStatus::Ready);
    let best = card.best_match.as_ref().expect("matched by ASIN");
    assert_eq!((best.book_id, best.confidence), (book, 100));
    assert!(
        best.reasons.iter().any(|r| r.contains("B0SAMPLEM4")),
        "the reason names the ASIN: {:?}",
        best.reasons
    );
    assert_eq!(card.detected.asin.as_deref(), Some("B0SAMPLEM4"));
    let stored = import::status(t.ctx(), None, aural_core::Page::default())
        .await
        .expect("status");
    assert_eq!(stored.counts.ready, 1);
    assert_eq!(
        stored.cards.items[0].best_match, card.best_match,
        "the match is stored"
    );
}

#[tokio::test]
async fn a_folder_of_mp3_parts_is_one_new_book_with_every_part_in_order_and_its_cover() {
    let t = ImportApp::new().await;
    let parts = mp3_folder(
        &t.staging.join("MP3 Sample Book"),
        "MP3 Sample Book",
        "Sample Author",
        12,
    );

    let cards = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");

    assert_eq!(cards.len(), 1, "twelve parts of one album are one book");
    let card = &cards[0];
    let audio: Vec<&str> = card
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Audio)
        .map(|f| f.path.as_str())
        .collect();
    let want: Vec<String> = parts.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(audio, want, "every part is kept, in play order");
    assert!(
        card.files
            .iter()
            .any(|f| f.kind == FileKind::Companion && f.path.ends_with("cover.jpg")),
        "the cover travels with the book"
    );
    assert_eq!(card.detected.title.as_deref(), Some("MP3 Sample Book"));
    assert_eq!(card.detected.authors, ["Sample Author"]);
    assert_eq!(
        (card.status, card.best_match.as_ref()),
        (CardStatus::Ready, None),
        "nothing in the library is like it: a new book"
    );
}

#[tokio::test]
async fn a_weak_fuzzy_match_leaves_the_card_pending_instead_of_taking_the_first_hit() {
    let t = ImportApp::new().await;
    let book = library_book(
        t.ctx(),
        BookInput {
            title: "The Long Way".to_owned(),
            authors: vec!["Becky Chambers".to_owned()],
            ..BookInput::default()
        },
    )
    .await;
    asin_m4b(
        &t.staging.join("x"),
        "x.m4b",
        "The Long Way to a Small Angry Planet",
        "Becky Chambers",
        "B0NOTINLIB",
    );

    let cards = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");

    let card = &cards[0];
    assert_eq!(card.status, CardStatus::Pending, "{card:?}");
    assert_eq!(
        card.best_match, None,
        "no candidate is chosen below the threshold"
    );
    let candidate = card
        .candidates
        .first()
        .expect("the library book is offered");
    assert_eq!(candidate.book_id, book);
    assert!(
        candidate.confidence < import::AUTO_ACCEPT,
        "confidence {} is below the threshold",
        candidate.confidence
    );
    assert!(!candidate.reasons.is_empty(), "each candidate says why");
}

#[tokio::test]
async fn empty_and_mislabelled_files_make_invalid_cards_and_the_scan_goes_on() {
    let t = ImportApp::new().await;
    for (folder, name, bytes) in [
        ("empty", "zero.mp3", Vec::new()),
        (
            "text",
            "readme.mp3",
            b"This is a text file renamed to .mp3\n".to_vec(),
        ),
    ] {
        std::fs::create_dir_all(t.staging.join(folder)).expect("folder");
        std::fs::write(t.staging.join(folder).join(name), bytes).expect("file");
    }
    asin_m4b(
        &t.staging.join("good"),
        "good.m4b",
        "Good",
        "Author",
        "B0GOODBOOK",
    );

    let cards = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");

    assert_eq!(cards.len(), 3);
    for card in &cards {
        if card.root.ends_with("good") {
            assert_eq!(card.status, CardStatus::Ready);
        } else {
            assert_eq!(card.status, CardStatus::Invalid, "{}", card.root);
            assert!(card.error.is_some(), "{} says why", card.root);
        }
    }
}

#[tokio::test]
async fn scanning_a_folder_again_updates_its_cards_instead_of_adding_more() {
    let t = ImportApp::new().await;
    asin_m4b(&t.staging, "book.m4b", "Title", "Author", "B0AGAINBOO");
    let first = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");
    let second = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("rescan");
    assert_eq!(first[0].id, second[0].id);
    let status = import::status(t.ctx(), None, aural_core::Page::default())
        .await
        .expect("status");
    assert_eq!(status.cards.total, 1);
}
