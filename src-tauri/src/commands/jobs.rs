use aural_api::dto::{JobDto, JobPage};
use aural_api::{ApiError, AppContext};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_jobs(
    ctx: State<'_, AppContext>,
    page: u32,
    per_page: u32,
) -> Result<JobPage, ApiError> {
    aural_api::jobs::list_jobs(&ctx, page, per_page).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_job(ctx: State<'_, AppContext>, id: String) -> Result<JobDto, ApiError> {
    aural_api::jobs::cancel_job(&ctx, id).await
}
