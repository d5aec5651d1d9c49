//! A temp data folder with an open [`AppContext`]: fixed clock, in-memory secrets, and the
//! production service URLs unless a test points them at its fakes.

use std::path::Path;
use std::sync::Arc;

use aural_services::secrets::SecretStore;
use aural_services::{AppConfig, AppContext, ServiceUrls};
use tempfile::TempDir;

use crate::clock::FixedClock;

pub struct TestApp {
    /// Held so the folder lives as long as the test.
    pub dir: TempDir,
    pub clock: Arc<FixedClock>,
    pub ctx: AppContext,
    urls: ServiceUrls,
}

#[must_use]
pub struct TestAppBuilder {
    urls: ServiceUrls,
}

impl TestAppBuilder {
    /// Points Audible, Amazon and Audnexus at the given URLs (loopback fakes).
    pub fn urls(mut self, urls: ServiceUrls) -> TestAppBuilder {
        self.urls = urls;
        self
    }

    pub async fn open(self) -> TestApp {
        let dir = tempfile::tempdir().expect("a temp dir can be created");
        let clock = Arc::new(FixedClock::default());
        let ctx = open_context(dir.path(), &clock, &self.urls).await;
        TestApp {
            dir,
            clock,
            ctx,
            urls: self.urls,
        }
    }
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            urls: ServiceUrls::default(),
        }
    }

    pub async fn new() -> TestApp {
        TestApp::builder().open().await
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// A second context on the same data folder, as the CLI opens it while the app runs.
    pub async fn second_process(&self) -> AppContext {
        open_context(self.dir.path(), &self.clock, &self.urls).await
    }
}

/// A context on the data folder `dir` (which may hold files the test wrote first), with a fixed
/// clock, in-memory secrets and the production service URLs.
pub async fn open_at(dir: &Path) -> AppContext {
    open_context(
        dir,
        &Arc::new(FixedClock::default()),
        &ServiceUrls::default(),
    )
    .await
}

async fn open_context(dir: &Path, clock: &Arc<FixedClock>, urls: &ServiceUrls) -> AppContext {
    AppContext::builder(AppConfig::at(dir.to_path_buf()))
        .clock(clock.clone())
        .secrets(SecretStore::in_memory())
        .urls(urls.clone())
        .open()
        .await
        .expect("a context opens on a fresh temp dir")
}
