//! The list export as a job: visible in the activity list, cancellable, and run on a blocking
//! thread because it writes the file with blocking IO. Two exports to the same file are one job:
//! the second joins the first.

use std::path::PathBuf;

use aural_core::{JobParams, ListFormat};

use super::list_export::export_list_reporting;
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::jobs::Spawned;

pub async fn spawn_list_export(
    ctx: &AppContext,
    path: PathBuf,
    format: ListFormat,
) -> Result<Spawned<u64>, ServiceError> {
    let params = JobParams::ListExport {
        path: path.display().to_string(),
        format,
    };
    let job_ctx = ctx.clone();
    ctx.jobs()
        .spawn_or_join(ctx, params, "rows", move |handle| async move {
            let runtime = tokio::runtime::Handle::current();
            tokio::task::spawn_blocking(move || {
                // The database calls between file writes run on this blocking thread too.
                runtime.block_on(export_list_reporting(&job_ctx, &path, format, |rows| {
                    let handle = handle.clone();
                    async move {
                        handle.check_cancelled()?;
                        handle
                            .progress(rows, None, Some(format!("Exported {rows} books")))
                            .await
                    }
                }))
            })
            .await
            .map_err(|e| ServiceError::JobPanicked(e.to_string()))?
        })
        .await
}

/// Starts the export, or joins the one already writing `path`, and waits for it to end; returns
/// how many books the file holds. A read-only library cannot record a job but can still be
/// exported: then the export runs on a blocking thread without one.
pub async fn run_list_export(
    ctx: &AppContext,
    path: PathBuf,
    format: ListFormat,
) -> Result<u64, ServiceError> {
    if !ctx.jobs().records_jobs() {
        let ctx = ctx.clone();
        let runtime = tokio::runtime::Handle::current();
        return tokio::task::spawn_blocking(move || {
            runtime.block_on(export_list_reporting(&ctx, &path, format, |_| async {
                Ok(())
            }))
        })
        .await
        .map_err(|e| ServiceError::JobPanicked(e.to_string()))?;
    }
    match spawn_list_export(ctx, path, format).await? {
        Spawned::Started(task) => task.wait().await,
        Spawned::Joined(id) => {
            let job = crate::jobs::wait_for_end(ctx, id).await?;
            crate::jobs::outcome(&job)?;
            Ok(job.progress.done)
        }
    }
}
