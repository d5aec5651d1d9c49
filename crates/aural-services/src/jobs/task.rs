//! A started job as its caller sees it: an id, and a result to await.

use std::time::Duration;

use aural_core::{JobId, JobProgress, JobRecord, JobState};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::AppEvent;

/// How often a wait for a job of another process looks at its row: that process's events do not
/// reach this one.
const RECHECK: Duration = Duration::from_secs(1);

/// A started job whose result the caller may await; dropping it leaves the job running.
#[derive(Debug)]
pub struct JobTask<T> {
    pub(super) id: JobId,
    pub(super) join: JoinHandle<Result<T, ServiceError>>,
    pub(super) events: broadcast::Receiver<AppEvent>,
}

/// What a start that may join an identical job gives.
#[derive(Debug)]
pub enum Spawned<T> {
    Started(JobTask<T>),
    /// The same work was already queued or running as this job, which the caller now follows.
    Joined(JobId),
}

impl<T> Spawned<T> {
    pub fn id(&self) -> JobId {
        match self {
            Spawned::Started(task) => task.id,
            Spawned::Joined(id) => *id,
        }
    }
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
                    // The end can win the race against updates still in the channel (the last
                    // progress among them): hand those over first.
                    loop {
                        match self.events.try_recv() {
                            Ok(AppEvent::JobUpdated(job)) if job.id == self.id => on_progress(&job.progress),
                            Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) => {}
                            Err(_) => break,
                        }
                    }
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

/// Waits until job `id` has ended, whichever process runs it, and returns its final row.
pub async fn wait_for_end(ctx: &AppContext, id: JobId) -> Result<JobRecord, ServiceError> {
    // Subscribed before the first look, so an end between the look and the wait is not missed.
    let mut events = ctx.events().subscribe();
    let mut recheck = tokio::time::interval(RECHECK);
    loop {
        tokio::select! {
            _ = recheck.tick() => {
                let job = ctx.db().jobs().get(id).await?;
                if job.state.is_finished() {
                    return Ok(job);
                }
            }
            event = events.recv() => match event {
                Ok(AppEvent::JobUpdated(job)) if job.id == id && job.state.is_finished() => {
                    return Ok(job);
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => {
                    return Err(ServiceError::JobPanicked("the event bus closed".to_owned()));
                }
            },
        }
    }
}

/// The result of a joined job, from its final row: the error it ended with, if any.
pub fn outcome(job: &JobRecord) -> Result<(), ServiceError> {
    match job.state {
        JobState::Succeeded => Ok(()),
        JobState::Cancelled | JobState::Interrupted => Err(ServiceError::Cancelled),
        _ => Err(ServiceError::JoinedJobFailed {
            id: job.id,
            code: job.error_code.unwrap_or(aural_core::ErrorCode::Unknown),
            message: job.error.clone().unwrap_or_else(|| job.state.to_string()),
        }),
    }
}
