//! The application context: built once per process (app or CLI) and shared by every command and job.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aural_core::{Clock, SystemClock};
use aural_db::Db;
use aural_http::ClientSettings;

use crate::config::{AppConfig, ServiceUrls};
use crate::data_dir::{self, Access};
use crate::error::ServiceError;
use crate::events::EventBus;
use crate::jobs::JobRunner;
use crate::search::FoundReleases;
use crate::secrets::SecretStore;
use crate::settings::SettingsStore;
use crate::supervisor::Supervisor;

pub const DB_FILE: &str = "library.db";

#[derive(Debug, Clone)]
pub struct AppContext {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    data_dir: PathBuf,
    db: Db,
    events: EventBus,
    jobs: JobRunner,
    clock: Arc<dyn Clock>,
    settings: SettingsStore,
    secrets: SecretStore,
    http: aural_http::Client,
    urls: ServiceUrls,
    supervisor: Supervisor,
    found_releases: FoundReleases,
    /// Wakes the download monitor of this process when a download changed here, so a grab is
    /// watched at once instead of after the idle pause.
    monitor_wake: tokio::sync::Notify,
}

/// Opens an [`AppContext`]; what is not given is the production choice (system clock, the keychain
/// or its file fallback, the shared HTTP client, the configured service URLs).
#[must_use]
pub struct ContextBuilder {
    config: AppConfig,
    clock: Option<Arc<dyn Clock>>,
    secrets: Option<SecretStore>,
}

impl ContextBuilder {
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> ContextBuilder {
        self.clock = Some(clock);
        self
    }

    pub fn secrets(mut self, secrets: SecretStore) -> ContextBuilder {
        self.secrets = Some(secrets);
        self
    }

    /// Points the remote services elsewhere (tests: at loopback fakes).
    pub fn urls(mut self, urls: ServiceUrls) -> ContextBuilder {
        self.config.urls = urls;
        self
    }

    pub async fn open(self) -> Result<AppContext, ServiceError> {
        let ContextBuilder {
            config,
            clock,
            secrets,
        } = self;
        let AppConfig { data_dir, urls } = config;
        let access = data_dir::check(&data_dir)?;
        let clock = clock.unwrap_or_else(|| Arc::new(SystemClock));
        let secrets = match secrets {
            Some(secrets) => secrets,
            None => {
                let dir = data_dir.clone();
                // The keychain probe blocks on D-Bus, so it runs off the async threads.
                tokio::task::spawn_blocking(move || SecretStore::detect(&dir))
                    .await
                    .map_err(|e| ServiceError::JobPanicked(e.to_string()))?
            }
        };
        let http =
            aural_http::build_client(&ClientSettings::for_version(env!("CARGO_PKG_VERSION")))?;
        let events = EventBus::new();
        let settings = SettingsStore::load(&data_dir)?;
        let db_path = data_dir.join(DB_FILE);
        let db = match access {
            Access::ReadWrite => aural_db::connect(&db_path).await?,
            Access::ReadOnly => aural_db::connect_read_only(&db_path).await?,
        }
        .with_clock(clock.clone());
        let writable = access == Access::ReadWrite;
        let jobs = JobRunner::new(&data_dir, writable)?;
        let supervisor = Supervisor::new(&data_dir);
        let ctx = AppContext {
            inner: Arc::new(Inner {
                supervisor,
                data_dir,
                db,
                events,
                jobs,
                clock,
                settings,
                secrets,
                http,
                urls,
                found_releases: FoundReleases::default(),
                monitor_wake: tokio::sync::Notify::new(),
            }),
        };
        // Every start, of the app or the CLI, puts right what a process that died left `running`.
        // A read-only library can only be browsed, so its jobs wait for a start that may write.
        if writable {
            crate::jobs::interrupt_orphans(&ctx).await?;
            // An import a crash cut short is finished or undone before anything else looks at
            // the library; a failure here leaves the journal for `import recover` to retry.
            match crate::import::recover(&ctx).await {
                Ok(report) if !report.failed.is_empty() => {
                    tracing::warn!(
                        cards = report.failed.len(),
                        "interrupted imports could not all be recovered"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cannot recover interrupted imports"),
            }
        }
        Ok(ctx)
    }
}

impl AppContext {
    /// Opens the data folder of `config` with the production clock, secrets and HTTP client.
    pub async fn open(config: AppConfig) -> Result<AppContext, ServiceError> {
        AppContext::builder(config).open().await
    }

    pub fn builder(config: AppConfig) -> ContextBuilder {
        ContextBuilder {
            config,
            clock: None,
            secrets: None,
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// Ends this process's use of the library: stops its background loops (giving up leadership),
    /// cancels its jobs, waits for them to record how they ended, then closes the database.
    pub async fn close(&self) -> Result<(), ServiceError> {
        self.inner.supervisor.stop().await;
        self.inner.jobs.shutdown().await;
        Ok(self.inner.db.close().await?)
    }

    pub fn events(&self) -> &EventBus {
        &self.inner.events
    }

    pub fn jobs(&self) -> &JobRunner {
        &self.inner.jobs
    }

    pub fn clock(&self) -> &dyn Clock {
        self.inner.clock.as_ref()
    }

    /// The clock, for a client that keeps it (an Audible client signs requests with its time).
    pub fn shared_clock(&self) -> Arc<dyn Clock> {
        self.inner.clock.clone()
    }

    pub fn settings(&self) -> &SettingsStore {
        &self.inner.settings
    }

    pub fn secrets(&self) -> &SecretStore {
        &self.inner.secrets
    }

    /// The one HTTP client of the process: share it (it pools connections), send idempotent
    /// requests through [`aural_http::send`].
    pub fn http(&self) -> &aural_http::Client {
        &self.inner.http
    }

    pub fn urls(&self) -> &ServiceUrls {
        &self.inner.urls
    }

    pub fn supervisor(&self) -> &Supervisor {
        &self.inner.supervisor
    }

    /// The releases this process's searches found lately, for a grab to reach their links.
    pub fn found_releases(&self) -> &FoundReleases {
        &self.inner.found_releases
    }

    pub(crate) fn monitor_wake(&self) -> &tokio::sync::Notify {
        &self.inner.monitor_wake
    }
}
