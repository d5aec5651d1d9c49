//! Background jobs: each runs as its own task with a cancellation token, is recorded in the `jobs`
//! table, and publishes throttled progress on the event bus. Each kind runs up to its concurrency
//! limit at once across every process; later jobs wait `queued`, in order within a process.
//! Identical work (the same dedupe key) is refused or joined, across processes, by a unique index
//! over queued and running jobs. A parent job ends only after its children have.

mod checkpoint;
mod elsewhere;
mod handle;
mod owner;
mod queue;
mod task;
mod throttle;

use std::collections::HashMap;
use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use aural_core::{
    Entity, JobId, JobKind, JobParams, JobProgress, JobRecord, JobState, Page, Paged, Timestamp,
};
use aural_db::{Created, DbError, JobEnd};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tokio_util::task::task_tracker::TaskTrackerToken;

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::AppEvent;

pub use self::elsewhere::progress_loop;
pub use self::handle::JobHandle;
pub use self::task::{JobTask, Spawned, outcome, wait_for_end};

use self::owner::Owner;
use self::queue::{Admission, Entry, Slot};

/// How often a job waiting for room left by another process looks again.
const ROOM_RECHECK: Duration = Duration::from_secs(1);

/// Owns every job task of this process, so shutdown can cancel them and wait.
#[derive(Debug)]
pub struct JobRunner {
    /// `None` when the data folder is read-only: then no job can be recorded.
    owner: Option<Owner>,
    tracker: TaskTracker,
    /// Queued and running jobs of this process.
    live: Mutex<HashMap<JobId, CancellationToken>>,
    admission: Admission,
    /// Parent of every top-level job's token: cancelled at shutdown, when running and queued jobs
    /// end as interrupted rather than cancelled. The user did not cancel them, and "interrupted"
    /// is what tells them (and a later start) that the work is still to be done.
    closing: CancellationToken,
    checkpoints: Arc<AtomicU64>,
}

/// What to start: the job's parameters, the unit its progress counts, and its parent if any.
pub(crate) struct Launch<'a> {
    pub params: JobParams,
    pub unit: &'a str,
    pub parent: Option<Parent>,
}

pub(crate) struct Parent {
    pub id: JobId,
    pub cancel: CancellationToken,
    /// Held by the child until its end is recorded; the parent waits for every one.
    pub waits: TaskTrackerToken,
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
            live: Mutex::default(),
            admission: Admission::new(),
            closing: CancellationToken::new(),
            checkpoints: Arc::default(),
        })
    }

    /// Records a new job, then runs `work` on its own task once its kind has a free slot. The job
    /// row ends as succeeded, failed or cancelled according to what `work` returns, or as
    /// interrupted when the process shuts down. A job identical to a queued or running one is
    /// refused, naming that job.
    pub async fn spawn<T, F, Fut>(
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
            parent: None,
        };
        self.spawn_new(ctx, launch, work).await
    }

    /// Like [`JobRunner::spawn`], but a job identical to a queued or running one (the same
    /// parameters) joins it instead of being refused.
    pub async fn spawn_or_join<T, F, Fut>(
        &self,
        ctx: &AppContext,
        params: JobParams,
        unit: &str,
        work: F,
    ) -> Result<Spawned<T>, ServiceError>
    where
        T: Send + 'static,
        F: FnOnce(Arc<JobHandle>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, ServiceError>> + Send + 'static,
    {
        let launch = Launch {
            params: params.clone(),
            unit,
            parent: None,
        };
        match self.launch(ctx, launch, work).await? {
            Ok(task) => Ok(Spawned::Started(task)),
            Err(holder) if holder.params == params => Ok(Spawned::Joined(holder.id)),
            Err(holder) => Err(duplicate(&holder)),
        }
    }

    pub(crate) async fn spawn_new<T, F, Fut>(
        &self,
        ctx: &AppContext,
        launch: Launch<'_>,
        work: F,
    ) -> Result<JobTask<T>, ServiceError>
    where
        T: Send + 'static,
        F: FnOnce(Arc<JobHandle>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, ServiceError>> + Send + 'static,
    {
        self.launch(ctx, launch, work)
            .await?
            .map_err(|holder| duplicate(&holder))
    }

    /// Starts the job, or hands back the queued or running job that already does the same work.
    async fn launch<T, F, Fut>(
        &self,
        ctx: &AppContext,
        launch: Launch<'_>,
        work: F,
    ) -> Result<Result<JobTask<T>, JobRecord>, ServiceError>
    where
        T: Send + 'static,
        F: FnOnce(Arc<JobHandle>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, ServiceError>> + Send + 'static,
    {
        // Without an owner the library is read-only: say so as every other write does.
        let owner = self.owner.as_ref().ok_or_else(|| DbError::ReadOnly {
            path: ctx.db().path().to_owned(),
        })?;
        let kind = launch.params.kind();
        let parent_id = launch.parent.as_ref().map(|p| p.id);
        let (entry, cancel, parent_waits) = match launch.parent {
            Some(parent) => (None, parent.cancel.child_token(), Some(parent.waits)),
            None => (
                Some(self.admission.enter(kind)),
                self.closing.child_token(),
                None,
            ),
        };
        // A top-level job runs once it has a place in this process and in the database, which
        // counts the jobs of other processes too; a child runs in its parent's place.
        let state = match &entry {
            Some(Entry::Later(_)) => JobState::Queued,
            Some(Entry::Now(_)) | None => JobState::Running,
        };
        let mut record = JobRecord {
            id: JobId::random(),
            kind,
            state,
            parent_id,
            params: launch.params,
            progress: JobProgress {
                done: 0,
                total: None,
                unit: launch.unit.to_owned(),
                message: None,
            },
            error_code: None,
            error: None,
            started_at: ctx.clock().now(),
            finished_at: None,
        };
        let may_start = matches!(entry, Some(Entry::Now(_)));
        record.state = match record_new(ctx, &record, &owner.token, may_start).await? {
            Ok(state) => state,
            Err(holder) => return Ok(Err(holder)),
        };
        let events = ctx.events().subscribe();
        ctx.events().publish(AppEvent::JobUpdated(record.clone()));
        self.live_jobs().insert(record.id, cancel.clone());
        let handle = Arc::new(JobHandle::new(
            ctx,
            record.clone(),
            cancel,
            self.checkpoints.clone(),
        ));
        let closing = self.closing.clone();
        let ctx = ctx.clone();
        let id = record.id;
        let join = self.tracker.spawn(async move {
            let admitted = admit(&ctx, &handle, entry).await;
            let (result, slot) = match admitted {
                Ok(slot) => {
                    tracing::info!(job_id = %id, kind = %kind, "job started");
                    let result = work(handle.clone()).await;
                    handle.wait_for_children(result.is_err()).await;
                    (result, slot)
                }
                Err(e) => (Err(e), None),
            };
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
            ctx.jobs().live_jobs().remove(&id);
            // Freed only now, so the next job of the kind starts after this one's row says it ended,
            // and a parent ends after this child's row does.
            drop(slot);
            drop(parent_waits);
            result
        });
        Ok(Ok(JobTask { id, join, events }))
    }

    /// The token this process's job rows carry as their owner; `None` when it records none.
    pub(crate) fn owner_token(&self) -> Option<&str> {
        self.owner.as_ref().map(|o| o.token.as_str())
    }

    /// Whether this process may record jobs: not when the data folder is read-only.
    pub fn records_jobs(&self) -> bool {
        self.owner.is_some()
    }

    /// How many times this process saved a running job's progress to its row, for the bench.
    pub fn progress_checkpoints(&self) -> u64 {
        self.checkpoints.load(Ordering::Relaxed)
    }

    /// Cancels every job of this process, queued or running, and waits for them to clean up.
    pub async fn shutdown(&self) {
        self.closing.cancel();
        self.tracker.close();
        self.tracker.wait().await;
        if let Some(owner) = &self.owner {
            owner.release();
        }
    }

    fn cancel(&self, id: JobId) -> bool {
        self.live_jobs()
            .get(&id)
            .cloned()
            .map(|t| t.cancel())
            .is_some()
    }

    fn live_jobs(&self) -> std::sync::MutexGuard<'_, HashMap<JobId, CancellationToken>> {
        // A map of tokens, each insert or remove whole: a panic elsewhere cannot tear it.
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Inserts the job's row, starting it when `may_start` and its kind has room in every process,
/// and returns the state it got. When a job with its dedupe key is queued or running, returns
/// that job, unless it belonged to a process that has ended: then it is marked interrupted and
/// the insert tried again.
async fn record_new(
    ctx: &AppContext,
    record: &JobRecord,
    owner: &str,
    may_start: bool,
) -> Result<Result<JobState, JobRecord>, ServiceError> {
    let create = || async {
        if may_start {
            ctx.db().jobs().create_and_start(record, owner).await
        } else {
            ctx.db().jobs().create(record, owner).await
        }
    };
    let holder = match create().await? {
        Created::New(state) => return Ok(Ok(state)),
        Created::Duplicate(holder) => holder,
    };
    if interrupt_orphans(ctx).await? == 0 {
        return Ok(Err(holder));
    }
    match create().await? {
        Created::New(state) => Ok(Ok(state)),
        Created::Duplicate(holder) => Ok(Err(holder)),
    }
}

/// Waits for the job's turn in this process and then, unless its row started when it was
/// recorded, for room among the running jobs of every process, and records its start. A job
/// cancelled while it waits never starts.
async fn admit(
    ctx: &AppContext,
    handle: &JobHandle,
    entry: Option<Entry>,
) -> Result<Option<Slot>, ServiceError> {
    let slot = match entry {
        None => return Ok(None),
        Some(Entry::Now(slot)) => slot,
        Some(Entry::Later(mut waiting)) => tokio::select! {
            biased;
            () = handle.cancel.cancelled() => return Err(ServiceError::Cancelled),
            slot = waiting.slot() => slot,
        },
    };
    if handle.snapshot().state == JobState::Running {
        return Ok(Some(slot));
    }
    let now = wait_for_room(ctx, handle).await?;
    let record = {
        let mut record = handle.record.lock().unwrap_or_else(PoisonError::into_inner);
        record.state = JobState::Running;
        record.started_at = now;
        record.progress.message = None;
        record.clone()
    };
    ctx.events().publish(AppEvent::JobUpdated(record));
    Ok(Some(slot))
}

/// Starts the job's row once fewer than its kind's limit run in any process (the CLI beside the
/// app), and returns when. Another process's job ending reaches this one through the change feed,
/// and a look every second covers a process without a tail.
async fn wait_for_room(ctx: &AppContext, handle: &JobHandle) -> Result<Timestamp, ServiceError> {
    let kind = handle.snapshot().kind;
    let mut events = ctx.events().subscribe();
    let mut said_why = false;
    loop {
        let now = ctx.clock().now();
        if ctx.db().jobs().start_if_room(handle.id, kind, now).await? {
            return Ok(now);
        }
        // A crashed process's job would otherwise hold its place forever.
        interrupt_orphans(ctx).await?;
        if !said_why {
            said_why = true;
            say_waiting(ctx, handle, kind);
        }
        let recheck = tokio::time::sleep(ROOM_RECHECK);
        tokio::pin!(recheck);
        loop {
            tokio::select! {
                biased;
                () = handle.cancel.cancelled() => return Err(ServiceError::Cancelled),
                () = &mut recheck => break,
                event = events.recv() => match event {
                    Ok(AppEvent::EntitiesChanged { entity: Entity::Job, .. })
                    | Err(broadcast::error::RecvError::Lagged(_)) => break,
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Closed) => {
                        return Err(ServiceError::JobPanicked("the event bus closed".to_owned()));
                    }
                },
            }
        }
    }
}

/// Tells the window and the CLI why a job that had its turn here still waits.
fn say_waiting(ctx: &AppContext, handle: &JobHandle, kind: JobKind) {
    let record = {
        let mut record = handle.record.lock().unwrap_or_else(PoisonError::into_inner);
        record.progress.message = Some(format!(
            "waiting: another process runs a {} (at most {} at once)",
            kind.as_str().replace('_', " "),
            kind.concurrency()
        ));
        record.clone()
    };
    ctx.events().publish(AppEvent::JobUpdated(record));
}

async fn finish(
    ctx: &AppContext,
    handle: &JobHandle,
    state: JobState,
    failure: Option<(aural_core::ErrorCode, String)>,
) -> Result<(), ServiceError> {
    let mut record = handle.snapshot();
    let end = JobEnd {
        state,
        progress: record.progress.clone(),
        error: failure.clone(),
        at: ctx.clock().now(),
    };
    ctx.db().jobs().finish(handle.id, &end).await?;
    record.state = state;
    record.finished_at = Some(end.at);
    if let Some((code, message)) = failure {
        record.error_code = Some(code);
        record.error = Some(message);
    }
    ctx.events().publish(AppEvent::JobUpdated(record));
    Ok(())
}

fn duplicate(holder: &JobRecord) -> ServiceError {
    ServiceError::DuplicateJob {
        id: holder.id,
        doing: holder.params.doing(),
    }
}

pub async fn list(ctx: &AppContext, page: Page) -> Result<Paged<JobRecord>, ServiceError> {
    Ok(ctx.db().jobs().list(page).await?)
}

/// Cancels a job run by this process; a queued one never starts. A job shown as running that
/// another process runs (the CLI) must be stopped there.
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
