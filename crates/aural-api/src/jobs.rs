//! The activity list: jobs that ran or run, and cancelling them.

use aural_core::JobId;
use aural_services::AppContext;
use aural_services::jobs;

use crate::dto::{ApiError, JobDto, JobPage};
use crate::error_map::from_service;

pub async fn list_jobs(ctx: &AppContext, page: u32, per_page: u32) -> Result<JobPage, ApiError> {
    let list = jobs::list(ctx, crate::paging::page(page, per_page)?)
        .await
        .map_err(from_service)?;
    Ok(JobPage::map(&list, |row| JobDto::from(row)))
}

pub async fn cancel_job(ctx: &AppContext, id: String) -> Result<JobDto, ApiError> {
    let id: JobId = id
        .parse()
        .map_err(|e: aural_core::InvalidId| ApiError::validation("job", e.to_string()))?;
    let job = jobs::cancel(ctx, id).await.map_err(from_service)?;
    Ok(JobDto::from(&job))
}
