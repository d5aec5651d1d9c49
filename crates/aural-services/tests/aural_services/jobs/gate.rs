//! A job body the test holds: it records that it started, then waits until the test opens the
//! gate or the job is cancelled. Queue and cancel tests depend on it instead of on a large file
//! being slow to import.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use aural_core::{JobId, JobParams};
use aural_services::jobs::{JobHandle, JobTask};
use aural_services::{AppContext, ServiceError};
use tokio::sync::Semaphore;

use crate::support::wait_until;

pub type Body = Pin<Box<dyn Future<Output = Result<u64, ServiceError>> + Send>>;

#[derive(Clone)]
pub struct Gate {
    permits: Arc<Semaphore>,
    started: Arc<Mutex<Vec<JobId>>>,
}

impl Gate {
    pub fn new() -> Gate {
        Gate {
            permits: Arc::new(Semaphore::new(0)),
            started: Arc::default(),
        }
    }

    /// The job body: reports one step of one, so a finished job shows `done == 1`.
    pub fn work(&self) -> impl FnOnce(Arc<JobHandle>) -> Body + Send + 'static {
        let gate = self.clone();
        move |handle| {
            Box::pin(async move {
                gate.started.lock().expect("started list").push(handle.id);
                tokio::select! {
                    () = handle.cancel.cancelled() => Err(ServiceError::Cancelled),
                    permit = gate.permits.acquire() => {
                        permit.expect("the gate is never closed").forget();
                        handle.progress(1, Some(1), None).await?;
                        Ok(1)
                    }
                }
            })
        }
    }

    /// Starts a held list import of `path` (no file is read).
    pub async fn spawn(&self, ctx: &AppContext, path: &str) -> JobTask<u64> {
        let params = JobParams::ListImport {
            path: path.to_owned(),
        };
        self.spawn_params(ctx, params).await
    }

    pub async fn spawn_params(&self, ctx: &AppContext, params: JobParams) -> JobTask<u64> {
        ctx.jobs()
            .spawn(ctx, params, "steps", self.work())
            .await
            .expect("a held job starts")
    }

    /// Lets one held job finish.
    pub fn open(&self) {
        self.permits.add_permits(1);
    }

    /// Waits until the body of job `id` runs.
    pub async fn started(&self, id: JobId) {
        wait_until(&format!("job {id} to start its work"), || async {
            self.started_jobs().contains(&id).then_some(())
        })
        .await;
    }

    /// The jobs whose body ran, in the order they started.
    pub fn started_jobs(&self) -> Vec<JobId> {
        self.started.lock().expect("started list").clone()
    }
}
