//! Typed settings: the whole document for the UI, dotted keys for the CLI.

use aural_services::AppContext;
pub use aural_services::settings::{Settings, SettingsSection};

use aural_services::settings;
use serde::{Deserialize, Serialize};

use crate::dto::ApiError;
use crate::error_map::from_service;

/// One setting for the CLI; the window reads the typed [`Settings`] document instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingEntry {
    pub key: String,
    pub value: serde_json::Value,
}

pub async fn get_settings(ctx: &AppContext) -> Result<Settings, ApiError> {
    Ok(ctx.settings().current())
}

pub async fn list_settings(ctx: &AppContext) -> Result<Vec<SettingEntry>, ApiError> {
    Ok(settings::flatten(&ctx.settings().current())
        .into_iter()
        .map(|(key, value)| SettingEntry { key, value })
        .collect())
}

pub async fn get_setting(ctx: &AppContext, key: String) -> Result<SettingEntry, ApiError> {
    let value = settings::get_key(&ctx.settings().current(), &key).map_err(from_service)?;
    Ok(SettingEntry { key, value })
}

/// `value` is JSON (`true`, `3`, `["english"]`) or plain text for string settings (`dark`, `/srv/books`).
pub async fn set_setting(
    ctx: &AppContext,
    key: String,
    value: String,
) -> Result<Settings, ApiError> {
    settings::set(ctx, &key, &value).await.map_err(from_service)
}

/// What start-up had to put right in the settings file (bad values now at their defaults, where
/// the original is kept), one line each: the CLI prints them on stderr, the window shows them once
/// its page is up.
pub fn start_up_warnings(ctx: &AppContext) -> Vec<String> {
    settings::start_up_warnings(ctx)
}

/// Saves one section of the Settings page whole; an invalid value names its field (`library.root`).
pub async fn update_settings(
    ctx: &AppContext,
    section: SettingsSection,
) -> Result<Settings, ApiError> {
    settings::update_section(ctx, section)
        .await
        .map_err(from_service)
}

/// Sets the library root to a folder the native folder picker returned.
pub async fn set_library_root(
    ctx: &AppContext,
    root: std::path::PathBuf,
) -> Result<Settings, ApiError> {
    settings::set_library_root(ctx, root)
        .await
        .map_err(from_service)
}
