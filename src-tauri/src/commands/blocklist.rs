use aural_api::dto::{BlocklistEntryDto, BlocklistPage, BlocklistRequest};
use aural_api::{ApiError, AppContext};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_blocklist(
    ctx: State<'_, AppContext>,
    page: u32,
    per_page: u32,
) -> Result<BlocklistPage, ApiError> {
    aural_api::blocklist::list_blocklist(&ctx, page, per_page).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_to_blocklist(
    ctx: State<'_, AppContext>,
    request: BlocklistRequest,
) -> Result<BlocklistEntryDto, ApiError> {
    aural_api::blocklist::add_to_blocklist(&ctx, request).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_from_blocklist(ctx: State<'_, AppContext>, id: i64) -> Result<(), ApiError> {
    aural_api::blocklist::remove_from_blocklist(&ctx, id).await
}
