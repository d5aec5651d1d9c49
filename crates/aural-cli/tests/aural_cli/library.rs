use crate::{Cli, fixture};

#[test]
fn import_reports_counts_and_reimport_changes_nothing() {
    let cli = Cli::new();
    let first = cli.import(&fixture("library.csv"));
    assert_eq!(
        (first["rows"].as_u64(), first["inserted"].as_u64()),
        (Some(6), Some(6)),
        "{first}"
    );
    let again = cli.import(&fixture("library.csv"));
    assert_eq!(
        (again["inserted"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(6)),
        "{again}"
    );
}

#[test]
fn skipped_rows_are_listed_with_line_numbers_in_human_output() {
    let cli = Cli::new();
    let out = cli
        .cmd()
        .args(["library", "import"])
        .arg(fixture("bad_rows.csv"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "good rows land, so the import succeeds"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 new") && text.contains("5 skipped"),
        "{text}"
    );
    assert!(
        text.contains("line 4: \"NOT-AN-ASIN\" is not an ASIN"),
        "{text}"
    );
}

#[test]
fn export_writes_a_list_that_imports_into_an_empty_library() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let file = cli.dir.path().join("export.json");
    let report = cli.json(&["library", "export", file.to_str().expect("path")]);
    assert_eq!(
        report["rows"].as_u64(),
        Some(6),
        "format taken from .json: {report}"
    );
    let other = Cli::new();
    let back = other.import(&file);
    assert_eq!(back["inserted"].as_u64(), Some(6), "{back}");
    let list = other.json(&["books", "list", "--sort", "title"]);
    assert_eq!(list["total"].as_u64(), Some(6));
}

#[test]
fn after_a_command_library_db_alone_holds_the_library() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let data = cli.dir.path();
    assert!(
        !data.join("library.db-wal").exists(),
        "the CLI closes the library, which folds the write-ahead log into library.db"
    );
    // A backup that copies only library.db has every book.
    let copied = Cli::new();
    std::fs::copy(
        data.join("library.db"),
        copied.dir.path().join("library.db"),
    )
    .expect("copy");
    let list = copied.json(&["books", "list"]);
    assert_eq!(list["total"].as_u64(), Some(6), "{list}");
}

/// Line 3 opens a quote (U+0022) that never closes.
const DAMAGED_LIST: &str = concat!(
    "title,authors\nDune,Frank Herbert\n",
    '\u{22}',
    "Runaway quote,Jane\nEmma,Jane Austen\ndune,frank herbert\n"
);

#[test]
fn every_row_of_a_damaged_list_is_accounted_for() {
    let cli = Cli::new();
    let file = cli.dir.path().join("damaged.csv");
    std::fs::write(&file, DAMAGED_LIST).expect("write");
    let report = cli.import(&file);
    let count = |key: &str| report[key].as_u64().unwrap_or_default();
    let listed = |key: &str| report[key].as_array().map_or(0, Vec::len) as u64;
    assert_eq!(count("rows"), 4, "{report}");
    assert_eq!(
        count("inserted")
            + count("updated")
            + count("unchanged")
            + listed("duplicates")
            + listed("skipped"),
        4,
        "{report}"
    );
    assert_eq!(
        (count("inserted"), listed("duplicates"), listed("skipped")),
        (2, 1, 1),
        "{report}"
    );

    let again = cli
        .cmd()
        .args(["library", "import"])
        .arg(&file)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(text.contains("1 duplicates, 1 skipped"), "{text}");
    assert!(
        text.contains("line 3: unterminated quote starting on line 3"),
        "{text}"
    );
    assert!(text.contains("line 5: same book as line 2"), "{text}");
}
