use aural_api::settings::{Settings, SettingsSection};
use aural_api::{ApiError, AppContext};
use tauri::{AppHandle, State};

use crate::dialogs;

#[tauri::command]
#[specta::specta]
pub async fn get_settings(ctx: State<'_, AppContext>) -> Result<Settings, ApiError> {
    aural_api::settings::get_settings(&ctx).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_settings(
    ctx: State<'_, AppContext>,
    section: SettingsSection,
) -> Result<Settings, ApiError> {
    aural_api::settings::update_settings(&ctx, section).await
}

/// Opens the native folder picker; `None` when the user closed it without choosing.
#[tauri::command]
#[specta::specta]
pub async fn choose_library_root(
    app: AppHandle,
    ctx: State<'_, AppContext>,
) -> Result<Option<Settings>, ApiError> {
    let Some(root) = dialogs::pick_library_root(&app).await else {
        return Ok(None);
    };
    aural_api::settings::set_library_root(&ctx, root)
        .await
        .map(Some)
}

/// What start-up had to put right in the settings file; the window asks once its page is up, so
/// nothing said before it listened is lost.
#[tauri::command]
#[specta::specta]
pub fn get_settings_warnings(ctx: State<'_, AppContext>) -> Result<Vec<String>, ApiError> {
    Ok(aural_api::settings::start_up_warnings(&ctx))
}
