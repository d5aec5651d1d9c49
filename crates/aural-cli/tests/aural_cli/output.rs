//! What reaches the terminal: library text cannot drive it, a closed pipe ends quietly, and
//! `--json` errors have one shape whatever failed.

use std::process::Stdio;

use crate::Cli;

/// Title with an OSC sequence that would retitle the terminal, author with one that clears it.
const TITLE: &str = "Evil\u{1b}]0;pwned\u{7} Title";
const AUTHOR: &str = "Clear\u{1b}[2J Screen";

fn cli_with_hostile_names() -> Cli {
    let cli = Cli::new();
    let list = cli.dir.path().join("hostile.csv");
    std::fs::write(
        &list,
        format!("asin,title,authors\nB000000001,\"{TITLE}\",\"{AUTHOR}\"\n"),
    )
    .expect("list");
    cli.import(&list);
    cli
}

#[test]
fn control_characters_in_names_are_escaped_in_tables_and_exact_in_json() {
    let cli = cli_with_hostile_names();
    let out = cli.cmd().args(["books", "list"]).output().expect("runs");
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{7}'),
        "no raw control character reaches the terminal: {table:?}"
    );
    assert!(
        table.contains("\\u{1b}]0;pwned"),
        "the escape is visible: {table}"
    );
    let json = cli.json(&["books", "list"]);
    assert_eq!(
        json["items"][0]["title"], TITLE,
        "--json keeps the exact text"
    );
    assert_eq!(json["items"][0]["authors"][0], AUTHOR);
}

#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    let cli = Cli::new();
    // An export to stdout meets the closed pipe at its first write, the header.
    for args in [
        &["books", "list"][..],
        &["books", "list", "--json"],
        &["library", "export", "-"],
    ] {
        let mut child =
            std::process::Command::new(assert_cmd::cargo::cargo_bin("auralarchive-cli"))
                .arg("--data-dir")
                .arg(cli.dir.path())
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawns");
        // As `| head -1` does once it has its line: the reader goes away before the output ends.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("ends");
        assert!(out.status.success(), "{args:?}: exit {:?}", out.status);
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{args:?}: nothing on stderr"
        );
    }
}

#[test]
fn argument_errors_with_json_are_json_with_a_code() {
    let cli = Cli::new();
    for args in [
        &["books", "list", "--page", "x", "--json"][..],
        &["--json", "books", "nonsense"],
    ] {
        let out = cli.cmd().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}: usage errors exit 2");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let error: serde_json::Value = serde_json::from_str(stderr.trim())
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {stderr}"));
        assert_eq!(error["error"]["code"], "Validation", "{args:?}: {stderr}");
        assert!(
            error["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{stderr}"
        );
    }
}

#[test]
fn pages_out_of_range_are_errors_naming_the_range() {
    let cli = Cli::new();
    for (args, needle) in [
        (&["books", "list", "--page", "0"][..], "numbered from 1"),
        (&["books", "list", "--per-page", "0"], "1 to 500"),
        (&["authors", "list", "--per-page", "1000000"], "1 to 500"),
        (&["jobs", "list", "--per-page", "1000000"], "1 to 500"),
    ] {
        let line = cli.fails(args);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
}
