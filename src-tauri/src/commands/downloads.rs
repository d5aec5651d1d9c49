use aural_api::dto::{DownloadDetailDto, DownloadDto, DownloadPage};
use aural_api::{ApiError, AppContext};
use aural_core::DownloadState;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_downloads(
    ctx: State<'_, AppContext>,
    states: Vec<DownloadState>,
    page: u32,
    per_page: u32,
) -> Result<DownloadPage, ApiError> {
    aural_api::downloads::list_downloads(&ctx, states, page, per_page).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_download(
    ctx: State<'_, AppContext>,
    id: i64,
) -> Result<DownloadDetailDto, ApiError> {
    aural_api::downloads::get_download(&ctx, id).await
}

/// Grabs a release the last searches found, by its key.
#[tauri::command]
#[specta::specta]
pub async fn grab_release(
    ctx: State<'_, AppContext>,
    book: Option<String>,
    release: String,
    client: Option<String>,
) -> Result<DownloadDto, ApiError> {
    aural_api::downloads::grab_release(&ctx, book, release, client).await
}

#[tauri::command]
#[specta::specta]
pub async fn pause_download(ctx: State<'_, AppContext>, id: i64) -> Result<DownloadDto, ApiError> {
    aural_api::downloads::pause_download(&ctx, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn resume_download(ctx: State<'_, AppContext>, id: i64) -> Result<DownloadDto, ApiError> {
    aural_api::downloads::resume_download(&ctx, id).await
}

/// Cancels it, blocklists its release for the book and queues the book for the next best one.
#[tauri::command]
#[specta::specta]
pub async fn reject_download(
    ctx: State<'_, AppContext>,
    id: i64,
    delete_data: bool,
) -> Result<DownloadDto, ApiError> {
    aural_api::downloads::reject_download(&ctx, id, delete_data).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_download(
    ctx: State<'_, AppContext>,
    id: i64,
    delete_data: bool,
) -> Result<DownloadDto, ApiError> {
    aural_api::downloads::cancel_download(&ctx, id, delete_data).await
}
