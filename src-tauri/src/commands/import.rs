use aural_api::dto::{
    ImportCandidateDto, ImportCardDto, ImportCardEdit, ImportCardStatus, ImportOverviewDto,
    ImportRunRequest, JobStarted,
};
use aural_api::{ApiError, AppContext};
use tauri::{AppHandle, State};

use crate::dialogs;

/// Asks for audio files (several at once) and scans them; `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn scan_import_files(
    app: AppHandle,
    ctx: State<'_, AppContext>,
) -> Result<Option<Vec<ImportCardDto>>, ApiError> {
    let paths = dialogs::pick_audio_files(&app).await;
    if paths.is_empty() {
        return Ok(None);
    }
    aural_api::import::scan_paths(&ctx, paths).await.map(Some)
}

/// Asks for folders (several at once) and scans them; `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn scan_import_folders(
    app: AppHandle,
    ctx: State<'_, AppContext>,
) -> Result<Option<Vec<ImportCardDto>>, ApiError> {
    let paths = dialogs::pick_audio_folders(&app).await;
    if paths.is_empty() {
        return Ok(None);
    }
    aural_api::import::scan_paths(&ctx, paths).await.map(Some)
}

#[tauri::command]
#[specta::specta]
pub async fn scan_staging_folder(
    ctx: State<'_, AppContext>,
) -> Result<Vec<ImportCardDto>, ApiError> {
    aural_api::import::scan_staging(&ctx).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_import_cards(
    ctx: State<'_, AppContext>,
    status: Option<ImportCardStatus>,
    page: u32,
    per_page: u32,
) -> Result<ImportOverviewDto, ApiError> {
    aural_api::import::list_import_cards(&ctx, status, page, per_page).await
}

#[tauri::command]
#[specta::specta]
pub async fn search_import_candidates(
    ctx: State<'_, AppContext>,
    id: i64,
    query: String,
) -> Result<Vec<ImportCandidateDto>, ApiError> {
    aural_api::import::search_import_candidates(&ctx, id, query).await
}

#[tauri::command]
#[specta::specta]
pub async fn choose_import_match(
    ctx: State<'_, AppContext>,
    id: i64,
    book: i64,
) -> Result<ImportCardDto, ApiError> {
    aural_api::import::choose_import_match(&ctx, id, book).await
}

#[tauri::command]
#[specta::specta]
pub async fn edit_import_card(
    ctx: State<'_, AppContext>,
    id: i64,
    edit: ImportCardEdit,
) -> Result<ImportCardDto, ApiError> {
    aural_api::import::edit_import_card(&ctx, id, edit).await
}

#[tauri::command]
#[specta::specta]
pub async fn dismiss_import_card(ctx: State<'_, AppContext>, id: i64) -> Result<(), ApiError> {
    aural_api::import::dismiss_import_card(&ctx, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn start_import(
    ctx: State<'_, AppContext>,
    request: ImportRunRequest,
) -> Result<JobStarted, ApiError> {
    aural_api::import::start_import(&ctx, request).await
}
