use aural_core::{BookInput, BookStatus};
use aural_services::import::{self, CardSelection, CardStatus, RunRequest};
use aural_services::settings::ImportMode;

use super::{ImportApp, asin_m4b, files_under, library_book, mp3_folder};

fn all_ready(mode: ImportMode) -> RunRequest {
    RunRequest {
        cards: CardSelection::AllReady,
        mode: Some(mode),
        template: None,
    }
}

#[tokio::test]
async fn a_copy_places_every_file_under_the_template_and_records_the_book_as_owned() {
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
        &t.staging.join("m4b"),
        "book.m4b",
        "Tag Title",
        "Tag Author",
        "B0SAMPLEM4",
    );
    mp3_folder(
        &t.staging.join("mp3"),
        "MP3 Sample Book",
        "Sample Author",
        3,
    );
    let before = files_under(&t.staging);
    import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");

    let report = import::run(t.ctx(), all_ready(ImportMode::Copy))
        .await
        .expect("run");

    assert_eq!(
        (report.imported.len(), report.failed.len()),
        (2, 0),
        "{report:?}"
    );
    assert_eq!(
        files_under(&t.staging),
        before,
        "a copy leaves every source as it was"
    );
    let placed = files_under(&t.root);
    let want = [
        "Library Author/Library Title/Library Title.m4b",
        "Sample Author/Sample Series/1 - MP3 Sample Book/MP3 Sample Book - Part 01.mp3",
        "Sample Author/Sample Series/1 - MP3 Sample Book/MP3 Sample Book - Part 02.mp3",
        "Sample Author/Sample Series/1 - MP3 Sample Book/MP3 Sample Book - Part 03.mp3",
        "Sample Author/Sample Series/1 - MP3 Sample Book/cover.jpg",
    ];
    assert_eq!(
        placed.keys().map(String::as_str).collect::<Vec<_>>(),
        want,
        "the matched book is named by the library's values, the new one by its tags"
    );
    assert_eq!(
        placed["Library Author/Library Title/Library Title.m4b"], before["m4b/book.m4b"],
        "placed byte for byte"
    );
    let stored = t.ctx().db().books().get(book).await.expect("book");
    assert_eq!(
        stored.status,
        BookStatus::Owned,
        "the file import claims it owned"
    );
    let files = import::book_files(t.ctx(), book).await.expect("files");
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0].path,
        "Library Author/Library Title/Library Title.m4b"
    );
    assert_eq!(files[0].sha256, before["m4b/book.m4b"]);
    assert_eq!(files[0].format, "m4b");
    assert_eq!(
        files[0].chapters,
        Some(2),
        "the M4B's chapter list is counted"
    );
    assert!(
        files[0]
            .duration_ms
            .is_some_and(|ms| (1500..2500).contains(&ms)),
        "{:?}",
        files[0].duration_ms
    );
    let status = import::status(t.ctx(), None, aural_core::Page::default())
        .await
        .expect("status");
    assert_eq!(status.counts.imported, 2);
    assert!(
        t.ctx()
            .db()
            .import_journal()
            .open()
            .await
            .expect("journal")
            .is_empty(),
        "every journal entry is closed"
    );
}

#[tokio::test]
async fn a_move_deletes_each_source_only_after_its_copy_is_recorded() {
    let t = ImportApp::new().await;
    aural_services::settings::set(
        t.ctx(),
        "library.stagingDir",
        &t.staging.display().to_string(),
    )
    .await
    .expect("staging folder set");
    mp3_folder(&t.staging.join("mp3"), "Moved Book", "Mover", 2);
    let before = files_under(&t.staging);
    import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");

    let report = import::run(t.ctx(), all_ready(ImportMode::Move))
        .await
        .expect("run");

    assert_eq!(report.imported.len(), 1, "{report:?}");
    assert!(files_under(&t.staging).is_empty(), "every source was moved");
    assert!(
        !t.staging.join("mp3").exists() && t.staging.exists(),
        "the emptied folder inside the staging folder is removed, the staging folder stays"
    );
    let mut placed: Vec<String> = files_under(&t.root).into_values().collect();
    let mut sources: Vec<String> = before.into_values().collect();
    placed.sort();
    sources.sort();
    assert_eq!(placed, sources, "every file arrived exactly once");
}

#[tokio::test]
async fn the_same_file_imported_twice_is_recognised_and_a_different_one_gets_a_number() {
    let t = ImportApp::new().await;
    asin_m4b(
        &t.staging.join("a"),
        "book.m4b",
        "Twice",
        "Author",
        "B0TWICEBOO",
    );
    import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");
    import::run(t.ctx(), all_ready(ImportMode::Copy))
        .await
        .expect("first run");
    import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan again");
    import::run(t.ctx(), all_ready(ImportMode::Copy))
        .await
        .expect("second run");
    assert_eq!(
        files_under(&t.root).len(),
        1,
        "identical bytes at the target count as imported, never a second copy"
    );

    std::fs::remove_dir_all(t.staging.join("a")).expect("clean");
    asin_m4b(
        &t.staging.join("b"),
        "book.m4b",
        "Twice",
        "Author",
        "B0TWICEBOO",
    );
    std::fs::write(t.staging.join("b").join("cover.jpg"), b"not the same bytes").expect("cover");
    std::fs::write(t.root.join("Author/Twice/cover.jpg"), b"another cover").expect("existing");
    import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan b");
    import::run(t.ctx(), all_ready(ImportMode::Copy))
        .await
        .expect("third run");
    let placed = files_under(&t.root);
    assert!(
        placed.contains_key("Author/Twice/cover (2).jpg"),
        "{placed:?}"
    );
    assert_eq!(
        std::fs::read(t.root.join("Author/Twice/cover.jpg")).expect("kept"),
        b"another cover",
        "an existing different file is never overwritten"
    );
}

#[tokio::test]
async fn a_card_that_is_not_ready_is_refused_by_id_and_nothing_moves() {
    let t = ImportApp::new().await;
    std::fs::write(t.staging.join("zero.mp3"), b"").expect("file");
    let cards = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");
    assert_eq!(cards[0].status, CardStatus::Invalid);
    let err = import::run(
        t.ctx(),
        RunRequest {
            cards: CardSelection::Cards(vec![cards[0].id]),
            mode: Some(ImportMode::Move),
            template: None,
        },
    )
    .await
    .expect_err("an invalid card is not imported");
    assert_eq!(err.code(), aural_core::ErrorCode::Conflict, "{err}");
    assert_eq!(err.field(), Some("card"));
    assert!(t.staging.join("zero.mp3").exists());
}

#[tokio::test]
async fn without_a_library_folder_nothing_is_imported_and_the_error_names_the_setting() {
    let t = ImportApp::new().await;
    aural_services::settings::set(t.ctx(), "library.root", "")
        .await
        .expect("unset");
    let err = import::run(t.ctx(), all_ready(ImportMode::Copy))
        .await
        .expect_err("no root");
    assert_eq!(err.field(), Some("library.root"), "{err}");
}

#[tokio::test]
async fn a_preset_name_chooses_the_layout() {
    let t = ImportApp::new().await;
    asin_m4b(
        &t.staging,
        "book.m4b",
        "Flat Title",
        "Flat Author",
        "B0FLATBOOK",
    );
    import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");
    import::run(
        t.ctx(),
        RunRequest {
            cards: CardSelection::AllReady,
            mode: Some(ImportMode::Copy),
            template: Some("flat".to_owned()),
        },
    )
    .await
    .expect("run");
    assert_eq!(
        files_under(&t.root).into_keys().collect::<Vec<_>>(),
        ["Flat Author - Flat Title/Flat Author - Flat Title.m4b"]
    );
}

#[tokio::test]
async fn a_card_that_cannot_be_placed_is_undone_marked_as_error_and_the_others_go_on() {
    let t = ImportApp::new().await;
    asin_m4b(
        &t.staging.join("a"),
        "a.m4b",
        "Blocked",
        "Blocked Author",
        "B0BLOCKEDA",
    );
    asin_m4b(
        &t.staging.join("b"),
        "b.m4b",
        "Free",
        "Free Author",
        "B0FREEBOOK",
    );
    // A file where the first book's author folder must go: its folder cannot be made.
    std::fs::write(t.root.join("Blocked Author"), b"in the way").expect("blocker");
    let sources = files_under(&t.staging);
    import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");

    let report = import::run(t.ctx(), all_ready(ImportMode::Move))
        .await
        .expect("run");

    assert_eq!(
        (report.imported.len(), report.failed.len()),
        (1, 1),
        "{report:?}"
    );
    let status = import::status(t.ctx(), None, aural_core::Page::default())
        .await
        .expect("status");
    assert_eq!((status.counts.error, status.counts.imported), (1, 1));
    let failed = status
        .cards
        .items
        .iter()
        .find(|c| c.status == CardStatus::Error)
        .expect("the blocked card");
    assert!(
        failed
            .error
            .as_deref()
            .is_some_and(|e| e.contains("Blocked Author")),
        "the error names the path: {:?}",
        failed.error
    );
    assert_eq!(
        files_under(&t.staging),
        sources
            .into_iter()
            .filter(|(k, _)| k.starts_with("a/"))
            .collect(),
        "the failed card's source stays; the other was moved"
    );
    assert!(
        t.ctx()
            .db()
            .import_journal()
            .open()
            .await
            .expect("journal")
            .is_empty(),
        "the failed card's journal is closed as rolled back"
    );
}

#[tokio::test]
async fn moving_a_book_scanned_from_inside_the_library_onto_itself_keeps_it() {
    let t = ImportApp::new().await;
    asin_m4b(&t.staging, "book.m4b", "Home", "Home Author", "B0HOMEBOOK");
    import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");
    import::run(t.ctx(), all_ready(ImportMode::Copy))
        .await
        .expect("first import");
    let placed = files_under(&t.root);

    import::scan(t.ctx(), vec![t.root.clone()])
        .await
        .expect("scan the library");
    let again = import::status(
        t.ctx(),
        Some(CardStatus::Ready),
        aural_core::Page::default(),
    )
    .await
    .expect("status");
    let best = again.cards.items[0]
        .best_match
        .as_ref()
        .expect("matched by ASIN");
    assert!(
        best.reasons.iter().any(|r| r.starts_with("duplicate")),
        "a book that already has files is flagged: {:?}",
        best.reasons
    );
    let report = import::run(t.ctx(), all_ready(ImportMode::Move))
        .await
        .expect("run");

    assert_eq!(report.failed, [], "{report:?}");
    assert_eq!(
        files_under(&t.root),
        placed,
        "the file is its own target and stays"
    );
}
