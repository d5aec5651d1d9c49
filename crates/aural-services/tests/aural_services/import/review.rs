use aural_core::{BookInput, BookStatus, ErrorCode, Page};
use aural_services::import::{self, CardEdit, CardSelection, CardStatus, RunRequest};
use aural_services::settings::ImportMode;

use super::{ImportApp, asin_m4b, files_under, library_book, mp3_folder};

async fn long_way(t: &ImportApp) -> aural_core::BookId {
    library_book(
        t.ctx(),
        BookInput {
            title: "The Long Way".to_owned(),
            authors: vec!["Becky Chambers".to_owned()],
            ..BookInput::default()
        },
    )
    .await
}

#[tokio::test]
async fn a_pending_card_becomes_ready_with_the_book_the_user_found_and_imports_into_it() {
    let t = ImportApp::new().await;
    let book = long_way(&t).await;
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

    let found = import::search(t.ctx(), card.id, "Long Way")
        .await
        .expect("search");
    let hit = found
        .iter()
        .find(|c| c.book_id == book)
        .expect("the title search finds the library book");
    assert!(
        hit.confidence > 0 && hit.reasons.iter().any(|r| r.starts_with("title")),
        "a search result is scored against the card: {hit:?}"
    );
    let chosen = import::choose(t.ctx(), card.id, book)
        .await
        .expect("choose");

    assert_eq!(chosen.status, CardStatus::Ready);
    let best = chosen.best_match.as_ref().expect("the chosen book");
    assert_eq!(best.book_id, book);
    assert_eq!(best.reasons[0], "chosen by you");
    assert_eq!(
        chosen.target.as_deref(),
        Some("Becky Chambers/The Long Way"),
        "the preview names the folder after the chosen library book"
    );
    let stored = import::card(t.ctx(), card.id).await.expect("stored");
    assert_eq!(
        stored.best_match.map(|m| m.book_id),
        Some(book),
        "the choice is persisted on the card"
    );

    let job = import::start(
        t.ctx(),
        RunRequest {
            cards: CardSelection::Cards(vec![card.id]),
            mode: Some(ImportMode::Copy),
            template: None,
        },
    )
    .await
    .expect("the import starts");
    let report = job.wait().await.expect("the job ends");
    assert_eq!(report.imported, vec![card.id]);
    let status = import::status(t.ctx(), None, Page::default())
        .await
        .expect("status");
    assert_eq!((status.counts.imported, status.counts.pending), (1, 0));
    assert!(
        files_under(&t.root).contains_key("Becky Chambers/The Long Way/The Long Way.m4b"),
        "placed under the chosen book's name: {:?}",
        files_under(&t.root)
    );
    let owned = t.ctx().db().books().get(book).await.expect("book");
    assert_eq!(owned.status, BookStatus::Owned);
}

#[tokio::test]
async fn edited_metadata_is_kept_on_the_card_and_names_the_new_book() {
    let t = ImportApp::new().await;
    long_way(&t).await;
    asin_m4b(
        &t.staging.join("x"),
        "x.m4b",
        "The Long Way to a Small Angry Planet",
        "Becky Chambers",
        "B0NOTINLIB",
    );
    let card = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan")
        .remove(0);
    assert_eq!(card.status, CardStatus::Pending);

    let edited = import::edit(
        t.ctx(),
        card.id,
        CardEdit {
            title: Some("  A Closed and Common Orbit ".to_owned()),
            authors: vec!["Becky Chambers".to_owned(), " ".to_owned()],
            narrators: vec!["Rachel Dulude".to_owned()],
            series: Some("Wayfarers".to_owned()),
            series_position: Some("2".to_owned()),
            year: Some(2016),
        },
    )
    .await
    .expect("edit");

    assert_eq!(
        (edited.status, edited.best_match.as_ref()),
        (CardStatus::Ready, None),
        "no library book is this one surely enough: it is a new book, nothing picked"
    );
    assert_eq!(
        edited.detected.title.as_deref(),
        Some("A Closed and Common Orbit")
    );
    assert_eq!(
        edited.detected.authors,
        ["Becky Chambers"],
        "blank names dropped"
    );
    assert_eq!(
        edited.target.as_deref(),
        Some("Becky Chambers/Wayfarers/2 - A Closed and Common Orbit")
    );
    assert_eq!(
        edited.detected.asin.as_deref(),
        Some("B0NOTINLIB"),
        "what the edit does not cover is kept"
    );
    let stored = import::card(t.ctx(), card.id).await.expect("stored");
    assert_eq!(stored.detected, edited.detected, "the edit is persisted");

    let cleared = import::edit(t.ctx(), card.id, CardEdit::default())
        .await
        .expect("edit");
    assert_eq!(cleared.status, CardStatus::MissingMetadata);
    assert!(cleared.error.is_some(), "says what is missing");
}

#[tokio::test]
async fn a_dismissed_card_is_gone_and_its_files_are_untouched() {
    let t = ImportApp::new().await;
    mp3_folder(&t.staging.join("book"), "Sample Book", "Sample Author", 2);
    let before = files_under(&t.staging);
    let card = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan")
        .remove(0);

    import::dismiss(t.ctx(), card.id).await.expect("dismiss");

    let status = import::status(t.ctx(), None, Page::default())
        .await
        .expect("status");
    assert_eq!(status.cards.total, 0);
    assert_eq!(
        status.counts.ready, 0,
        "the counters are SQL over what is left"
    );
    assert_eq!(files_under(&t.staging), before);
    let again = import::dismiss(t.ctx(), card.id)
        .await
        .expect_err("already gone");
    assert_eq!(again.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn an_invalid_or_imported_card_cannot_be_given_a_match() {
    let t = ImportApp::new().await;
    let book = long_way(&t).await;
    std::fs::create_dir_all(t.staging.join("bad")).expect("folder");
    std::fs::write(t.staging.join("bad/empty.mp3"), b"").expect("empty file");
    let card = import::scan(t.ctx(), vec![t.staging.join("bad")])
        .await
        .expect("scan")
        .remove(0);
    assert_eq!(card.status, CardStatus::Invalid);

    let err = import::choose(t.ctx(), card.id, book)
        .await
        .expect_err("invalid");

    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(err.field(), Some("card"));
    assert!(err.hint().is_some(), "says what to do");
}

#[tokio::test]
async fn a_path_that_does_not_exist_is_an_error_naming_it() {
    let t = ImportApp::new().await;
    let gone = t.staging.join("gone");

    let err = import::scan(t.ctx(), vec![t.staging.clone(), gone.clone()])
        .await
        .expect_err("missing path");

    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(err.field(), Some("paths"));
    assert!(
        err.to_string().contains(&gone.display().to_string()),
        "{err}"
    );
    assert!(err.hint().is_some());
}

#[tokio::test]
async fn a_book_the_library_already_holds_files_of_is_flagged_as_a_duplicate() {
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
    asin_m4b(&t.staging.join("a"), "a.m4b", "T", "A", "B0SAMPLEM4");
    import::scan(t.ctx(), vec![t.staging.join("a")])
        .await
        .expect("scan");
    import::run(
        t.ctx(),
        RunRequest {
            cards: CardSelection::AllReady,
            mode: Some(ImportMode::Copy),
            template: None,
        },
    )
    .await
    .expect("first copy imported");
    asin_m4b(&t.staging.join("b"), "b.m4b", "T", "A", "B0SAMPLEM4");

    let card = import::scan(t.ctx(), vec![t.staging.join("b")])
        .await
        .expect("scan")
        .remove(0);

    let best = card.best_match.expect("matched by ASIN");
    assert_eq!((best.book_id, best.files_held), (book, 1));
    assert!(
        best.reasons.iter().any(|r| r.starts_with("duplicate:")),
        "{:?}",
        best.reasons
    );
}
