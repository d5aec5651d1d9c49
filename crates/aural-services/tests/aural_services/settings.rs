use aural_core::ErrorCode;
use aural_services::settings::{LibrarySettings, LogLevel, SettingsSection, Theme, update_section};

use crate::support::{TestApp, open, wait_until};

#[tokio::test]
async fn a_setting_written_by_one_process_is_read_by_another() {
    let app = TestApp::new().await;
    assert_eq!(
        app.ctx.settings().current().general.theme,
        Theme::Dark,
        "dark by default"
    );
    let cli = app.second_process().await;
    aural_services::settings::set(&cli, "general.theme", "light")
        .await
        .expect("set");
    assert_eq!(
        app.ctx.settings().current().general.theme,
        Theme::Light,
        "read at use, not cached forever"
    );
    let change = app.ctx.db().changes().since(0, 10).await.expect("feed");
    assert!(
        change.iter().any(|c| c.entity_id == "general.theme"),
        "other windows learn of it: {change:?}"
    );
    let text = std::fs::read_to_string(app.dir.path().join("settings.json")).expect("file");
    assert!(
        text.contains("\"theme\": \"light\"") && text.contains("\"version\": 1"),
        "{text}"
    );
}

#[tokio::test]
async fn a_change_with_the_same_modification_time_is_still_read() {
    let app = TestApp::new().await;
    aural_services::settings::set(&app.ctx, "general.logLevel", "warn")
        .await
        .expect("set");
    let path = app.dir.path().join("settings.json");
    let stamp = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    // Another process writing within the same timestamp tick, as coarse clocks allow.
    let text = std::fs::read_to_string(&path).expect("file");
    std::fs::write(&path, text.replace("\"warn\"", "\"info\"")).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(stamp))
        .expect("set mtime");
    assert_eq!(
        app.ctx.settings().current().general.log_level,
        LogLevel::Info
    );
}

#[tokio::test]
async fn unknown_keys_and_bad_values_are_validation_errors_naming_the_key() {
    let app = TestApp::new().await;
    let err = aural_services::settings::set(&app.ctx, "library.rooot", "/x")
        .await
        .expect_err("typo");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::Validation, Some("library.rooot"))
    );
    assert!(
        err.hint().is_some_and(|h| h.contains("library.root")),
        "{:?}",
        err.hint()
    );
    let err = aural_services::settings::set(&app.ctx, "library.root", "books")
        .await
        .expect_err("relative");
    assert!(err.to_string().contains("absolute"), "{err}");
    assert_eq!(
        app.ctx.settings().current().library.root,
        None,
        "a rejected value is not stored"
    );
}

#[tokio::test]
async fn an_invalid_settings_file_is_kept_aside_and_defaults_apply() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("settings.json"),
        "{ \"general\": { \"theme\": 7 } }",
    )
    .expect("write");
    let ctx = open(dir.path()).await;
    assert_eq!(ctx.settings().current().general.theme, Theme::Dark);
    let aside = ctx
        .settings()
        .recovered_from()
        .expect("the bad file was moved")
        .to_path_buf();
    assert!(
        std::fs::read_to_string(aside)
            .expect("kept")
            .contains("\"theme\": 7"),
        "nothing is lost"
    );
}

#[tokio::test]
async fn keys_this_version_does_not_know_survive_a_write() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("settings.json"),
        r#"{"version": 1, "general": {"theme": "light", "newerKnob": 3}, "plugins": {"a": [1, 2]}}"#,
    )
    .expect("write");
    let ctx = open(dir.path()).await;
    assert!(
        ctx.settings().repair().is_none(),
        "unknown keys are not a problem"
    );
    aural_services::settings::set(&ctx, "general.closeToTray", "false")
        .await
        .expect("set");
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("settings.json")).expect("file"),
    )
    .expect("JSON");
    assert_eq!(doc["general"]["newerKnob"], 3, "{doc}");
    assert_eq!(doc["plugins"]["a"], serde_json::json!([1, 2]), "{doc}");
    assert_eq!(doc["general"]["theme"], "light", "{doc}");
    assert_eq!(doc["general"]["closeToTray"], false, "{doc}");
}

#[tokio::test]
async fn one_bad_value_falls_back_alone_and_the_original_is_kept_aside() {
    let dir = tempfile::tempdir().expect("temp");
    let original =
        r#"{"version": 1, "general": {"theme": 7, "closeToTray": false, "logLevel": "debug"}}"#;
    std::fs::write(dir.path().join("settings.json"), original).expect("write");
    let ctx = open(dir.path()).await;
    let current = ctx.settings().current();
    assert_eq!(
        current.general.theme,
        Theme::Dark,
        "the bad value alone is the default"
    );
    assert!(!current.general.close_to_tray, "the other values are kept");
    assert_eq!(
        current.general.log_level,
        aural_services::settings::LogLevel::Debug
    );
    let warnings = aural_services::settings::start_up_warnings(&ctx);
    assert!(
        warnings.iter().any(|w| w.starts_with("general.theme")),
        "the warning names the key: {warnings:?}"
    );
    let aside = ctx
        .settings()
        .recovered_from()
        .expect("kept aside")
        .to_path_buf();
    assert_eq!(
        std::fs::read_to_string(aside).expect("aside"),
        original,
        "nothing is lost"
    );
    let reopened = open(dir.path()).await;
    assert!(
        reopened.settings().repair().is_none(),
        "the bad value is taken out of the file, so the next start is quiet"
    );
    assert!(!reopened.settings().current().general.close_to_tray);
}

#[tokio::test]
async fn a_section_is_saved_whole_and_other_sections_stay() {
    let app = TestApp::new().await;
    let books = tempfile::tempdir().expect("library folder");
    let root = books.path().to_str().expect("UTF-8 temp path").to_owned();
    aural_services::settings::set(&app.ctx, "library.root", &root)
        .await
        .expect("root");
    let mut general = app.ctx.settings().current().general;
    general.theme = Theme::Light;
    general.close_to_tray = false;
    let saved = update_section(&app.ctx, SettingsSection::General(general.clone()))
        .await
        .expect("a valid section saves");
    assert_eq!(saved.general, general, "the section is stored as sent");
    assert_eq!(
        saved.library.root,
        Some(root),
        "saving General leaves Library as it was"
    );
    let cli = app.second_process().await;
    assert_eq!(
        cli.settings().current().general,
        general,
        "it is on disk, where another process reads it"
    );
}

#[tokio::test]
async fn an_invalid_section_names_the_field_and_writes_nothing() {
    let app = TestApp::new().await;
    let before = std::fs::read(app.dir.path().join("settings.json")).ok();
    let books = tempfile::tempdir().expect("library folder");
    let library = LibrarySettings {
        root: Some(books.path().to_str().expect("UTF-8 temp path").to_owned()),
        staging_dir: Some("downloads".to_owned()),
        ..LibrarySettings::default()
    };
    let err = update_section(&app.ctx, SettingsSection::Library(library))
        .await
        .expect_err("a relative staging folder is refused");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::Validation, Some("library.stagingDir")),
        "the page puts the message on the field: {err}"
    );
    assert_eq!(
        std::fs::read(app.dir.path().join("settings.json")).ok(),
        before,
        "nothing of a rejected section is written, not even its valid root"
    );
}

#[tokio::test]
async fn changes_by_two_processes_at_once_are_all_kept() {
    let app = TestApp::new().await;
    let cli = app.second_process().await;
    let rounds = 40;
    let window = {
        let ctx = app.ctx.clone();
        tokio::spawn(async move {
            for i in 0..rounds {
                let theme = if i % 2 == 0 { "light" } else { "dark" };
                aural_services::settings::set(&ctx, "general.theme", theme)
                    .await
                    .expect("theme");
            }
        })
    };
    for i in 0..rounds {
        let level = if i % 2 == 0 { "debug" } else { "warn" };
        aural_services::settings::set(&cli, "general.logLevel", level)
            .await
            .expect("log level");
    }
    window.await.expect("window task");
    // The window learns of the other process's last write from the file, a moment later.
    wait_until(
        "each process's last write to stand, neither overwriting the other's key",
        || async {
            let settings = app.ctx.settings().current();
            ((settings.general.theme, settings.general.log_level) == (Theme::Dark, LogLevel::Warn))
                .then_some(())
        },
    )
    .await;
}
