use aural_api::dto::{
    BookDetail, BookPage, BookQuery, BookSelectionDto, BookStatusChanged, JobStarted, LibraryPage,
    StatsDto, StatusChangeDto,
};
use aural_api::library::{ExportReport, ListFormat};
use aural_api::{ApiError, AppContext};
use aural_core::BookStatus;
use tauri::{AppHandle, State};

use crate::dialogs;

#[tauri::command]
#[specta::specta]
pub async fn list_books(
    ctx: State<'_, AppContext>,
    query: BookQuery,
) -> Result<BookPage, ApiError> {
    aural_api::library::list_books(&ctx, query).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_library(
    ctx: State<'_, AppContext>,
    query: BookQuery,
) -> Result<LibraryPage, ApiError> {
    aural_api::library::list_library(&ctx, query).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_book(ctx: State<'_, AppContext>, key: String) -> Result<BookDetail, ApiError> {
    aural_api::library::get_book(&ctx, key).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_book_status(
    ctx: State<'_, AppContext>,
    key: String,
    status: BookStatus,
) -> Result<BookStatusChanged, ApiError> {
    aural_api::library::set_book_status(&ctx, key, status).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_books_status(
    ctx: State<'_, AppContext>,
    selection: BookSelectionDto,
    status: BookStatus,
) -> Result<StatusChangeDto, ApiError> {
    aural_api::library::set_books_status(&ctx, selection, status).await
}

#[tauri::command]
#[specta::specta]
pub async fn undo_status_change(
    ctx: State<'_, AppContext>,
    undo: i64,
) -> Result<StatusChangeDto, ApiError> {
    aural_api::library::undo_status_change(&ctx, undo).await
}

#[tauri::command]
#[specta::specta]
pub async fn library_stats(ctx: State<'_, AppContext>) -> Result<StatsDto, ApiError> {
    aural_api::library::library_stats(&ctx).await
}

/// Asks for a CSV/JSON library list and starts importing it; `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_library_list(
    app: AppHandle,
    ctx: State<'_, AppContext>,
) -> Result<Option<JobStarted>, ApiError> {
    let Some(path) = dialogs::pick_library_list(&app).await else {
        return Ok(None);
    };
    aural_api::library::start_list_import(&ctx, path)
        .await
        .map(Some)
}

/// Asks where to save and writes the library there; `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_library_list(
    app: AppHandle,
    ctx: State<'_, AppContext>,
    format: ListFormat,
) -> Result<Option<ExportReport>, ApiError> {
    let Some(path) = dialogs::pick_export_target(&app, format).await else {
        return Ok(None);
    };
    aural_api::library::export_list(&ctx, path, format)
        .await
        .map(Some)
}
