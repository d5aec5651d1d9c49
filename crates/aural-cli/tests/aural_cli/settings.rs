use crate::Cli;

#[test]
fn settings_can_be_listed_read_and_changed_by_dotted_key() {
    let cli = Cli::new();
    let list = cli.json(&["settings", "list"]);
    let keys: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["key"].as_str())
        .collect();
    assert!(
        keys.contains(&"library.root") && keys.contains(&"general.theme"),
        "{keys:?}"
    );
    let root = cli.dir.path().join("books");
    let set = cli.json(&[
        "settings",
        "set",
        "library.root",
        root.to_str().expect("path"),
    ]);
    assert_eq!(set["value"], root.to_str().expect("path"));
    let got = cli.json(&["settings", "get", "library.root"]);
    assert_eq!(
        got["value"],
        root.to_str().expect("path"),
        "the change persisted"
    );
}
