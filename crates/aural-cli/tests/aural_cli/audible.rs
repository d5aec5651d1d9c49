//! `audible import-auth`, `audible accounts` and `audible remove --keep-device` (deregistering
//! against a fake Amazon is covered by the services tests).

use crate::Cli;

#[test]
fn an_audible_cli_auth_file_is_imported_listed_and_removed() {
    let cli = Cli::new();
    let file = cli.dir.path().join("audible-cli-auth.json");
    std::fs::write(
        &file,
        aural_testkit::fixture_bytes("audible/audible_cli_auth.json"),
    )
    .expect("written");
    let file = file.to_str().expect("utf-8 path");

    let added = cli.json(&["audible", "import-auth", file, "--label", "Home"]);
    assert_eq!(added["label"], "Home");
    assert_eq!(added["marketplace"], "uk");
    assert_eq!(added["signedIn"], true);

    let out = cli
        .cmd()
        .args(["audible", "accounts"])
        .output()
        .expect("runs");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("Home") && shown.contains("never"), "{shown}");
    let listed = cli.json(&["audible", "accounts"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    let text = listed.to_string();
    for secret in ["Atnr|test-refresh-token", "Atna|test-access-token", "BEGIN"] {
        assert!(!text.contains(secret), "the listing shows {secret}");
    }

    let again = cli.fails(&["audible", "import-auth", file]);
    assert!(again.contains("already here, as \"Home\""), "{again}");

    let removed = cli.json(&["audible", "remove", "home", "--keep-device"]);
    assert_eq!(removed["label"], "Home");
    assert_eq!(cli.json(&["audible", "accounts"]), serde_json::json!([]));
}

#[test]
fn an_encrypted_auth_file_says_how_to_export_a_usable_one() {
    let cli = Cli::new();
    let file = aural_testkit::fixture("audible/audible_cli_auth_encrypted.json");
    let line = cli.fails(&["audible", "import-auth", file.to_str().expect("utf-8 path")]);
    assert!(line.contains("encrypted"), "{line}");
    assert!(line.contains("remove-encryption"), "{line}");
    assert_eq!(cli.json(&["audible", "accounts"]), serde_json::json!([]));
}

#[test]
fn removing_an_unknown_account_names_it() {
    let cli = Cli::new();
    let line = cli.fails(&["audible", "remove", "nobody", "--keep-device"]);
    assert!(
        line.contains("no Audible account matches \"nobody\""),
        "{line}"
    );
}
