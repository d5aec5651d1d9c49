//! The list file itself: malformed CSV, shapes of other programs' exports, escaping, and that every
//! row of a file is accounted for.

use std::path::Path;

use aural_core::{Book, BookFilter, BookSort, BookStatus, ErrorCode, Page, SortDir};
use aural_services::ServiceError;
use aural_services::library::{self, BookKey, ImportOutcome, ListFormat};

use crate::support::{TestApp, fixture};

async fn import_path(app: &TestApp, path: &Path) -> Result<ImportOutcome, ServiceError> {
    library::spawn_list_import(&app.ctx, path.to_path_buf())
        .await?
        .wait()
        .await
}

/// Writes `text` into the app's folder and imports it.
async fn import_text(app: &TestApp, name: &str, text: &str) -> Result<ImportOutcome, ServiceError> {
    let path = app.dir.path().join(name);
    std::fs::write(&path, text).expect("write list");
    import_path(app, &path).await
}

async fn all_books(app: &TestApp) -> Vec<Book> {
    library::list_books(
        &app.ctx,
        &BookFilter::default(),
        BookSort::Title,
        SortDir::Asc,
        Page::new(1, 500),
    )
    .await
    .expect("list")
    .items
}

async fn book(app: &TestApp, asin: &str) -> Book {
    library::get_book(&app.ctx, &BookKey::parse(asin).expect("asin"))
        .await
        .expect("book")
}

/// Every row is new, updated, unchanged, a duplicate or skipped — never lost.
fn assert_rows_add_up(outcome: &ImportOutcome, rows_in_file: u64) {
    let accounted = outcome.inserted
        + outcome.updated
        + outcome.unchanged
        + outcome.duplicates.len() as u64
        + outcome.skipped.len() as u64;
    assert_eq!(
        (outcome.rows, accounted),
        (rows_in_file, rows_in_file),
        "every row of the file is counted once: {outcome:?}"
    );
}

fn series_of(book: &Book) -> Vec<(String, Option<String>)> {
    book.series
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.position.as_ref().map(|p| p.raw().to_owned()),
            )
        })
        .collect()
}

fn numbered_rows(range: std::ops::Range<usize>) -> String {
    range
        .map(|i| format!("B{i:09},Title {i},Author {}\n", i % 7))
        .collect()
}

#[tokio::test]
async fn a_stray_quote_is_reported_by_line_and_the_rows_after_it_still_land() {
    let app = TestApp::new().await;
    let mut text = String::from("asin,title,authors\n");
    text.push_str(&numbered_rows(0..2));
    // Line 4: the title opens a quote that nothing closes.
    text.push_str("B000000002,\"Title 2,Author 2\n");
    text.push_str(&numbered_rows(3..5_000));
    let outcome = import_text(&app, "stray.csv", &text).await.expect("import");
    assert_rows_add_up(&outcome, 5_000);
    assert_eq!(outcome.inserted, 4_999, "{:?}", outcome.skipped);
    assert_eq!(outcome.skipped.len(), 1);
    assert_eq!(outcome.skipped[0].line, 4);
    assert!(
        outcome.skipped[0]
            .reason
            .contains("unterminated quote starting on line 4"),
        "{:?}",
        outcome.skipped
    );
    assert_eq!(
        library::stats(&app.ctx).await.expect("stats").total_books,
        4_999
    );
}

#[tokio::test]
async fn a_stray_quote_closed_by_a_later_value_does_not_swallow_the_rows_between() {
    let app = TestApp::new().await;
    let text = "asin,title,authors\n\
                B000000001,\"Runaway,Jane\n\
                B000000002,Second,Jane\n\
                B000000003,Third,\"Doe, John\"\n\
                B000000004,Fourth,Jane\n";
    let outcome = import_text(&app, "paired.csv", text).await.expect("import");
    assert_rows_add_up(&outcome, 4);
    assert_eq!(
        (outcome.inserted, outcome.skipped.len()),
        (3, 1),
        "{outcome:?}"
    );
    assert!(
        outcome.skipped[0]
            .reason
            .contains("unterminated quote starting on line 2"),
        "{:?}",
        outcome.skipped
    );
    assert_eq!(book(&app, "B000000003").await.authors[0].name, "Doe, John");
}

#[tokio::test]
async fn a_description_over_several_lines_is_one_value() {
    let app = TestApp::new().await;
    let text = "asin,title,summary,authors\n\
                B000000001,First,\"Para one.\n\nPara two, with \"\"quotes\"\".\",Jane\n\
                B000000002,Second,,Jane\n";
    let outcome = import_text(&app, "paragraphs.csv", text)
        .await
        .expect("import");
    assert_rows_add_up(&outcome, 2);
    assert_eq!(outcome.inserted, 2, "{outcome:?}");
    assert_eq!(
        book(&app, "B000000001").await.details.summary.as_deref(),
        Some("Para one.\n\nPara two, with \"quotes\".")
    );
}

#[tokio::test]
async fn reimporting_a_book_in_several_series_changes_nothing() {
    let app = TestApp::new().await;
    let text = "asin,title,authors,series,series_position\n\
                B000000001,Crossover,Jane,Zeta Saga; Alpha Tales; Mid Cycle,3; 1; 2\n";
    let first = import_text(&app, "three.csv", text).await.expect("import");
    assert_eq!(first.inserted, 1);
    let before = book(&app, "B000000001").await;
    let seq = app.ctx.db().changes().latest_seq().await.expect("seq");
    let again = import_text(&app, "three.csv", text)
        .await
        .expect("reimport");
    assert_eq!(
        (again.inserted, again.updated, again.unchanged),
        (0, 0, 1),
        "{again:?}"
    );
    let changes = app
        .ctx
        .db()
        .changes()
        .since(seq, 100)
        .await
        .expect("changes");
    assert!(
        changes.iter().all(|c| c.entity != aural_core::Entity::Book),
        "an identical re-import records no book change: {changes:?}"
    );
    let after = book(&app, "B000000001").await;
    assert_eq!(before, after);
    assert_eq!(
        series_of(&after),
        vec![
            ("Zeta Saga".to_owned(), Some("3".to_owned())),
            ("Alpha Tales".to_owned(), Some("1".to_owned())),
            ("Mid Cycle".to_owned(), Some("2".to_owned())),
        ],
        "series keep the order of the list"
    );
}

/// A library whose names and titles hold every character the list rules must carry.
const AWKWARD: &str = r#"[
  {"asin": "B000000001", "title": "=HYPERLINK(\"http://example.invalid\")",
   "authors": ["Smith; John", "Back\\slash", "Doe, Jane"], "narrators": ["-Dash", "@At"],
   "series": ["Semi; Colon", "Plain"], "series_position": ["", "2"],
   "genres": ["Semi; Genre", "Fantasy"], "summary": "+Line one\nline two", "status": "owned"},
  {"asin": "B000000002", "title": "'Salem's Lot", "authors": ["'Quoted"],
   "series": ["A", "B", "C"], "series_position": ["1", "", "3"], "status": "wanted"},
  {"title": "''Twice", "authors": ["Plain Author"], "publisher": "-Minus Press", "status": "missing"}
]"#;

#[tokio::test]
async fn names_with_separators_and_formula_characters_round_trip_through_both_formats() {
    let app = TestApp::new().await;
    let seeded = import_text(&app, "awkward.json", AWKWARD)
        .await
        .expect("seed");
    assert_eq!(
        (seeded.inserted, seeded.skipped.len()),
        (3, 0),
        "{seeded:?}"
    );
    let original = shape(&all_books(&app).await);
    assert!(
        original.iter().any(|b| b.contains("\"Smith; John\"")),
        "the JSON arrays keep a name with `;` whole: {original:?}"
    );
    for (name, format) in [("out.csv", ListFormat::Csv), ("out.json", ListFormat::Json)] {
        let path = app.dir.path().join(name);
        library::export_list(&app.ctx, &path, format)
            .await
            .expect("export");
        let fresh = TestApp::new().await;
        let outcome = import_path(&fresh, &path).await.expect("import");
        assert_eq!(outcome.skipped, vec![], "{name} reads back cleanly");
        assert_eq!(
            shape(&all_books(&fresh).await),
            original,
            "{name} round-trips"
        );
    }
    let csv = std::fs::read_to_string(app.dir.path().join("out.csv")).expect("csv");
    for cell in [
        "\"'=HYPERLINK(\"\"http://example.invalid\"\")\"",
        "'-Dash; @At",
        "\"'+Line one\nline two\"",
        "''Salem's Lot",
        "'''Twice",
        "'-Minus Press",
        "Smith\\; John; Back\\\\slash; Doe, Jane",
        "Fantasy; Semi\\; Genre",
    ] {
        assert!(csv.contains(cell), "{cell:?} not in the CSV:\n{csv}");
    }
}

/// What an export must preserve, without ids and timestamps.
fn shape(books: &[Book]) -> Vec<String> {
    books
        .iter()
        .map(|b| {
            format!(
                "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
                b.asin,
                b.title,
                b.details.subtitle,
                b.authors.iter().map(|a| &a.name).collect::<Vec<_>>(),
                b.narrators,
                series_of(b),
                b.genres,
                b.details.runtime_min,
                b.details.release_date,
                b.details.language,
                b.details.publisher,
                b.details.summary,
                b.status
            )
        })
        .collect()
}

#[tokio::test]
async fn a_json_list_mixing_shapes_is_refused_naming_both_lines() {
    let app = TestApp::new().await;
    let text = r#"[
  {"asin": "B000000001", "title": "Ours", "authors": "Smith, John; Doe", "status": "owned"},
  {"AudibleProductId": "B000000002", "Title": "Libation's", "AuthorNames": "Smith, John"}
]"#;
    let err = import_text(&app, "mixed.json", text)
        .await
        .expect_err("two shapes in one file");
    assert_eq!(err.code(), ErrorCode::Validation);
    let message = err.to_string();
    for needle in ["line 2", "AuralArchive", "line 3", "Libation"] {
        assert!(
            message.contains(needle),
            "{needle:?} missing from {message}"
        );
    }
    assert!(all_books(&app).await.is_empty(), "nothing is imported");
}

#[tokio::test]
async fn objects_without_telling_keys_take_the_shape_of_the_file() {
    let app = TestApp::new().await;
    let text = r#"[
  {"title": "Neutral", "authors": "Smith, John; Doe"},
  {"asin": "B000000001", "title": "Ours", "authors": "Solo", "status": "owned"}
]"#;
    let outcome = import_text(&app, "neutral.json", text)
        .await
        .expect("import");
    assert_eq!(outcome.inserted, 2, "{outcome:?}");
    let neutral = all_books(&app)
        .await
        .into_iter()
        .find(|b| b.title == "Neutral")
        .expect("neutral");
    let names: Vec<&str> = neutral.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["Smith, John", "Doe"], "read by our `;` rule");
}

#[tokio::test]
async fn audible_cli_exports_import_every_field_they_carry() {
    for name in [
        "audible_cli_library.tsv",
        "audible_cli_library.csv",
        "audible_cli_library.json",
    ] {
        let app = TestApp::new().await;
        let outcome = import_path(&app, &fixture(name)).await.expect(name);
        assert_rows_add_up(&outcome, 3);
        assert_eq!(outcome.inserted, 3, "{name}: {outcome:?}");

        let orchard = book(&app, "B0TESTAC01").await;
        let authors: Vec<&str> = orchard.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(authors, vec!["Mara Quill", "Tobias Fenn"], "{name}");
        assert_eq!(orchard.narrators, vec!["Ada Lark", "Ben Rook"], "{name}");
        assert_eq!(
            series_of(&orchard),
            vec![("Orchard Cycle".to_owned(), Some("2".to_owned()))],
            "{name}"
        );
        assert_eq!(orchard.details.runtime_min, Some(615), "{name}");
        assert_eq!(
            orchard.details.cover_url.as_deref(),
            Some("https://example.invalid/covers/b0testac01.jpg"),
            "{name}: the cover link is kept for the cover cache"
        );
        assert_eq!(
            orchard.details.release_date.map(|d| d.to_iso()).as_deref(),
            Some("2019-05-07"),
            "{name}"
        );
        assert_eq!(
            orchard.details.summary.as_deref(),
            Some("<p>A made-up story of an orchard made of glass.</p>"),
            "{name}"
        );
        assert_eq!(
            orchard.status,
            BookStatus::Owned,
            "{name}: it is the user's library"
        );
        assert_eq!(
            orchard.genres,
            vec!["Epic", "Fantasy", "Science Fiction & Fantasy"],
            "{name}"
        );

        let salt = book(&app, "B0TESTAC02").await;
        assert_eq!(salt.details.subtitle.as_deref(), Some("A Novel"), "{name}");
        assert_eq!(
            series_of(&salt),
            vec![("Tales, Old and New".to_owned(), Some("1.5".to_owned()))],
            "{name}: a series title is one name, commas and all"
        );
        assert!(
            salt.details
                .summary
                .as_deref()
                .is_some_and(|s| s.contains("\nfor a description")),
            "{name}: {:?}",
            salt.details.summary
        );
        let engines = book(&app, "B0TESTAC03").await;
        assert_eq!(engines.narrators.len(), 3, "{name}");
        assert!(engines.series.is_empty(), "{name}");
    }
}

#[tokio::test]
async fn rows_without_asin_for_one_book_are_counted_as_duplicates() {
    let app = TestApp::new().await;
    let text = "title,authors,narrators,runtime_minutes\n\
                Dune,Frank Herbert,,\n\
                The Hobbit,J. R. R. Tolkien,,\n\
                dune,FRANK HERBERT,Scott Brick,\n";
    let outcome = import_text(&app, "dupes.csv", text).await.expect("import");
    assert_rows_add_up(&outcome, 3);
    assert_eq!(
        (outcome.inserted, outcome.duplicates.len()),
        (2, 1),
        "{outcome:?}"
    );
    assert_eq!(outcome.duplicates[0].line, 4);
    assert!(
        outcome.duplicates[0].reason.contains("line 2"),
        "{:?}",
        outcome.duplicates
    );
    let dune = all_books(&app)
        .await
        .into_iter()
        .find(|b| b.title.eq_ignore_ascii_case("dune"))
        .expect("dune");
    assert_eq!(
        dune.narrators,
        vec!["Scott Brick"],
        "the duplicate's extra data is merged"
    );
}

#[tokio::test]
async fn a_duplicate_in_a_later_batch_is_still_a_duplicate() {
    let app = TestApp::new().await;
    let mut text = String::from("title,authors\n");
    for i in 0..2_100 {
        text.push_str(&format!("Title {i},Author {}\n", i % 7));
    }
    text.push_str("title 0,author 0\n");
    let outcome = import_text(&app, "late_dupe.csv", &text)
        .await
        .expect("import");
    assert_rows_add_up(&outcome, 2_101);
    assert_eq!(
        (
            outcome.inserted,
            outcome.updated,
            outcome.unchanged,
            outcome.duplicates.len()
        ),
        (2_100, 0, 0, 1),
        "batches hold 2,000 rows, so the last row meets its twin in another batch"
    );
    assert_eq!(outcome.duplicates[0].line, 2_102);
}

#[tokio::test]
async fn impossible_dates_and_misplaced_series_positions_are_skipped_by_line() {
    let app = TestApp::new().await;
    let text = "title,authors,release_date,series,series_position\n\
                Leap,Jane,2024-02-29,,\n\
                Not a day,Jane,2023-02-30,,\n\
                Gap,Jane,,A;;B,1;;3\n\
                Shifted,Jane,,A;;B,1;2;3\n\
                Too many,Jane,,A,1;2\n";
    let outcome = import_text(&app, "bad_values.csv", text)
        .await
        .expect("import");
    assert_rows_add_up(&outcome, 5);
    let skipped: Vec<(u64, &str)> = outcome
        .skipped
        .iter()
        .map(|p| (p.line, p.reason.as_str()))
        .collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    for ((line, reason), (want_line, needle)) in skipped.iter().zip([
        (3, "\"2023-02-30\" is not a calendar date"),
        (5, "position \"2\" (item 2) has no series name"),
        (6, "2 series positions for 1 series"),
    ]) {
        assert_eq!(*line, want_line, "{reason}");
        assert!(
            reason.contains(needle),
            "line {line}: {reason:?} should say {needle:?}"
        );
    }
    let gap = all_books(&app)
        .await
        .into_iter()
        .find(|b| b.title == "Gap")
        .expect("gap");
    assert_eq!(
        series_of(&gap),
        vec![
            ("A".to_owned(), Some("1".to_owned())),
            ("B".to_owned(), Some("3".to_owned()))
        ],
        "an empty slot does not shift B's position"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn reading_a_device_stops_with_a_clear_message() {
    let app = TestApp::new().await;
    let err = import_path(&app, Path::new("/dev/zero"))
        .await
        .expect_err("/dev/zero is no list");
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_string().contains("NUL byte at offset 0"), "{err}");
}

#[tokio::test]
async fn a_file_larger_than_the_cap_is_refused_before_reading() {
    let app = TestApp::new().await;
    let path = app.dir.path().join("huge.csv");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: no disk space is used.
    file.set_len((512 << 20) + 1).expect("grow");
    let err = library::spawn_list_import(&app.ctx, path)
        .await
        .expect_err("too large");
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_string().contains("larger than 512 MB"), "{err}");
}

#[tokio::test]
async fn a_downloading_row_arrives_as_wanted_and_the_report_says_why() {
    let app = TestApp::new().await;
    let text = "asin,title,authors,status\n\
                B000000001,First,Ann Author,owned\n\
                B000000002,Second,Ann Author,downloading\n";
    let outcome = import_text(&app, "statuses.csv", text)
        .await
        .expect("import");
    assert_eq!(outcome.inserted, 2);
    assert_eq!(outcome.adjusted.len(), 1, "{:?}", outcome.adjusted);
    assert_eq!(outcome.adjusted[0].line, 3);
    assert!(
        outcome.adjusted[0].reason.contains("imported as wanted"),
        "{:?}",
        outcome.adjusted
    );
    assert_eq!(book(&app, "B000000002").await.status, BookStatus::Wanted);
    assert_eq!(book(&app, "B000000001").await.status, BookStatus::Owned);
}
