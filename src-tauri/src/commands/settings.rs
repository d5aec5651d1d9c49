use aural_api::settings::Settings;
use aural_api::{ApiError, AppContext};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn get_settings(ctx: State<'_, AppContext>) -> Result<Settings, ApiError> {
    aural_api::settings::get_settings(&ctx).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_setting(
    ctx: State<'_, AppContext>,
    key: String,
    value: String,
) -> Result<Settings, ApiError> {
    aural_api::settings::set_setting(&ctx, key, value).await
}
