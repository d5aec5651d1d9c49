use aural_testkit::media;

use crate::Cli;

/// A CLI data folder with `library.root` set, and a staging folder holding one tagged M4B.
fn with_one_book() -> (Cli, std::path::PathBuf, std::path::PathBuf) {
    let cli = Cli::new();
    let root = cli.dir.path().join("library");
    let staging = cli.dir.path().join("staging");
    std::fs::create_dir_all(&root).expect("library");
    std::fs::create_dir_all(staging.join("book")).expect("staging");
    media::m4b(
        &staging.join("book").join("book.m4b"),
        1,
        &[
            ("title", "CLI Book"),
            ("album", "CLI Book"),
            ("artist", "CLI Author"),
        ],
        &[],
        None,
        true,
    )
    .expect("ffmpeg makes the M4B");
    cli.json(&[
        "settings",
        "set",
        "library.root",
        root.to_str().expect("utf-8"),
    ]);
    (cli, root, staging)
}

#[test]
fn scan_prints_cards_with_files_detected_tags_match_and_status() {
    let (cli, _, staging) = with_one_book();
    let cards = cli.json(&["import", "scan", staging.to_str().expect("utf-8")]);
    let card = &cards.as_array().expect("a list of cards")[0];
    assert!(card["id"].as_i64().is_some_and(|id| id > 0), "{card}");
    assert_eq!(card["status"], "ready");
    assert_eq!(card["detected"]["title"], "CLI Book");
    assert_eq!(card["detected"]["authors"][0], "CLI Author");
    assert!(
        card["bestMatch"].is_null(),
        "a new book has no match: {card}"
    );
    assert!(card["candidates"].is_array());
    let file = &card["files"][0];
    assert!(
        file["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("book.m4b")),
        "{file}"
    );
    assert_eq!(file["kind"], "audio");
    assert_eq!(file["format"], "m4b");
}

#[test]
fn run_all_ready_then_status_shows_the_card_imported_and_the_file_in_place() {
    let (cli, root, staging) = with_one_book();
    cli.json(&["import", "scan", staging.to_str().expect("utf-8")]);
    let report = cli.json(&["import", "run", "--all-ready", "--move"]);
    assert_eq!(
        report["imported"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );
    assert_eq!(report["failed"], serde_json::json!([]));
    assert!(root.join("CLI Author/CLI Book/CLI Book.m4b").is_file());
    assert!(
        !staging.join("book/book.m4b").exists(),
        "--move removed the source"
    );

    let status = cli.json(&["import", "status"]);
    assert_eq!(status["counts"]["imported"], 1, "{status}");
    assert_eq!(status["counts"]["ready"], 0);
    assert_eq!(status["cards"]["total"], 1);
    assert_eq!(status["cards"]["items"][0]["status"], "imported");
    assert_eq!(status["cards"]["items"][0]["target"], "CLI Author/CLI Book");
}

#[test]
fn run_by_card_id_with_a_template_names_the_folder_by_it() {
    let (cli, root, staging) = with_one_book();
    let cards = cli.json(&["import", "scan", staging.to_str().expect("utf-8")]);
    let id = cards[0]["id"].to_string();
    cli.json(&[
        "import",
        "run",
        &id,
        "--copy",
        "--template",
        "{title} by {author}",
    ]);
    assert!(root.join("CLI Book by CLI Author/CLI Book.m4b").is_file());
    assert!(
        staging.join("book/book.m4b").exists(),
        "--copy keeps the source"
    );
}

#[test]
fn recover_with_nothing_interrupted_reports_nothing_done() {
    let (cli, _, _) = with_one_book();
    let report = cli.json(&["import", "recover"]);
    assert_eq!(report["busy"], false);
    assert_eq!(report["completed"], serde_json::json!([]));
    assert_eq!(report["rolledBack"], serde_json::json!([]));
}

#[test]
fn run_needs_cards_or_all_ready_and_an_unknown_card_is_an_error_naming_it() {
    let (cli, _, _) = with_one_book();
    let usage = json_error(&cli, &["import", "run"]);
    assert_eq!(usage["code"], "Validation", "{usage}");
    let missing = json_error(&cli, &["import", "run", "999"]);
    assert_eq!(missing["code"], "NotFound", "{missing}");
    assert!(
        missing["message"]
            .as_str()
            .is_some_and(|m| m.contains("999")),
        "the error names the card: {missing}"
    );
}

#[test]
fn scanning_a_path_that_does_not_exist_names_it_and_says_what_to_do() {
    let (cli, _, staging) = with_one_book();
    let gone = staging.join("gone");
    let err = json_error(&cli, &["import", "scan", gone.to_str().expect("utf-8")]);
    assert_eq!(err["code"], "NotFound", "{err}");
    assert_eq!(err["field"], "paths", "{err}");
    assert!(
        err["message"].as_str().is_some_and(|m| m.contains("gone")),
        "{err}"
    );
    assert!(err["hint"].is_string(), "{err}");
}

/// Runs a command with `--json` that must fail, and returns the JSON error it printed on stderr.
fn json_error(cli: &Cli, args: &[&str]) -> serde_json::Value {
    let out = cli.cmd().args(args).arg("--json").output().expect("runs");
    assert!(!out.status.success(), "{args:?} should fail");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("stderr is JSON");
    err["error"].clone()
}
