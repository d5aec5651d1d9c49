use crate::{Cli, fixture};

#[test]
fn errors_are_one_line_naming_the_problem_and_the_fix() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    for (args, needles) in [
        (
            &["books", "show", "B000000000"][..],
            &["no book matches", "books list"][..],
        ),
        (
            &["books", "set-status", "B079LRSMNN", "downloading"],
            &["cannot be set to downloading", "release is grabbed"],
        ),
        (
            &["books", "list", "--status", "have"],
            &["\"have\" is not a status"],
        ),
        (
            &["books", "list", "--sort", "colour"],
            &["cannot sort by", "releaseDate"],
        ),
        (
            &["settings", "set", "general.colour", "red"],
            &["unknown setting", "general.theme"],
        ),
        (
            &["settings", "set", "general.closeToTray", "maybe"],
            &["true or false"],
        ),
        (
            &["library", "import", "/nonexistent/list.csv"],
            &["/nonexistent/list.csv"],
        ),
        (
            &["library", "export", "out.xlsx"],
            &["cannot tell the format", "--format"],
        ),
        (
            &["authors", "show", "Nobody At All"],
            &["no author matches"],
        ),
    ] {
        let line = cli.fails(args);
        for needle in needles {
            assert!(line.contains(needle), "{args:?}: {line:?} lacks {needle:?}");
        }
    }
}

#[test]
fn json_errors_carry_the_code_for_scripts() {
    let cli = Cli::new();
    let out = cli
        .cmd()
        .args(["books", "show", "42", "--json"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("stderr is JSON");
    assert_eq!(err["error"]["code"], "NotFound");
}

#[test]
fn a_database_that_is_not_sqlite_is_reported_and_kept() {
    let cli = Cli::new();
    let db = cli.dir.path().join("library.db");
    std::fs::write(&db, vec![b'x'; 8192]).expect("write");
    let line = cli.fails(&["stats"]);
    assert!(line.contains("library.db"), "{line}");
    assert_eq!(std::fs::read(&db).expect("read"), vec![b'x'; 8192]);
}
