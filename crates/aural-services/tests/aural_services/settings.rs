use aural_core::ErrorCode;
use aural_services::settings::Theme;

use crate::support::{TestApp, open};

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
