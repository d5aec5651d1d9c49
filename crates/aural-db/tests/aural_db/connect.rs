use aural_core::{BookSource, BookStatus, ErrorCode};
use aural_db::DbError;

use crate::support::{book, open};

#[tokio::test]
async fn every_pooled_connection_has_the_pragmas() {
    let t = open().await;
    let pragmas =
        t.db.connection_pragmas()
            .await
            .expect("pragmas can be read");
    assert!(
        pragmas.len() >= 2,
        "several connections are checked, got {}",
        pragmas.len()
    );
    for p in pragmas {
        assert_eq!(
            p.journal_mode, "wal",
            "WAL lets the CLI and the app share the file"
        );
        assert!(p.foreign_keys, "join rows must cascade with their book");
        assert_eq!(
            p.busy_timeout_ms, 5_000,
            "writers wait for each other instead of failing at once"
        );
        assert_eq!(
            p.synchronous, 1,
            "NORMAL is durable enough under WAL and much faster than FULL"
        );
    }
}

#[tokio::test]
async fn reopening_runs_migrations_once_and_keeps_the_data() {
    let t = open().await;
    let path = t.db.path().to_owned();
    t.db.books()
        .upsert_batch(
            &[book("Dune", &["Frank Herbert"])],
            &BookSource::list_import(),
            BookStatus::Owned,
        )
        .await
        .expect("a book is written");
    drop(t.db);
    for _ in 0..2 {
        let db = aural_db::connect(&path)
            .await
            .expect("an up-to-date database opens again");
        let stats = db
            .stats()
            .library_stats(aural_core::Timestamp(0))
            .await
            .expect("stats read");
        assert_eq!(stats.total_books, 1, "reopening keeps the book");
    }
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.db");
    let content = "this is a shopping list, not a database\n".repeat(200);
    std::fs::write(&path, &content).expect("the file can be written");
    let err = aural_db::connect(&path)
        .await
        .expect_err("a text file is not a database");
    assert!(matches!(err, DbError::NotADatabase { .. }), "got {err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the message names the file: {message}"
    );
    assert!(
        message.contains("AURALARCHIVE_DATA_DIR"),
        "the message says how to fix it: {message}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("file still readable"),
        content,
        "the file is untouched"
    );
    assert!(
        !dir.path().join("library.db-wal").exists(),
        "no WAL file is created next to it"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_folder_that_cannot_be_written_gives_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().expect("temp dir");
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).expect("folder");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    // root ignores permission bits; a path under a regular file fails for every user the same way.
    let probe = locked.join("probe");
    let path = if std::fs::write(&probe, b"x").is_ok() {
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"x").expect("file");
        file.join("library.db")
    } else {
        locked.join("library.db")
    };
    let err = aural_db::connect(&path)
        .await
        .expect_err("the database cannot be created there");
    assert!(
        matches!(
            err,
            DbError::CannotOpen { .. } | DbError::ReadOnly { .. } | DbError::LockFile { .. }
        ),
        "got {err:?}"
    );
    assert_eq!(err.code(), ErrorCode::ReadOnly);
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the message names the path: {message}"
    );
    assert!(
        message.contains("writable"),
        "the message says what to fix: {message}"
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[tokio::test]
async fn a_read_only_connection_reads_the_library_and_refuses_writes() {
    let t = open().await;
    let dune = [book("Dune", &["Frank Herbert"])];
    t.db.books()
        .upsert_batch(&dune, &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("a book is written");
    let path = t.db.path().to_owned();
    let reader = aural_db::connect_read_only(&path)
        .await
        .expect("an up-to-date database opens for reading");
    let stats = reader
        .stats()
        .library_stats(aural_core::Timestamp(0))
        .await
        .expect("stats read");
    assert_eq!(
        stats.total_books, 1,
        "the book still in the WAL file is seen"
    );
    let err = reader
        .books()
        .upsert_batch(
            &[book("Emma", &["Jane Austen"])],
            &BookSource::list_import(),
            BookStatus::Owned,
        )
        .await
        .expect_err("a read-only connection cannot write");
    assert!(matches!(err, DbError::ReadOnly { .. }), "got {err:?}");
    assert_eq!(err.code(), ErrorCode::ReadOnly);
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()) && message.contains("read-only"),
        "the message names the file and the cause: {message}"
    );
}

#[tokio::test]
async fn a_read_only_connection_refuses_a_database_that_needs_migrations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.db");
    raw_sql(&path, "CREATE TABLE notes (text TEXT)").await;
    let before = std::fs::read(&path).expect("file");
    let err = aural_db::connect_read_only(&path)
        .await
        .expect_err("migrating needs write access");
    assert!(
        matches!(err, DbError::ReadOnlyOutdated { .. }),
        "got {err:?}"
    );
    assert_eq!(err.code(), ErrorCode::ReadOnly);
    assert_eq!(
        std::fs::read(&path).expect("file still there"),
        before,
        "the file is left as it was"
    );
}

#[tokio::test]
async fn a_zero_byte_library_is_reported_not_made_a_new_library() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.db");
    std::fs::write(&path, b"").expect("the file can be written");
    for (how, result) in [
        ("read-write", aural_db::connect(&path).await),
        ("read-only", aural_db::connect_read_only(&path).await),
    ] {
        let err = result.expect_err("an empty file is not a library");
        assert!(
            matches!(err, DbError::EmptyFile { .. }),
            "{how}: got {err:?}"
        );
        assert!(
            err.to_string().contains("0 bytes") && err.to_string().contains("backup"),
            "{how}: the message says what is wrong and what to do: {err}"
        );
        assert_eq!(
            std::fs::metadata(&path).expect("file still there").len(),
            0,
            "{how}: the file is left for the user to restore"
        );
    }
}

#[tokio::test]
async fn a_library_of_a_newer_version_asks_for_an_upgrade_for_reads_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.db");
    let db = aural_db::connect(&path)
        .await
        .expect("a fresh database opens");
    db.close().await.expect("closed");
    raw_sql(
        &path,
        "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20990101_000001_future', 0)",
    )
    .await;
    for (how, result) in [
        ("read-write", aural_db::connect(&path).await),
        ("read-only", aural_db::connect_read_only(&path).await),
    ] {
        let err = result.expect_err("the schema is newer than this code");
        assert!(
            matches!(err, DbError::NewerVersion { .. }),
            "{how}: got {err:?}"
        );
        assert!(
            err.to_string()
                .contains("made by a newer version of AuralArchive; upgrade"),
            "{how}: {err}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_opens_at_the_same_time_all_succeed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.db");
    let opens: Vec<_> = (0..8)
        .map(|_| {
            let path = path.clone();
            tokio::spawn(async move { aural_db::connect(&path).await })
        })
        .collect();
    for (i, open) in opens.into_iter().enumerate() {
        let db = open
            .await
            .expect("the task ran")
            .unwrap_or_else(|e| panic!("open {i} failed: {e:?}"));
        db.close().await.expect("closed");
    }
}

/// Changes the file behind the crate's back, as another program (or a newer version) would.
async fn raw_sql(path: &std::path::Path, sql: &str) {
    use sea_orm::ConnectionTrait;
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let conn = sea_orm::Database::connect(&url).await.expect("raw open");
    conn.execute_unprepared(sql).await.expect("raw SQL runs");
    conn.close().await.expect("raw close");
}
