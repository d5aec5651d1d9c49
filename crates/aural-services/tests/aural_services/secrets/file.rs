use aural_core::{ErrorCode, Sensitive};
use aural_services::ServiceError;
use aural_services::secrets::{SecretBackend, SecretError, SecretKind, SecretRef, SecretStore};
use serde::{Deserialize, Serialize};

/// Shaped like an Audible auth bundle: several values stored as one secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AuthBundle {
    access_token: String,
    refresh_token: String,
    expires: i64,
    cookies: Vec<(String, String)>,
}

fn bundle() -> AuthBundle {
    AuthBundle {
        access_token: "Atna|test-access".to_owned(),
        refresh_token: "Atnr|test-refresh".to_owned(),
        expires: 1_764_000_000,
        cookies: vec![("session-id".to_owned(), "test-cookie".to_owned())],
    }
}

#[tokio::test]
async fn the_file_store_keeps_typed_secrets_private_and_round_trips_them() {
    let dir = tempfile::tempdir().expect("temp");
    let store = SecretStore::file(dir.path());
    assert_eq!(store.backend(), SecretBackend::File);
    let key = SecretRef::new(SecretKind::Indexer, 7);
    let account = SecretRef::new(SecretKind::AudibleAccount, 3);
    store
        .set(&key, &Sensitive::new("test-pass".to_owned()))
        .await
        .expect("set a string");
    store
        .set(&account, &Sensitive::new(bundle()))
        .await
        .expect("set a bundle");

    let got = store.get::<String>(&key).await.expect("get");
    assert_eq!(got.as_ref().map(|s| s.expose().as_str()), Some("test-pass"));
    assert_eq!(format!("{got:?}"), "Some(<redacted>)");
    let got = store.get::<AuthBundle>(&account).await.expect("get bundle");
    assert_eq!(
        got.map(|b| b.expose().clone()),
        Some(bundle()),
        "one JSON secret, read back whole"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("secrets.json"))
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "only the user may read the secrets file"
        );
    }

    store.delete(&key).await.expect("delete");
    assert!(store.get::<String>(&key).await.expect("get").is_none());
    store
        .delete(&key)
        .await
        .expect("deleting a missing secret is no error");
    assert!(
        store
            .get::<AuthBundle>(&account)
            .await
            .expect("get")
            .is_some(),
        "the other stays"
    );
}

#[tokio::test]
async fn a_secret_read_as_another_type_is_a_typed_error_that_does_not_quote_it() {
    let dir = tempfile::tempdir().expect("temp");
    let store = SecretStore::file(dir.path());
    let key = SecretRef::new(SecretKind::AudibleAccount, 1);
    store
        .set(&key, &Sensitive::new("test-pass-quoted".to_owned()))
        .await
        .expect("set");
    let err = store
        .get::<AuthBundle>(&key)
        .await
        .expect_err("a string is no bundle");
    assert!(matches!(err, SecretError::Mismatch { .. }), "{err:?}");
    let service = ServiceError::from(err);
    assert_eq!(service.code(), ErrorCode::Corrupt);
    let text = format!(
        "{service} {:?} {}",
        service,
        service.hint().unwrap_or_default()
    );
    assert!(text.contains("audible/1"), "names the secret: {text}");
    assert!(
        !text.contains("test-pass-quoted"),
        "never the value: {text}"
    );
}

#[tokio::test]
async fn a_corrupt_secrets_file_is_kept_aside_reported_and_never_overwritten() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("secrets.json");
    let damaged = br#"{"indexer/1": "test-pass-in-damaged-file", "client/2": "#;
    std::fs::write(&path, damaged).expect("write damaged file");
    let store = SecretStore::file(dir.path());
    let key = SecretRef::new(SecretKind::Indexer, 1);

    let err = store.get::<String>(&key).await.expect_err("damaged file");
    let SecretError::CorruptFile {
        kept: Some(kept),
        line,
        ..
    } = &err
    else {
        panic!("expected a corrupt-file error that kept the file, got {err:?}");
    };
    assert_eq!(*line, 1);
    assert_eq!(
        std::fs::read(kept).expect("kept file exists"),
        damaged,
        "the damaged bytes are kept exactly"
    );
    assert!(!path.exists(), "moved aside, so nothing overwrites it");
    let service = ServiceError::from(err);
    assert_eq!(service.code(), ErrorCode::Corrupt);
    let text = format!("{service}. {}", service.hint().unwrap_or_default());
    assert!(
        text.contains("secrets.json.corrupt-1"),
        "says where it went: {text}"
    );
    assert!(!text.contains("test-pass-in-damaged-file"), "{text}");

    store
        .set(&key, &Sensitive::new("test-pass-new".to_owned()))
        .await
        .expect("a new file starts");
    assert_eq!(
        std::fs::read(dir.path().join("secrets.json.corrupt-1")).expect("kept"),
        damaged,
        "writing again leaves the kept file alone"
    );

    // Damaged again, and found by a write this time: the write fails and the first kept copy stays.
    std::fs::write(&path, b"not json").expect("damage again");
    let err = store
        .set(&key, &Sensitive::new("test-pass-lost".to_owned()))
        .await
        .expect_err("a write onto a damaged file fails");
    assert!(
        matches!(&err, SecretError::CorruptFile { kept: Some(k), .. } if k.ends_with("secrets.json.corrupt-2")),
        "{err:?}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("secrets.json.corrupt-2")).expect("kept"),
        b"not json"
    );
    assert!(!path.exists(), "the failed write wrote nothing");
}
