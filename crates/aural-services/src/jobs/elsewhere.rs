//! Progress of the jobs other processes run (an import started from the CLI while the window is
//! open). Their events stay in their own process, so this loop reads their rows, which they save
//! every few seconds, and publishes what moved as `JobUpdated`, as if the job ran here.

use std::collections::HashMap;
use std::time::Duration;

use aural_core::{JobId, JobProgress};
use tokio_util::sync::CancellationToken;

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::AppEvent;
use crate::supervisor::Loop;

const LOOK_EVERY: Duration = Duration::from_secs(1);

pub fn progress_loop() -> Loop {
    Loop::every_process("other processes' job progress", follow)
}

async fn follow(ctx: AppContext, stop: CancellationToken) -> Result<(), ServiceError> {
    let mut seen = HashMap::new();
    let mut look = tokio::time::interval(LOOK_EVERY);
    loop {
        tokio::select! {
            () = stop.cancelled() => return Ok(()),
            _ = look.tick() => {
                // A busy database is tried again at the next look, without the restart and
                // notice a failed loop gets.
                if let Err(e) = publish_moved(&ctx, &mut seen).await {
                    tracing::warn!(error = %e, "could not read the progress of other processes' jobs");
                }
            }
        }
    }
}

/// Publishes the jobs of other processes whose saved progress differs from what was last
/// published, and forgets the jobs that stopped running (their end comes through the change feed).
async fn publish_moved(
    ctx: &AppContext,
    seen: &mut HashMap<JobId, JobProgress>,
) -> Result<(), ServiceError> {
    let running = ctx.db().jobs().running(ctx.jobs().owner_token()).await?;
    seen.retain(|id, _| running.iter().any(|job| job.id == *id));
    for job in running {
        if seen.get(&job.id) == Some(&job.progress) {
            continue;
        }
        seen.insert(job.id, job.progress.clone());
        ctx.events().publish(AppEvent::JobUpdated(job));
    }
    Ok(())
}
