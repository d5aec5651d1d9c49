use aural_api::dto::SupervisorStatusDto;
use aural_api::{ApiError, AppContext};
use tauri::State;

/// Which process runs the background work and how each of its loops is doing.
#[tauri::command]
#[specta::specta]
pub fn supervisor_status(ctx: State<'_, AppContext>) -> Result<SupervisorStatusDto, ApiError> {
    aural_api::supervisor::status(&ctx)
}
