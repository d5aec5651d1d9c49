use aural_api::dto::{NameListQuery, SeriesPage, SeriesRow};
use aural_api::{ApiError, AppContext};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_series(
    ctx: State<'_, AppContext>,
    query: NameListQuery,
) -> Result<SeriesPage, ApiError> {
    aural_api::series::list_series(&ctx, query).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_series(ctx: State<'_, AppContext>, key: String) -> Result<SeriesRow, ApiError> {
    aural_api::series::get_series(&ctx, key).await
}
