//! Background jobs: each runs as its own task with a cancellation token, is recorded in the `jobs`
//! table, and publishes throttled progress on the event bus.

mod owner;
mod throttle;

use std::collections::HashMap;
use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use aural_core::{ErrorCode, JobId, JobKind, JobProgress, JobRecord, JobState, Page, Paged};
use aural_db::{Db, DbError};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::{AppEvent, EventBus};

use self::owner::Owner;
use self::throttle::Throttle;

/// Owns every job task of this process, so shutdown can cancel them and wait.
#[derive(Debug)]
pub struct JobRunner {
    /// `None` when the data folder is read-only: then no job can be recorded.
    owner: Option<Owner>,
    tracker: TaskTracker,
    running: Mutex<HashMap<JobId, CancellationToken>>,
    /// Parent of every job's token: cancelled at shutdown, when jobs end as interrupted (a rerun
    /// picks up where they stopped) rather than cancelled by the user.
    closing: CancellationToken,
}

/// What a job's work sees: its id, its cancellation token and a progress reporter.
#[derive(Debug)]
pub struct JobHandle {
    pub id: JobId,
    pub cancel: CancellationToken,
    record: Mutex<JobRecord>,
    throttle: Mutex<Throttle>,
    db: Db,
    events: EventBus,
}

impl JobHandle {
    /// Records and publishes progress when it moved enough to be worth showing.
    pub async fn progress(
        &self,
        done: u64,
        total: Option<u64>,
        message: Option<String>,
    ) -> Result<(), ServiceError> {
        let admitted = self
            .throttle
            .lock()
            .map(|mut t| t.admit(Instant::now(), done, total))
            .unwrap_or(true);
        if !admitted {
            return Ok(());
        }
        let record = {
            let Ok(mut record) = self.record.lock() else {
                return Ok(());
            };
            record.progress.done = done;
            record.progress.total = total;
            record.progress.message = message;
            record.clone()
        };
        self.db
            .jobs()
            .update_progress(record.id, &record.progress)
            .await?;
        self.events.publish(AppEvent::JobUpdated(record));
        Ok(())
    }

    pub fn check_cancelled(&self) -> Result<(), ServiceError> {
        if self.cancel.is_cancelled() {
            Err(ServiceError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// A started job whose result the caller may await; dropping it leaves the job running.
#[derive(Debug)]
pub struct JobTask<T> {
    id: JobId,
    join: JoinHandle<Result<T, ServiceError>>,
    events: broadcast::Receiver<AppEvent>,
}

impl<T> JobTask<T> {
    pub fn id(&self) -> JobId {
        self.id
    }

    pub async fn wait(self) -> Result<T, ServiceError> {
        self.wait_with_progress(|_| {}).await
    }

    /// Waits for the result, handing each published progress step of this job to `on_progress`.
    pub async fn wait_with_progress(
        mut self,
        mut on_progress: impl FnMut(&JobProgress) + Send,
    ) -> Result<T, ServiceError> {
        let mut join = self.join;
        loop {
            tokio::select! {
                joined = &mut join => {
                    return joined.map_err(|e| ServiceError::JobPanicked(e.to_string()))?;
                }
                event = self.events.recv() => match event {
                    Ok(AppEvent::JobUpdated(job)) if job.id == self.id => on_progress(&job.progress),
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => {
                        return join.await.map_err(|e| ServiceError::JobPanicked(e.to_string()))?;
                    }
                },
            }
        }
    }
}

impl JobRunner {
    /// The runner of this process, claiming its owner token in the data folder when it may write
    /// there.
    pub(crate) fn new(data_dir: &Path, writable: bool) -> Result<JobRunner, ServiceError> {
        let owner = if writable {
            Some(Owner::claim(data_dir).map_err(|e| ServiceError::data_dir(data_dir, e))?)
        } else {
            None
        };
        Ok(JobRunner {
            owner,
            tracker: TaskTracker::new(),
            running: Mutex::default(),
            closing: CancellationToken::new(),
        })
    }

    /// Records a new job, then runs `work` on its own task. The job row ends as succeeded, failed
    /// or cancelled according to what `work` returns, or as interrupted when the process shuts down.
    pub async fn spawn<T, F, Fut>(
        &self,
        ctx: &AppContext,
        kind: JobKind,
        params: serde_json::Value,
        unit: &str,
        work: F,
    ) -> Result<JobTask<T>, ServiceError>
    where
        T: Send + 'static,
        F: FnOnce(Arc<JobHandle>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, ServiceError>> + Send + 'static,
    {
        let record = JobRecord {
            id: JobId::random(),
            kind,
            state: JobState::Running,
            parent_id: None,
            params: params.to_string(),
            progress: JobProgress {
                done: 0,
                total: None,
                unit: unit.to_owned(),
                message: None,
            },
            error_code: None,
            error: None,
            started_at: ctx.clock().now(),
            finished_at: None,
        };
        // Without an owner the library is read-only: say so as every other write does.
        let owner = self.owner.as_ref().ok_or_else(|| DbError::ReadOnly {
            path: ctx.db().path().to_owned(),
        })?;
        ctx.db().jobs().create(&record, &owner.token).await?;
        let events = ctx.events().subscribe();
        ctx.events().publish(AppEvent::JobUpdated(record.clone()));
        let cancel = self.closing.child_token();
        let closing = self.closing.clone();
        if let Ok(mut running) = self.running.lock() {
            running.insert(record.id, cancel.clone());
        }
        let handle = Arc::new(JobHandle {
            id: record.id,
            cancel,
            record: Mutex::new(record.clone()),
            throttle: Mutex::new(Throttle::default()),
            db: ctx.db().clone(),
            events: ctx.events().clone(),
        });
        let ctx = ctx.clone();
        let id = record.id;
        let join = self.tracker.spawn(async move {
            tracing::info!(job_id = %id, kind = %kind, "job started");
            let result = work(handle.clone()).await;
            let (state, failure) = match &result {
                Ok(_) => (JobState::Succeeded, None),
                Err(ServiceError::Cancelled) if closing.is_cancelled() => {
                    (JobState::Interrupted, None)
                }
                Err(ServiceError::Cancelled) => (JobState::Cancelled, None),
                Err(e) => (JobState::Failed, Some((e.code(), e.to_string()))),
            };
            tracing::info!(job_id = %id, kind = %kind, state = %state, "job finished");
            if let Err(e) = finish(&ctx, &handle, state, failure).await {
                // Not an error line of its own: the caller still gets the job's result, and that
                // failure (a full disk) is usually why the row cannot be written either. The row
                // stays `running` until a start after this process has ended marks it interrupted.
                tracing::warn!(job_id = %id, error = %e, "could not record the end of a job");
            }
            if let Ok(mut running) = ctx.jobs().running.lock() {
                running.remove(&id);
            }
            result
        });
        Ok(JobTask { id, join, events })
    }

    /// Cancels every job of this process and waits for them to clean up.
    pub async fn shutdown(&self) {
        self.closing.cancel();
        self.tracker.close();
        self.tracker.wait().await;
        if let Some(owner) = &self.owner {
            owner.release();
        }
    }

    fn cancel(&self, id: JobId) -> bool {
        self.running
            .lock()
            .ok()
            .and_then(|r| r.get(&id).cloned())
            .map(|t| t.cancel())
            .is_some()
    }
}

async fn finish(
    ctx: &AppContext,
    handle: &JobHandle,
    state: JobState,
    failure: Option<(ErrorCode, String)>,
) -> Result<(), ServiceError> {
    let now = ctx.clock().now();
    ctx.db()
        .jobs()
        .finish(handle.id, state, failure.clone(), now)
        .await?;
    let record = {
        let mut record = handle
            .record
            .lock()
            .map(|r| r.clone())
            .map_err(|e| ServiceError::JobPanicked(e.to_string()))?;
        record.state = state;
        record.finished_at = Some(now);
        if let Some((code, message)) = failure {
            record.error_code = Some(code);
            record.error = Some(message);
        }
        record
    };
    ctx.events().publish(AppEvent::JobUpdated(record));
    Ok(())
}

pub async fn list(ctx: &AppContext, page: Page) -> Result<Paged<JobRecord>, ServiceError> {
    Ok(ctx.db().jobs().list(page).await?)
}

/// Cancels a job run by this process. A job shown as running that another process runs (the CLI)
/// must be stopped there.
pub async fn cancel(ctx: &AppContext, id: JobId) -> Result<JobRecord, ServiceError> {
    let job = ctx.db().jobs().get(id).await?;
    if job.state.is_finished() {
        return Ok(job);
    }
    if !ctx.jobs().cancel(id) {
        return Err(ServiceError::JobElsewhere(id));
    }
    Ok(job)
}

/// Marks as interrupted the jobs left `running` by processes that have ended (a crash, a kill),
/// leaving those of live processes — a CLI import beside the app — alone.
pub async fn interrupt_orphans(ctx: &AppContext) -> Result<u64, ServiceError> {
    let data_dir = ctx.data_dir();
    let interrupted = ctx
        .db()
        .jobs()
        .interrupt_orphans(|token| owner::is_gone(data_dir, token))
        .await?;
    if interrupted > 0 {
        tracing::warn!(
            interrupted,
            "jobs of an earlier run were cut off and are marked interrupted"
        );
    }
    Ok(interrupted)
}
