//! `indexers`, `clients` and `abs` end to end: real CLI processes on a temp data folder, with the
//! secret given on stdin and looked for everywhere it must not be.

use std::path::Path;

use crate::Cli;

const API_KEY: &str = "test-pass-8f3a1c0b9e";
const NEW_API_KEY: &str = "test-pass-rotated-77d2";
const PASSWORD: &str = "test-pass-qbit-51ee";

/// Runs a command with `stdin` fed in and the most verbose logging, returning stdout; fails the
/// test if the command fails or if the secret shows up on stdout or stderr.
pub(crate) fn run_secretly(
    cli: &Cli,
    args: &[&str],
    stdin: &str,
    secrets: &[&str],
) -> serde_json::Value {
    let out = cli
        .cmd()
        .args(args)
        .arg("--json")
        .env("AURALARCHIVE_LOG", "trace")
        .write_stdin(stdin)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?} failed: {stderr}");
    for secret in secrets {
        assert!(
            !stdout.contains(secret),
            "{args:?} printed the secret: {stdout}"
        );
        assert!(
            !stderr.contains(secret),
            "{args:?} logged the secret: {stderr}"
        );
    }
    serde_json::from_str(&stdout).expect("stdout is JSON")
}

/// Every file of the data folder except the secrets file itself (and its kept copies).
fn assert_only_in_secrets_file(dir: &Path, secret: &str) {
    let mut found_in_secrets_file = false;
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).expect("read data file");
        let holds = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
        let name = entry
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name == "secrets.json" {
            found_in_secrets_file |= holds;
        } else {
            assert!(!holds, "{} holds the secret", entry.display());
        }
    }
    assert!(
        found_in_secrets_file,
        "the secret is stored in the 0600 file (no keychain here)"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn an_indexer_goes_through_add_list_show_edit_switches_test_and_remove_without_leaking_its_key() {
    let cli = Cli::new();
    let url = "http://127.0.0.1:9117/api/v2.0/indexers/demo/results/torznab/";
    let added = run_secretly(
        &cli,
        &[
            "indexers",
            "add",
            "Jackett",
            "--kind",
            "torznab",
            "--url",
            url,
            "--api-key-stdin",
            "--categories",
            "3030,3000",
        ],
        &format!("{API_KEY}\n"),
        &[API_KEY],
    );
    let id = added["id"].as_i64().expect("id");
    assert_eq!(
        added["secret"],
        serde_json::json!({"field": "apiKey", "isSet": true})
    );
    assert_eq!(added["settings"]["kind"], "torznab");
    assert_eq!(
        added["settings"]["categories"],
        serde_json::json!([3030, 3000])
    );
    assert_eq!(added["status"], "ready");

    let list = run_secretly(&cli, &["indexers", "list"], "", &[API_KEY]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["name"], "Jackett");
    let clients = run_secretly(&cli, &["clients", "list"], "", &[API_KEY]);
    assert_eq!(clients["total"], 0, "an indexer is not a download client");

    let shown = run_secretly(&cli, &["indexers", "show", "jackett"], "", &[API_KEY]);
    assert_eq!(shown["id"], id, "found by name regardless of case");

    let edited = run_secretly(
        &cli,
        &[
            "indexers",
            "edit",
            &id.to_string(),
            "--priority",
            "2",
            "--timeout-secs",
            "20",
            "--api-key-stdin",
        ],
        &format!("{NEW_API_KEY}\r\n"),
        &[API_KEY, NEW_API_KEY],
    );
    assert_eq!(edited["priority"], 2);
    assert_eq!(edited["settings"]["timeoutSecs"], 20);
    assert_eq!(
        edited["settings"]["url"], url,
        "settings not given are kept"
    );
    assert_eq!(edited["secret"]["isSet"], true);
    assert_only_in_secrets_file(cli.dir.path(), NEW_API_KEY);
    let secrets = std::fs::read_to_string(cli.dir.path().join("secrets.json")).expect("secrets");
    assert!(!secrets.contains(API_KEY), "the old key was replaced");

    let off = run_secretly(
        &cli,
        &["indexers", "disable", "Jackett"],
        "",
        &[NEW_API_KEY],
    );
    assert_eq!(
        (off["enabled"].clone(), off["status"].clone()),
        (false.into(), "disabled".into())
    );
    let on = run_secretly(&cli, &["indexers", "enable", "Jackett"], "", &[NEW_API_KEY]);
    assert_eq!(on["status"], "ready");

    // Nothing listens on the indexer's port here: the report names the field to check.
    let report = run_secretly(&cli, &["indexers", "test", "Jackett"], "", &[NEW_API_KEY]);
    assert_eq!(report["issues"][0]["field"], "url", "{report}");
    assert_eq!(report["issues"][0]["severity"], "error", "{report}");

    let removed = run_secretly(&cli, &["indexers", "remove", "Jackett"], "", &[NEW_API_KEY]);
    assert_eq!(removed["id"], id);
    let list = run_secretly(&cli, &["indexers", "list"], "", &[]);
    assert_eq!(list["total"], 0);
    let secrets = std::fs::read_to_string(cli.dir.path().join("secrets.json")).expect("secrets");
    assert!(
        !secrets.contains(NEW_API_KEY),
        "removing the indexer removed its key: {secrets}"
    );
    let missing = cli.fails(&["indexers", "show", "Jackett"]);
    assert!(
        missing.contains("no indexer matches \"Jackett\""),
        "{missing}"
    );
}

#[test]
fn a_client_takes_its_password_from_the_environment_and_rejects_what_it_has_no_field_for() {
    let cli = Cli::new();
    let out = cli
        .cmd()
        .args([
            "clients",
            "add",
            "qbit",
            "--kind",
            "qbittorrent",
            "--url",
            "http://127.0.0.1:8080",
            "--username",
            "admin",
            "--secret-env",
            "QBIT_PASS",
            "--path-mapping",
            "/downloads=/srv/downloads",
            "--json",
        ])
        .env("QBIT_PASS", PASSWORD)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let added: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        added["secret"],
        serde_json::json!({"field": "password", "isSet": true})
    );
    assert_eq!(
        added["settings"]["category"], "audiobooks",
        "default category"
    );
    assert_eq!(
        added["settings"]["pathMappings"],
        serde_json::json!([{"remote": "/downloads", "local": "/srv/downloads"}])
    );
    assert_only_in_secrets_file(cli.dir.path(), PASSWORD);

    let err = cli.fails(&["clients", "edit", "qbit", "--categories", "3030"]);
    assert!(
        err.contains("qBittorrent has no setting categories"),
        "{err}"
    );
    let err = cli.fails(&["clients", "edit", "qbit", "--api-key", "test-pass-x"]);
    assert!(
        err.contains("qBittorrent takes a password, not an API key"),
        "{err}"
    );
    let err = cli.fails(&[
        "indexers",
        "add",
        "q2",
        "--kind",
        "qbittorrent",
        "--url",
        "http://127.0.0.1:1",
    ]);
    assert!(
        err.contains("qBittorrent is a download client, not an indexer"),
        "{err}"
    );
    let err = cli.fails(&["clients", "add", "nourl", "--kind", "deluge"]);
    assert!(err.contains("missing field `url`"), "{err}");
    let err = cli.fails(&[
        "clients",
        "add",
        "bad",
        "--kind",
        "deluge",
        "--url",
        "http://u:test-pass@127.0.0.1:8112",
    ]);
    assert!(
        err.contains("remove the user name and password from the URL"),
        "{err}"
    );
    let list = cli.json(&["clients", "list"]);
    assert_eq!(list["total"], 1, "failed adds added nothing");
}

#[test]
fn audiobookshelf_needs_no_kind_and_a_secretless_indexer_starts_off() {
    let cli = Cli::new();
    let abs = cli.json(&["abs", "add", "home", "--url", "http://127.0.0.1:13378"]);
    assert_eq!(abs["kind"], "audiobookshelf");
    assert_eq!(
        abs["secret"],
        serde_json::json!({"field": "apiKey", "isSet": false})
    );
    let abb = cli.json(&[
        "indexers",
        "add",
        "abb",
        "--kind",
        "abb",
        "--url",
        "http://127.0.0.1:1/",
    ]);
    assert_eq!(
        abb["enabled"], false,
        "AudiobookBay is switched on explicitly (SPEC §5.1)"
    );
    assert_eq!(abb["secret"]["field"], serde_json::Value::Null);
    let err = cli.fails(&["indexers", "edit", "abb", "--api-key", "test-pass-x"]);
    assert!(err.contains("AudiobookBay takes no secret"), "{err}");
    let err = cli.fails(&["indexers", "add", "x", "--url", "http://127.0.0.1:1/"]);
    assert!(err.contains("choose the kind with --kind"), "{err}");
}
