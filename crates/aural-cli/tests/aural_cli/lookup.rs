//! `books show`, `authors show` and `series show` reach things whose ASIN or name looks like an id.

use crate::Cli;

/// Two imports, so Alice Writer is surely the first author (id 1) and the author named "1" another.
fn cli_with_numeric_names() -> Cli {
    let cli = Cli::new();
    for (name, rows) in [
        ("first.csv", "B000000001,First,Alice Writer,Saga,1\n"),
        ("numbers.csv", "1721358595,Digits,1,1984,2\n"),
    ] {
        let list = cli.dir.path().join(name);
        std::fs::write(
            &list,
            format!("asin,title,authors,series,series_position\n{rows}"),
        )
        .expect("list");
        cli.import(&list);
    }
    cli
}

#[test]
fn an_all_digit_asin_finds_its_book() {
    let cli = cli_with_numeric_names();
    let book = cli.json(&["books", "show", "1721358595"]);
    assert_eq!(book["title"], "Digits", "{book}");
}

#[test]
fn a_name_that_is_a_number_finds_its_series() {
    let cli = cli_with_numeric_names();
    let series = cli.json(&["series", "show", "1984"]);
    assert_eq!(series["name"], "1984", "{series}");
}

#[test]
fn a_key_that_is_an_id_and_a_name_shows_the_id_and_says_so() {
    let cli = cli_with_numeric_names();
    let out = cli
        .cmd()
        .args(["authors", "show", "1"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.starts_with("Alice Writer"), "the id wins: {stdout}");
    assert!(
        stderr.starts_with("note:") && stderr.contains("\"1\""),
        "the note names the other match: {stderr}"
    );
    let named = cli.json(&["authors", "list", "--query", "1"]);
    let other = named["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["name"] == "1")
        .expect("the author named 1 is listed");
    let id = other["id"].to_string();
    let shown = cli.json(&["authors", "show", &id]);
    assert_eq!(shown["name"], "1", "the note's id reaches the other author");
}
