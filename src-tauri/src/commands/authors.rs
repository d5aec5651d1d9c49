use aural_api::dto::{AuthorPage, AuthorRow, NameListQuery};
use aural_api::people::AuthorGroup;
use aural_api::{ApiError, AppContext};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_authors(
    ctx: State<'_, AppContext>,
    query: NameListQuery,
) -> Result<AuthorPage, ApiError> {
    aural_api::people::list::<AuthorGroup>(&ctx, query).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_author(ctx: State<'_, AppContext>, key: String) -> Result<AuthorRow, ApiError> {
    aural_api::people::get::<AuthorGroup>(&ctx, key).await
}
