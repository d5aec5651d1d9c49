//! The command surface: the window (through src-tauri) and `auralarchive-cli` call these same functions.
//! Each maps DTOs to service calls and service errors to [`ApiError`]; no logic beyond that lives here.

pub mod audible;
pub mod blocklist;
pub mod covers;
pub mod downloads;
pub mod dto;
mod error_map;
pub mod events;
pub mod import;
pub mod jobs;
pub mod library;
mod paging;
pub mod people;
pub mod providers;
pub mod search;
pub mod settings;
pub mod supervisor;

pub use aural_services::logging::Logging;
pub use aural_services::{AppConfig, AppContext};
pub use dto::ApiError;

/// Opens the data folder (`data_dir`, else `AURALARCHIVE_DATA_DIR`, else the OS data folder) and the library in it.
pub async fn open(data_dir: Option<std::path::PathBuf>) -> Result<AppContext, ApiError> {
    let config = AppConfig::resolve(data_dir).map_err(error_map::from_service)?;
    AppContext::open(config)
        .await
        .map_err(error_map::from_service)
}

/// Ends this process's use of the library (see [`AppContext::close`]).
pub async fn close(ctx: &AppContext) -> Result<(), ApiError> {
    ctx.close().await.map_err(error_map::from_service)
}

/// Starts logging for the app in the data folder `AppConfig::resolve_data_dir` names, at the level
/// of the settings stored there (logging must start before the library opens, to report why it cannot).
pub fn start_logging() -> Logging {
    let data_dir = AppConfig::resolve_data_dir(None).unwrap_or_else(|_| std::env::temp_dir());
    let level = aural_services::settings::SettingsStore::peek(&data_dir)
        .general
        .log_level;
    aural_services::logging::init(&data_dir, level)
}

/// Starts logging for `auralarchive-cli`: stderr only, redacted, filtered by `AURALARCHIVE_LOG`
/// or else by `default_filter`.
pub fn start_cli_logging(default_filter: &str) {
    aural_services::logging::init_stderr(default_filter);
}
