use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use aural_core::{Clock, Timestamp};
use aural_services::secrets::SecretStore;
use aural_services::{AppConfig, AppContext};
use tempfile::TempDir;

/// A clock tests move by hand.
#[derive(Debug)]
pub struct FixedClock(AtomicI64);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}

pub const NOW: i64 = 1_764_000_000_000;

pub struct TestApp {
    pub dir: TempDir,
    pub ctx: AppContext,
}

impl TestApp {
    pub async fn new() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let ctx = open(dir.path()).await;
        TestApp { dir, ctx }
    }

    /// A second context on the same data folder, as the CLI opens it while the app runs.
    pub async fn second_process(&self) -> AppContext {
        open(self.dir.path()).await
    }
}

pub async fn open(dir: &Path) -> AppContext {
    AppContext::open_with(
        AppConfig {
            data_dir: dir.to_path_buf(),
        },
        Arc::new(FixedClock(AtomicI64::new(NOW))),
        |_| SecretStore::in_memory(),
    )
    .await
    .expect("context opens on a fresh temp dir")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/lists")
        .join(name)
}

/// Polls `check` until it returns Some or the deadline passes; the panic names what was awaited.
pub async fn wait_until<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
