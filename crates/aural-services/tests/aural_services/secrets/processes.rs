//! Two real processes writing the same secrets file at once: the test binary runs itself twice
//! with only this test selected and an environment variable telling each copy what to write.

use std::process::Command;

use aural_core::Sensitive;
use aural_services::secrets::{SecretKind, SecretRef, SecretStore};

const WRITER: &str = "AURALARCHIVE_TEST_SECRET_WRITER";
const DIR: &str = "AURALARCHIVE_TEST_SECRET_DIR";
const WRITES: i64 = 200;

fn kind_of(writer: &str) -> SecretKind {
    match writer {
        "a" => SecretKind::Indexer,
        _ => SecretKind::DownloadClient,
    }
}

fn value(writer: &str, i: i64) -> String {
    format!("test-pass-{writer}-{i}")
}

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_writing_different_secrets_lose_none() {
    if let (Ok(writer), Ok(dir)) = (std::env::var(WRITER), std::env::var(DIR)) {
        let store = SecretStore::file(std::path::Path::new(&dir));
        for i in 1..=WRITES {
            store
                .set(
                    &SecretRef::new(kind_of(&writer), i),
                    &Sensitive::new(value(&writer, i)),
                )
                .await
                .expect("write");
        }
        return;
    }
    let dir = tempfile::tempdir().expect("temp");
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let name = "secrets::processes::two_processes_writing_different_secrets_lose_none";
    let children: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|writer| {
            Command::new(&exe)
                .args(["--exact", name, "--test-threads=1", "--nocapture"])
                .env(WRITER, writer)
                .env(DIR, dir.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("the test binary runs again")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("writer ends");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("running 1 test"),
            "the re-run binary must select this test by {name}: {stdout}"
        );
        assert!(
            out.status.success(),
            "a writer failed: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let store = SecretStore::file(dir.path());
    for writer in ["a", "b"] {
        for i in 1..=WRITES {
            let got = store
                .get::<String>(&SecretRef::new(kind_of(writer), i))
                .await
                .expect("read");
            assert_eq!(
                got.map(|s| s.expose().clone()),
                Some(value(writer, i)),
                "writer {writer}'s secret {i} survived the other's writes"
            );
        }
    }
}
