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
    std::fs::create_dir(&root).expect("the library folder exists");
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

#[test]
fn two_processes_setting_different_keys_at_once_both_keep_every_value() {
    let cli = Cli::new();
    // Create the library once so both writers start on a ready folder.
    cli.json(&["settings", "list"]);
    const ROUNDS: usize = 50;
    let writer = |key: &'static str, values: [&'static str; 2]| {
        let dir = cli.dir.path().to_owned();
        std::thread::spawn(move || {
            for i in 0..ROUNDS {
                let out = crate::cli_at(&dir)
                    .args(["settings", "set", key, values[i % 2]])
                    .output()
                    .expect("runs");
                assert!(
                    out.status.success(),
                    "set {key} round {i}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        })
    };
    // Each writer ends on a value that differs from the default, so a lost write shows.
    let theme = writer("general.theme", ["dark", "light"]);
    let tray = writer("general.closeToTray", ["true", "false"]);
    theme.join().expect("theme writer");
    tray.join().expect("tray writer");
    assert_eq!(
        cli.json(&["settings", "get", "general.theme"])["value"],
        "light",
        "the last theme written survives the other writer's writes"
    );
    assert_eq!(
        cli.json(&["settings", "get", "general.closeToTray"])["value"],
        false,
        "the last tray value written survives the other writer's writes"
    );
}

#[test]
fn a_bad_value_in_the_file_is_a_warning_and_the_rest_still_applies() {
    let cli = Cli::new();
    std::fs::write(
        cli.dir.path().join("settings.json"),
        r#"{"version": 1, "general": {"theme": 7, "closeToTray": false}, "future": {"x": 1}}"#,
    )
    .expect("write");
    let out = cli
        .cmd()
        .args(["settings", "get", "general.closeToTray"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "false",
        "the good value applies"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: general.theme") && stderr.contains("kept in"),
        "the bad value is named and the original's place given: {stderr}"
    );
    let text = std::fs::read_to_string(cli.dir.path().join("settings.json")).expect("file");
    assert!(text.contains("\"future\""), "unknown keys stay: {text}");
}

#[test]
fn a_folder_setting_must_name_an_existing_writable_folder() {
    let cli = Cli::new();
    let missing = cli.dir.path().join("nowhere");
    let line = cli.fails(&[
        "settings",
        "set",
        "library.root",
        missing.to_str().expect("path"),
    ]);
    assert!(line.contains("does not exist"), "{line}");
}
