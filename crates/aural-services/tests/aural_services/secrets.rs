use aural_core::Sensitive;
use aural_services::secrets::{SecretBackend, SecretRef, SecretStore};

#[test]
fn the_file_store_keeps_secrets_private_and_round_trips_them() {
    let dir = tempfile::tempdir().expect("temp");
    let store = SecretStore::file(dir.path());
    assert_eq!(store.backend(), SecretBackend::File);
    let key = SecretRef::new("indexer", "7");
    store
        .set(&key, &Sensitive::new("test-pass".to_owned()))
        .expect("set");
    assert_eq!(
        store
            .get(&key)
            .expect("get")
            .map(|s| s.expose().clone())
            .as_deref(),
        Some("test-pass")
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
    assert_eq!(
        format!("{:?}", store.get(&key).expect("get")),
        "Some(<redacted>)"
    );
    store.delete(&key).expect("delete");
    assert!(store.get(&key).expect("get").is_none());
}
