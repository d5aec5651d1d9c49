//! `library export` to standard output, and never over the library itself.

use crate::{Cli, fixture};

#[test]
fn export_to_dash_writes_the_list_to_stdout() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let out = cli
        .cmd()
        .args(["library", "export", "-"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("asin,title"), "CSV by default: {stdout}");
    assert_eq!(stdout.lines().count(), 7, "header and six books: {stdout}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("6 books"),
        "the summary goes to stderr, out of the list's way"
    );
    assert!(
        !cli.dir.path().join("-").exists(),
        "no file named - is made"
    );
}

#[test]
fn export_over_the_library_database_is_refused_and_the_library_still_opens() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let db = cli.dir.path().join("library.db");
    let line = cli.fails(&[
        "library",
        "export",
        db.to_str().expect("path"),
        "--format",
        "csv",
    ]);
    assert!(line.contains("database"), "{line}");
    let list = cli.json(&["books", "list"]);
    assert_eq!(list["total"], 6, "the library is intact: {list}");
}
