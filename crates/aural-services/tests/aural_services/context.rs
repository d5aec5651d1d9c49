use aural_core::ErrorCode;
use aural_services::{AppConfig, AppContext};

#[tokio::test]
async fn a_database_file_that_is_not_sqlite_is_named_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp");
    let db = dir.path().join("library.db");
    let garbage = b"this is a shopping list, not a database\n".repeat(200);
    std::fs::write(&db, &garbage).expect("write");
    let err = AppContext::open(AppConfig::at(dir.path().to_path_buf()))
        .await
        .expect_err("not sqlite");
    assert!(
        matches!(err.code(), ErrorCode::Corrupt),
        "{:?}: {err}",
        err.code()
    );
    assert!(
        err.to_string().contains("library.db"),
        "the message names the file: {err}"
    );
    assert!(
        err.to_string().contains("move it away"),
        "the user is told what to do: {err}"
    );
    assert_eq!(
        std::fs::read(&db).expect("read"),
        garbage,
        "the file is not modified"
    );
}

#[tokio::test]
async fn a_data_folder_that_cannot_be_created_is_named() {
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").expect("write");
    let data_dir = file.join("data");
    let err = AppContext::open(AppConfig::at(data_dir.clone()))
        .await
        .expect_err("parent is a file");
    assert!(
        err.to_string().contains(&data_dir.display().to_string()),
        "{err}"
    );
    assert!(
        err.hint()
            .is_some_and(|h| h.contains("another data folder")),
        "{:?}",
        err.hint()
    );
}

#[test]
fn the_flag_wins_over_the_environment() {
    let dir = std::path::PathBuf::from("/tmp/from-flag");
    assert_eq!(
        AppConfig::resolve(Some(dir.clone()))
            .expect("resolve")
            .data_dir,
        dir
    );
}
