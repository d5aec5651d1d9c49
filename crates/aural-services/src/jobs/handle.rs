//! What a job's work sees: its id, its cancellation token, a progress reporter, and a way to start
//! child jobs.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use aural_core::{JobId, JobParams, JobRecord};
use aural_db::Db;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::checkpoint::Checkpoint;
use super::task::JobTask;
use super::throttle::Throttle;
use super::{Launch, Parent};
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::{AppEvent, EventBus};

#[derive(Debug)]
pub struct JobHandle {
    pub id: JobId,
    pub cancel: CancellationToken,
    pub(super) record: Mutex<JobRecord>,
    throttle: Mutex<Throttle>,
    checkpoint: Mutex<Checkpoint>,
    db: Db,
    events: EventBus,
    checkpoints: Arc<AtomicU64>,
    /// The children's tasks; cancelled on their own when this job's work fails.
    children: TaskTracker,
    children_cancel: CancellationToken,
}

impl JobHandle {
    pub(super) fn new(
        ctx: &AppContext,
        record: JobRecord,
        cancel: CancellationToken,
        checkpoints: Arc<AtomicU64>,
    ) -> JobHandle {
        JobHandle {
            id: record.id,
            children: TaskTracker::new(),
            children_cancel: cancel.child_token(),
            cancel,
            record: Mutex::new(record),
            throttle: Mutex::new(Throttle::default()),
            checkpoint: Mutex::new(Checkpoint::from(Instant::now())),
            db: ctx.db().clone(),
            events: ctx.events().clone(),
            checkpoints,
        }
    }

    /// Publishes progress when it moved enough to be worth showing, and saves it to the job's row
    /// every few seconds for a restart to resume from.
    pub async fn progress(
        &self,
        done: u64,
        total: Option<u64>,
        message: Option<String>,
    ) -> Result<(), ServiceError> {
        let now = Instant::now();
        if !lock(&self.throttle).admit(now, done, total) {
            return Ok(());
        }
        let record = {
            let mut record = lock(&self.record);
            record.progress.done = done;
            record.progress.total = total;
            record.progress.message = message;
            record.clone()
        };
        self.events.publish(AppEvent::JobUpdated(record.clone()));
        if lock(&self.checkpoint).due(now) {
            self.db.jobs().checkpoint(self.id, &record.progress).await?;
            self.checkpoints.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    pub fn check_cancelled(&self) -> Result<(), ServiceError> {
        if self.cancel.is_cancelled() {
            Err(ServiceError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Starts a child job (one per file, one per indexer). It runs in this job's slot rather than
    /// queueing behind its own kind's limit, so a parent cannot wait on children that wait on it;
    /// the parent bounds how many run at once. Cancelling this job cancels its children, and this
    /// job's end is recorded only after theirs: a parent never shows as ended while a child runs.
    pub async fn spawn_child<T, F, Fut>(
        &self,
        ctx: &AppContext,
        params: JobParams,
        unit: &str,
        work: F,
    ) -> Result<JobTask<T>, ServiceError>
    where
        T: Send + 'static,
        F: FnOnce(Arc<JobHandle>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, ServiceError>> + Send + 'static,
    {
        let launch = Launch {
            params,
            unit,
            parent: Some(Parent {
                id: self.id,
                cancel: self.children_cancel.clone(),
                waits: self.children.token(),
            }),
        };
        ctx.jobs().spawn_new(ctx, launch, work).await
    }

    /// Waits until every child has recorded its end, cancelling them first when this job's work
    /// failed: what they do is no longer wanted.
    pub(super) async fn wait_for_children(&self, failed: bool) {
        if failed {
            self.children_cancel.cancel();
        }
        self.children.close();
        self.children.wait().await;
    }

    pub(super) fn snapshot(&self) -> JobRecord {
        lock(&self.record).clone()
    }
}

/// The guarded values are plain data replaced whole, so a panic elsewhere cannot tear them.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
