//! The list import job: parse the whole file, then upsert in batches, each its own transaction.
//! A cancelled or failed import keeps the batches already committed; importing the file again
//! finishes the rest without duplicating anything, because rows are matched by ASIN or title+author.

use std::path::PathBuf;
use std::sync::Arc;

use aural_core::{BookStatus, JobParams, MetadataSource};

use super::list_file::{RowProblem, parse_list};
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::{AppEvent, Notice, NoticeLevel};
use crate::jobs::{JobHandle, JobTask};

const BATCH: usize = 2_000;
/// Larger files are not library lists: 250,000 books take about 60 MB.
const MAX_BYTES: u64 = 1 << 30;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportOutcome {
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: Vec<RowProblem>,
}

/// Starts the import; another import of the same file, queued or running, is refused, naming it.
pub async fn spawn_list_import(
    ctx: &AppContext,
    path: PathBuf,
) -> Result<JobTask<ImportOutcome>, ServiceError> {
    let size = tokio::fs::metadata(&path)
        .await
        .map_err(|e| ServiceError::ReadFile {
            path: path.clone(),
            source: e,
        })?
        .len();
    if size > MAX_BYTES {
        return Err(ServiceError::ListFormat {
            path,
            reason: format!("it is {size} bytes; a library list is far smaller"),
        });
    }
    let params = JobParams::ListImport {
        path: path.display().to_string(),
    };
    let job_ctx = ctx.clone();
    ctx.jobs()
        .spawn(ctx, params, "rows", move |handle| async move {
            let outcome = run(&job_ctx, &handle, &path).await;
            job_ctx
                .events()
                .publish(AppEvent::Notice(notice(&path, &outcome)));
            outcome
        })
        .await
}

async fn run(
    ctx: &AppContext,
    handle: &Arc<JobHandle>,
    path: &std::path::Path,
) -> Result<ImportOutcome, ServiceError> {
    let owned_path = path.to_path_buf();
    let list = tokio::task::spawn_blocking(move || {
        let bytes = std::fs::read(&owned_path).map_err(|e| ServiceError::ReadFile {
            path: owned_path.clone(),
            source: e,
        })?;
        parse_list(&owned_path, &bytes)
    })
    .await
    .map_err(|e| ServiceError::JobPanicked(e.to_string()))??;

    let total = list.rows.len() as u64;
    let mut outcome = ImportOutcome {
        rows: total + list.problems.len() as u64,
        skipped: list.problems,
        ..ImportOutcome::default()
    };
    handle
        .progress(0, Some(total), Some(format!("Importing {total} books")))
        .await?;
    let mut done = 0u64;
    for chunk in list.rows.chunks(BATCH) {
        handle.check_cancelled()?;
        let result = ctx
            .db()
            .books()
            .upsert_batch(chunk, MetadataSource::ListImport, BookStatus::Owned)
            .await?;
        outcome.inserted += result.inserted;
        outcome.updated += result.updated;
        outcome.unchanged += result.unchanged;
        done += chunk.len() as u64;
        handle
            .progress(
                done,
                Some(total),
                Some(format!("Imported {done} of {total} books")),
            )
            .await?;
    }
    handle
        .progress(done, Some(total), Some(summary(&outcome)))
        .await?;
    Ok(outcome)
}

fn notice(path: &std::path::Path, outcome: &Result<ImportOutcome, ServiceError>) -> Notice {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match outcome {
        Ok(o) => Notice {
            level: if o.skipped.is_empty() {
                NoticeLevel::Success
            } else {
                NoticeLevel::Warning
            },
            title: format!("Imported {name}"),
            body: Some(summary(o)),
        },
        Err(ServiceError::Cancelled) => Notice {
            level: NoticeLevel::Info,
            title: format!("Import of {name} cancelled"),
            body: Some(
                "Books imported before the cancel stay; importing the file again adds the rest."
                    .to_owned(),
            ),
        },
        Err(e) => Notice {
            level: NoticeLevel::Error,
            title: format!("Could not import {name}"),
            body: Some(e.to_string()),
        },
    }
}

fn summary(o: &ImportOutcome) -> String {
    format!(
        "{} new, {} updated, {} unchanged, {} skipped",
        o.inserted,
        o.updated,
        o.unchanged,
        o.skipped.len()
    )
}
