use aural_core::{BookFilter, BookSort, BookStatus, ErrorCode, Page, SortDir};
use aural_services::ServiceError;
use aural_services::library::{self, BookKey, ListFormat};

use crate::support::{TestApp, fixture};

async fn import(app: &TestApp, name: &str) -> Result<library::ImportOutcome, ServiceError> {
    library::spawn_list_import(&app.ctx, fixture(name))
        .await?
        .wait()
        .await
}

async fn all_books(app: &TestApp) -> Vec<aural_core::Book> {
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

#[tokio::test]
async fn csv_list_lands_with_series_positions_and_reimport_changes_nothing() {
    let app = TestApp::new().await;
    let first = import(&app, "library.csv").await.expect("import");
    assert_eq!(
        (first.rows, first.inserted, first.skipped.len()),
        (6, 6, 0),
        "{first:?}"
    );

    let books = all_books(&app).await;
    let edgedancer = books
        .iter()
        .find(|b| b.title == "Edgedancer")
        .expect("Edgedancer imported without an ASIN");
    let positions: Vec<(String, Option<f64>)> = edgedancer
        .series
        .iter()
        .map(|s| (s.name.clone(), s.position.as_ref().and_then(|p| p.first())))
        .collect();
    assert!(
        positions.contains(&("The Stormlight Archive".to_owned(), Some(2.5))),
        "{positions:?}"
    );
    assert!(
        positions.contains(&("Cosmere Novellas".to_owned(), Some(1.0))),
        "a book may be in two series"
    );
    let omnibus = books
        .iter()
        .find(|b| b.title == "The Expanse Omnibus")
        .expect("omnibus");
    assert_eq!(
        omnibus.series[0].position.as_ref().and_then(|p| p.end()),
        Some(3.0),
        "1-3 is a range"
    );
    let hobbit = books
        .iter()
        .find(|b| b.title.starts_with("The Hobbit"))
        .expect("hobbit");
    assert_eq!(
        hobbit.authors[0].name, "Tolkien, J. R. R.",
        "a comma inside a name survives `;` separation"
    );
    assert_eq!(edgedancer.status, BookStatus::Missing);

    let before = library::get_book(&app.ctx, &BookKey::parse("B017V4IM1G").expect("asin"))
        .await
        .expect("get");
    let again = import(&app, "library.csv").await.expect("second import");
    assert_eq!(
        (again.inserted, again.updated, again.unchanged),
        (0, 0, 6),
        "re-import is a no-op: {again:?}"
    );
    let after = library::get_book(&app.ctx, &BookKey::Id(before.id))
        .await
        .expect("get");
    assert_eq!(
        before, after,
        "an identical re-import leaves the row untouched"
    );
    assert_eq!(all_books(&app).await.len(), 6, "no duplicates");
}

#[tokio::test]
async fn bad_rows_are_reported_by_line_and_good_rows_still_land() {
    let app = TestApp::new().await;
    import(&app, "library.csv").await.expect("seed");
    let outcome = import(&app, "bad_rows.csv")
        .await
        .expect("a file with bad rows still imports");
    let lines: Vec<u64> = outcome.skipped.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![3, 4, 5, 6, 7], "{:?}", outcome.skipped);
    let reasons = outcome
        .skipped
        .iter()
        .map(|p| p.reason.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for needle in [
        "title is empty",
        "not an ASIN",
        "status \"have\"",
        "already appears on line 2",
        "not a number",
    ] {
        assert!(
            reasons.contains(needle),
            "{needle:?} missing from:\n{reasons}"
        );
    }
    assert_eq!(outcome.inserted, 2);
    assert_eq!(
        all_books(&app).await.len(),
        8,
        "the six earlier books are kept"
    );
}

#[tokio::test]
async fn json_lists_accept_strings_or_arrays_and_point_at_the_bad_object() {
    let app = TestApp::new().await;
    let outcome = import(&app, "library.json").await.expect("import");
    assert_eq!(outcome.inserted, 2);
    assert_eq!(outcome.skipped.len(), 1);
    assert_eq!(
        outcome.skipped[0].line, 6,
        "the third object starts on line 6"
    );
    assert!(
        outcome.skipped[0].reason.contains("object"),
        "{:?}",
        outcome.skipped
    );
    let books = all_books(&app).await;
    let kings = books
        .iter()
        .find(|b| b.title == "The Way of Kings")
        .expect("kings");
    assert_eq!(kings.narrators, vec!["Michael Kramer", "Kate Reading"]);
    let warbreaker = books
        .iter()
        .find(|b| b.title == "Warbreaker")
        .expect("warbreaker");
    assert_eq!(
        (warbreaker.details.runtime_min, warbreaker.status),
        (Some(1490), BookStatus::Wanted)
    );
}

#[tokio::test]
async fn libation_exports_map_their_own_columns() {
    let app = TestApp::new().await;
    let outcome = import(&app, "libation_export.csv").await.expect("import");
    assert_eq!(
        (outcome.inserted, outcome.skipped.len()),
        (2, 0),
        "{outcome:?}"
    );
    let book = library::get_book(&app.ctx, &BookKey::parse("B08C6YJ1LS").expect("asin"))
        .await
        .expect("get");
    let series: Vec<(String, Option<String>)> = book
        .series
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.position.as_ref().map(|p| p.raw().to_owned()),
            )
        })
        .collect();
    assert_eq!(
        series,
        vec![
            ("The Expanse".to_owned(), Some("1".to_owned())),
            ("Best of Sci-Fi".to_owned(), Some("2".to_owned()))
        ]
    );
    assert_eq!(
        book.status,
        BookStatus::Owned,
        "a Libation library is what the user owns"
    );
    assert_eq!(
        book.details.release_date.map(|d| d.to_iso()).as_deref(),
        Some("2011-06-15")
    );
    assert_eq!(book.details.language.as_deref(), Some("english"));
    let kings = library::get_book(&app.ctx, &BookKey::parse("B017V4IM1G").expect("asin"))
        .await
        .expect("get");
    assert_eq!(
        kings.details.cover_url.as_deref(),
        Some("https://m.media-amazon.com/images/I/51K5Yq3fqnL._SL500_.jpg"),
        "Libation's cover id is Audible's picture id"
    );
    assert_eq!(
        kings.narrators,
        vec!["Michael Kramer", "Kate Reading"],
        "Libation joins names with \", \""
    );
}

#[tokio::test]
async fn malformed_json_is_rejected_whole_and_stores_nothing() {
    let app = TestApp::new().await;
    let path = app.dir.path().join("broken.json");
    std::fs::write(&path, "[{\"title\": \"A\"}, {\"title\": ").expect("write");
    let err = library::spawn_list_import(&app.ctx, path)
        .await
        .expect("starts")
        .wait()
        .await
        .expect_err("fails");
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.to_string().contains("not valid JSON"), "{err}");
    assert!(all_books(&app).await.is_empty());
}

#[tokio::test]
async fn non_utf8_rows_are_skipped_with_a_reason() {
    let app = TestApp::new().await;
    let path = app.dir.path().join("latin1.csv");
    let mut bytes = b"title,authors\nGood,Jane\n".to_vec();
    bytes.extend_from_slice(b"Caf\xe9,Jane\n");
    std::fs::write(&path, bytes).expect("write");
    let outcome = library::spawn_list_import(&app.ctx, path)
        .await
        .expect("start")
        .wait()
        .await
        .expect("import");
    assert_eq!(outcome.inserted, 1);
    assert_eq!(outcome.skipped[0].line, 3);
    assert!(
        outcome.skipped[0].reason.contains("UTF-8"),
        "{:?}",
        outcome.skipped
    );
}

#[tokio::test]
async fn a_missing_file_is_reported_before_any_job_starts() {
    let app = TestApp::new().await;
    let err = library::spawn_list_import(&app.ctx, app.dir.path().join("nope.csv"))
        .await
        .expect_err("no file");
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert!(err.to_string().contains("nope.csv"), "{err}");
}

#[tokio::test]
async fn exports_read_back_into_the_same_library() {
    let app = TestApp::new().await;
    import(&app, "library.csv").await.expect("seed");
    let original = shape(&all_books(&app).await);
    for (name, format) in [("out.csv", ListFormat::Csv), ("out.json", ListFormat::Json)] {
        let path = app.dir.path().join(name);
        let rows = library::export_list(&app.ctx, &path, format)
            .await
            .expect("export");
        assert_eq!(rows, 6);
        let fresh = TestApp::new().await;
        let outcome = library::spawn_list_import(&fresh.ctx, path)
            .await
            .expect("start")
            .wait()
            .await
            .expect("import");
        assert_eq!(outcome.skipped, vec![], "{name} reads back cleanly");
        assert_eq!(
            shape(&all_books(&fresh).await),
            original,
            "{name} round-trips"
        );
    }
}

/// What an export must preserve, without ids and timestamps.
fn shape(books: &[aural_core::Book]) -> Vec<String> {
    books
        .iter()
        .map(|b| {
            format!(
                "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
                b.asin,
                b.title,
                b.authors.iter().map(|a| &a.name).collect::<Vec<_>>(),
                b.narrators,
                b.series
                    .iter()
                    .map(|s| (&s.name, s.position.as_ref().map(|p| p.raw().to_owned())))
                    .collect::<Vec<_>>(),
                b.details.runtime_min,
                b.details.release_date,
                b.details.language,
                b.details.publisher,
                b.status
            )
        })
        .collect()
}

#[tokio::test]
async fn a_user_sets_any_status_sets_it_back_and_undoes_it() {
    let app = TestApp::new().await;
    import(&app, "library.csv").await.expect("seed");
    let oathbringer = BookKey::parse("B079LRSMNN").expect("asin");
    let listed = library::get_book(&app.ctx, &oathbringer)
        .await
        .expect("book")
        .status;
    for status in [
        BookStatus::Owned,
        BookStatus::Ignored,
        BookStatus::Wanted,
        BookStatus::Owned,
    ] {
        let (book, _) = library::set_status(&app.ctx, &oathbringer, status)
            .await
            .expect("any status may be chosen");
        assert_eq!(book.status, status);
    }
    let err = library::set_status(&app.ctx, &oathbringer, BookStatus::Downloading)
        .await
        .expect_err("downloading is not chosen by hand");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::Validation, Some("status"))
    );
    assert!(
        err.hint().is_some_and(|h| h.contains("grabbed")),
        "{:?}",
        err.hint()
    );

    let (book, change) = library::set_status(&app.ctx, &oathbringer, BookStatus::Missing)
        .await
        .expect("set");
    assert_eq!(book.status, BookStatus::Missing);
    let undo = change
        .batch
        .expect("a change that moved something can be undone");
    let undone = library::undo_status_change(&app.ctx, undo)
        .await
        .expect("undo");
    assert_eq!(undone.changed, 1);
    let book = library::get_book(&app.ctx, &oathbringer)
        .await
        .expect("book");
    assert_eq!(book.status, BookStatus::Owned, "back to the choice before");

    let (claims, history) = library::status_sources(&app.ctx, book.id)
        .await
        .expect("sources");
    let kinds: Vec<_> = claims.iter().map(|c| (c.source.kind, c.status)).collect();
    assert!(
        kinds.contains(&(aural_core::SourceKind::ListImport, listed)),
        "the list's claim stays beside the user's: {kinds:?}"
    );
    assert!(kinds.contains(&(aural_core::SourceKind::User, BookStatus::Owned)));
    assert_eq!(
        (history[0].from, history[0].to),
        (BookStatus::Missing, BookStatus::Owned),
        "the undo is the newest move"
    );
    let err = library::undo_status_change(&app.ctx, 9_999)
        .await
        .expect_err("no such change");
    assert_eq!(err.code(), ErrorCode::NotFound);
    let missing = library::get_book(&app.ctx, &BookKey::parse("999999").expect("id"))
        .await
        .expect_err("no such id");
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn a_cancelled_import_keeps_finished_batches_and_a_rerun_completes() {
    let app = TestApp::new().await;
    let path = app.dir.path().join("big.csv");
    let mut text = String::from("asin,title,authors\n");
    for i in 0..30_000 {
        text.push_str(&format!("B{i:09},Title {i},Author {}\n", i % 97));
    }
    std::fs::write(&path, text).expect("write");
    let mut events = app.ctx.events().subscribe();
    let task = library::spawn_list_import(&app.ctx, path.clone())
        .await
        .expect("start");
    let id = task.id();
    // Cancelled once the first batch is in: from then on at least one batch is kept, and with
    // fifteen batches the cancel lands long before the last.
    loop {
        match events.recv().await.expect("event") {
            aural_services::events::AppEvent::JobUpdated(job)
                if job.id == id && job.progress.done > 0 =>
            {
                break;
            }
            _ => {}
        }
    }
    aural_services::jobs::cancel(&app.ctx, id)
        .await
        .expect("cancel a running job");
    let err = task.wait().await.expect_err("cancelled");
    assert_eq!(err.code(), ErrorCode::Cancelled);
    let job = app.ctx.db().jobs().get(id).await.expect("job row");
    assert_eq!(job.state, aural_core::JobState::Cancelled);

    let rerun = library::spawn_list_import(&app.ctx, path)
        .await
        .expect("start")
        .wait()
        .await
        .expect("rerun");
    assert_eq!(rerun.inserted + rerun.unchanged, 30_000, "{rerun:?}");
    let stats = library::stats(&app.ctx).await.expect("stats");
    assert_eq!(
        stats.total_books, 30_000,
        "nothing duplicated by the cancelled run"
    );
}

/// The notice published when the import of `name` ends, waiting for the import first.
async fn finished_import_notice(app: &TestApp, name: &str) -> aural_services::events::Notice {
    let mut events = app.ctx.events().subscribe();
    import(app, name).await.expect("the list imports");
    loop {
        match events.try_recv() {
            Ok(aural_services::events::AppEvent::Notice(notice)) => return notice,
            Ok(_) => {}
            Err(e) => panic!("the end of an import publishes a notice: {e}"),
        }
    }
}

#[tokio::test]
async fn a_finished_import_asks_for_a_desktop_notification_as_the_setting_says() {
    let app = TestApp::new().await;
    let notice = finished_import_notice(&app, "library.csv").await;
    assert_eq!(
        notice.title, "Imported library.csv",
        "the notice names the file"
    );
    assert!(
        notice.desktop,
        "general.notifications.importFinished is on by default, so the shell shows it on the desktop"
    );

    aural_services::settings::set(&app.ctx, "general.notifications.importFinished", "false")
        .await
        .expect("setting");
    let notice = finished_import_notice(&app, "library.json").await;
    assert!(
        !notice.desktop,
        "with the setting off the notice is a toast only"
    );
}
