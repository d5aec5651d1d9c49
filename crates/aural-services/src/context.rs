//! The application context: built once per process (app or CLI) and shared by every command and job.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aural_core::{Clock, SystemClock};
use aural_db::Db;

use crate::config::AppConfig;
use crate::data_dir::{self, Access};
use crate::error::ServiceError;
use crate::events::EventBus;
use crate::jobs::JobRunner;
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
    supervisor: Supervisor,
}

impl AppContext {
    pub async fn open(config: AppConfig) -> Result<AppContext, ServiceError> {
        let dir = config.data_dir.clone();
        // The keychain probe blocks on D-Bus, so it runs off the async threads.
        let secrets = tokio::task::spawn_blocking(move || SecretStore::detect(&dir))
            .await
            .map_err(|e| ServiceError::JobPanicked(e.to_string()))?;
        AppContext::open_with(config, Arc::new(SystemClock), |_| secrets).await
    }

    /// Like [`AppContext::open`] with an injected clock and secret store, for tests.
    pub async fn open_with(
        config: AppConfig,
        clock: Arc<dyn Clock>,
        secrets: impl FnOnce(&Path) -> SecretStore,
    ) -> Result<AppContext, ServiceError> {
        let data_dir = config.data_dir;
        let access = data_dir::check(&data_dir)?;
        let events = EventBus::new();
        let settings = SettingsStore::load(&data_dir)?;
        let db_path = data_dir.join(DB_FILE);
        let db = match access {
            Access::ReadWrite => aural_db::connect(&db_path).await?,
            Access::ReadOnly => aural_db::connect_read_only(&db_path).await?,
        }
        .with_clock(clock.clone());
        let secrets = secrets(&data_dir);
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
            }),
        };
        // Every start, of the app or the CLI, puts right what a process that died left `running`.
        // A read-only library can only be browsed, so its jobs wait for a start that may write.
        if writable {
            crate::jobs::interrupt_orphans(&ctx).await?;
        }
        Ok(ctx)
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

    pub fn settings(&self) -> &SettingsStore {
        &self.inner.settings
    }

    pub fn secrets(&self) -> &SecretStore {
        &self.inner.secrets
    }

    pub fn supervisor(&self) -> &Supervisor {
        &self.inner.supervisor
    }
}
