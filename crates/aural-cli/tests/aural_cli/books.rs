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
    let owned_or_wanted = cli.json(&["books", "list", "--status", "owned,wanted"]);
    assert_eq!(owned_or_wanted["total"].as_u64(), Some(4));
    let repeated = cli.json(&["books", "list", "--status", "owned", "--status", "ignored"]);
    assert_eq!(repeated["total"].as_u64(), Some(4));
    let expanse = cli.json(&["books", "list", "--series", "The Expanse"]);
    assert_eq!(expanse["total"].as_u64(), Some(2));
    let sanderson = cli.json(&["books", "list", "--author", "brandon sanderson"]);
    assert_eq!(
        sanderson["total"].as_u64(),
        Some(3),
        "author names match case-insensitively"
    );
    let by_narrator = cli.json(&["books", "list", "--sort", "narrator"]);
    let narrators: Vec<&str> = by_narrator["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|b| b["narrators"][0].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        narrators,
        [
            "Andy Serkis",
            "Jefferson Mays",
            "Jefferson Mays",
            "Kate Reading",
            "Michael Kramer",
            "Michael Kramer"
        ]
    );
    let found = cli.json(&["books", "list", "--query", "leviathan"]);
    assert_eq!(found["items"][0]["title"], "Leviathan Wakes");
}

#[test]
fn collapse_series_lists_each_series_once_among_books_in_none() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let alone = cli.dir.path().join("alone.csv");
    std::fs::write(&alone, "title,authors\nA Book Alone,Ann Author\n").expect("list");
    cli.import(&alone);
    let page = cli.json(&["books", "list", "--collapse-series"]);
    let rows: Vec<(String, String)> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            let name = e["name"].as_str().or(e["title"].as_str()).unwrap_or("");
            (e["kind"].as_str().unwrap_or("").to_owned(), name.to_owned())
        })
        .collect();
    let series: Vec<&str> = rows
        .iter()
        .filter(|(kind, _)| kind == "series")
        .map(|(_, name)| name.as_str())
        .collect();
    assert_eq!(
        series,
        vec![
            "Cosmere Novellas",
            "Middle-earth",
            "The Expanse",
            "The Stormlight Archive"
        ],
        "{rows:?}"
    );
    assert_eq!(
        rows[0],
        ("book".to_owned(), "A Book Alone".to_owned()),
        "the book in no series stays, in name order"
    );
    assert_eq!(page["total"].as_u64(), Some(rows.len() as u64));
    let stormlight = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["name"] == "The Stormlight Archive")
        .expect("stormlight");
    assert_eq!(stormlight["counts"]["owned"].as_u64(), Some(1));
    assert_eq!(stormlight["books"].as_u64(), Some(3));
}

#[test]
fn show_and_set_status_accept_an_asin_or_an_id() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let book = cli.json(&["books", "show", "B079LRSMNN"]);
    assert_eq!(book["title"], "Oathbringer");
    let id = book["id"].as_i64().expect("id").to_string();
    let changed = cli.json(&["books", "set-status", &id, "ignored"]);
    assert_eq!(changed["book"]["status"], "ignored");
    assert_eq!(changed["change"]["changed"].as_u64(), Some(1));
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

#[test]
fn a_status_set_by_hand_can_be_set_back_and_undone() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let wanted = cli.json(&["books", "set-status", "B017V4IM1G", "wanted"]);
    assert_eq!(wanted["book"]["status"], "wanted");
    let owned = cli.json(&["books", "set-status", "B017V4IM1G", "owned"]);
    assert_eq!(owned["book"]["status"], "owned", "owned again after wanted");

    let undo = owned["change"]["undo"]
        .as_i64()
        .expect("undo id")
        .to_string();
    let undone = cli.json(&["books", "undo", &undo]);
    assert_eq!(undone["changed"].as_u64(), Some(1));
    let book = cli.json(&["books", "show", "B017V4IM1G"]);
    assert_eq!(book["status"], "wanted");
    let history: Vec<(&str, &str)> = book["statusHistory"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| {
            (
                h["from"].as_str().unwrap_or(""),
                h["to"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("owned", "wanted"),
            ("wanted", "owned"),
            ("owned", "wanted")
        ],
        "newest first"
    );
    let sources: Vec<&str> = book["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["source"].as_str().unwrap_or(""))
        .collect();
    assert!(
        sources.contains(&"user") && sources.contains(&"list_import"),
        "both the user's choice and the list's claim are kept: {sources:?}"
    );
}

#[test]
fn set_status_changes_every_matching_book_and_says_how_many() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let out = cli
        .cmd()
        .args([
            "books",
            "set-status",
            "--author",
            "Brandon Sanderson",
            "owned",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 books changed to owned"), "{text}");
    let undo = text
        .lines()
        .find_map(|l| l.strip_prefix("Undo with: auralarchive-cli books undo "))
        .expect("undo hint")
        .trim()
        .to_owned();
    let stats = cli.json(&["stats"]);
    assert_eq!(stats["byStatus"]["owned"].as_u64(), Some(5), "{stats}");

    cli.json(&["books", "undo", &undo]);
    let stats = cli.json(&["stats"]);
    assert_eq!(stats["byStatus"]["owned"].as_u64(), Some(3), "{stats}");

    let by_ids = cli.json(&["books", "set-status", "B08C6YJ1LS", "B0GFYFCX3D", "wanted"]);
    assert_eq!(by_ids["changed"].as_u64(), Some(2));
    let with_status = cli.json(&["books", "set-status", "--status", "wanted", "missing"]);
    assert_eq!(with_status["changed"].as_u64(), Some(3));
}

#[test]
fn set_status_refuses_ids_and_a_query_together_and_unknown_books() {
    let cli = Cli::new();
    cli.import(&fixture("library.csv"));
    let both = cli.fails(&[
        "books",
        "set-status",
        "B017V4IM1G",
        "--query",
        "kings",
        "owned",
    ]);
    assert!(both.contains("not both"), "{both}");
    let unknown = cli.fails(&["books", "set-status", "B017V4IM1G", "B000000000", "owned"]);
    assert!(unknown.contains("B000000000"), "{unknown}");
    let book = cli.json(&["books", "show", "B017V4IM1G"]);
    assert_eq!(book["status"], "owned", "nothing changed before the error");
    let downloading = cli.fails(&["books", "set-status", "B017V4IM1G", "downloading"]);
    assert!(downloading.contains("downloading"), "{downloading}");
}

/// Two authors, each with a series called "Legacy".
const LEGACY_LIST: &str = "title,authors,series,series_position
Ann One,Ann Author,Legacy,1
Bob One,Bob Writer,Legacy,1
Ann Two,Ann Author,Legacy,2
";

#[test]
fn same_named_series_of_two_authors_stay_apart_and_can_be_merged_and_split() {
    let cli = Cli::new();
    let list = cli.dir.path().join("legacy.csv");
    std::fs::write(&list, LEGACY_LIST).expect("write list");
    cli.import(&list);
    let legacies = legacy_ids(&cli);
    assert_eq!(legacies.len(), 2, "one Legacy per author");

    let (a, b) = (legacies[0].to_string(), legacies[1].to_string());
    let merged = cli.json(&["series", "merge", &b, &a]);
    assert_eq!(merged["books"].as_u64(), Some(3));
    assert_eq!(legacy_ids(&cli).len(), 1);

    let parts = cli.json(&["series", "split", &a]);
    assert_eq!(parts.as_array().map(Vec::len), Some(2), "{parts}");
    assert_eq!(legacy_ids(&cli).len(), 2);

    let refused = cli.fails(&["series", "merge", &a, &a]);
    assert!(refused.contains("itself"), "{refused}");
}

/// Ids of the series named "Legacy", as `series list` shows them.
fn legacy_ids(cli: &Cli) -> Vec<i64> {
    let page = cli.json(&["series", "list"]);
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|s| s["name"] == "Legacy")
        .map(|s| s["id"].as_i64().expect("id"))
        .collect()
}
