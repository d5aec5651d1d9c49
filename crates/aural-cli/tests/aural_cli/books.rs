use crate::{Cli, fixture};

#[test]
fn books_list_prints_the_documented_json_shape() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let page = cli.json(&[
        "books",
        "list",
        "--per-page",
        "2",
        "--page",
        "2",
        "--sort",
        "author",
        "--desc",
    ]);
    assert_eq!(
        (
            page["total"].as_u64(),
            page["page"].as_u64(),
            page["perPage"].as_u64()
        ),
        (Some(6), Some(2), Some(2))
    );
    let item = &page["items"][0];
    for key in [
        "id",
        "asin",
        "title",
        "authors",
        "series",
        "status",
        "runtimeMinutes",
        "addedAt",
    ] {
        assert!(item.get(key).is_some(), "items carry {key}: {item}");
    }
    assert!(item["authors"].is_array() && item["series"].is_array());
}

#[test]
fn filters_and_search_narrow_the_list() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let owned = cli.json(&["books", "list", "--status", "owned"]);
    assert_eq!(owned["total"].as_u64(), Some(3));
    let expanse = cli.json(&["books", "list", "--series", "The Expanse"]);
    assert_eq!(expanse["total"].as_u64(), Some(2));
    let sanderson = cli.json(&["books", "list", "--author", "brandon sanderson"]);
    assert_eq!(
        sanderson["total"].as_u64(),
        Some(3),
        "author names match case-insensitively"
    );
    let found = cli.json(&["books", "list", "--query", "leviathan"]);
    assert_eq!(found["items"][0]["title"], "Leviathan Wakes");
}

#[test]
fn show_and_set_status_accept_an_asin_or_an_id() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let book = cli.json(&["books", "show", "B079LRSMNN"]);
    assert_eq!(book["title"], "Oathbringer");
    let id = book["id"].as_i64().expect("id").to_string();
    let changed = cli.json(&["books", "set-status", &id, "ignored"]);
    assert_eq!(changed["status"], "ignored");
    let stats = cli.json(&["stats"]);
    assert_eq!(stats["totalBooks"].as_u64(), Some(6));
    assert_eq!(stats["byStatus"]["ignored"].as_u64(), Some(2));
    assert!(
        stats["totalHours"].as_f64().is_some_and(|h| h > 100.0),
        "{stats}"
    );
}

#[test]
fn authors_and_series_pages_show_owned_and_missing_counts() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let author = cli.json(&["authors", "show", "Brandon Sanderson"]);
    assert_eq!(
        (
            author["counts"]["owned"].as_u64(),
            author["counts"]["wanted"].as_u64(),
            author["counts"]["missing"].as_u64()
        ),
        (Some(1), Some(1), Some(1)),
        "{author}"
    );
    assert_eq!(author["books"]["total"].as_u64(), Some(3));
    let series = cli.json(&["series", "show", "the stormlight archive"]);
    let positions: Vec<&str> = series["books"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|b| b["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        positions,
        vec!["The Way of Kings", "Edgedancer", "Oathbringer"],
        "volumes in position order 1, 2.5, 3"
    );
    let list = cli.json(&["series", "list", "--sort", "books", "--desc"]);
    assert_eq!(list["items"][0]["name"], "The Stormlight Archive");
}
