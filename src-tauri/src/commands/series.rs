use aural_api::dto::{NameListQuery, SeriesPage, SeriesRow};
use aural_api::people::SeriesGroup;
use aural_api::{ApiError, AppContext};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_series(
    ctx: State<'_, AppContext>,
    query: NameListQuery,
) -> Result<SeriesPage, ApiError> {
    aural_api::people::list::<SeriesGroup>(&ctx, query).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_series(ctx: State<'_, AppContext>, key: String) -> Result<SeriesRow, ApiError> {
    aural_api::people::get::<SeriesGroup>(&ctx, key).await
}

/// Merges series `from` into `into` (same name), for one series written by several authors.
#[tauri::command]
#[specta::specta]
pub async fn merge_series(
    ctx: State<'_, AppContext>,
    from: String,
    into: String,
) -> Result<SeriesRow, ApiError> {
    aural_api::people::merge_series(&ctx, from, into).await
}

/// Splits a series that mixes two authors' same-named series, one per first author.
#[tauri::command]
#[specta::specta]
pub async fn split_series(
    ctx: State<'_, AppContext>,
    key: String,
) -> Result<Vec<SeriesRow>, ApiError> {
    aural_api::people::split_series(&ctx, key).await
}
