use aural_api::dto::{
    AddProviderRequest, EditProviderRequest, ProviderDto, ProviderKindDto, ProviderPage,
    TestSettingsRequest,
};
use aural_api::{ApiError, AppContext};
use aural_core::{ProviderFamily, TestReport};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_providers(
    ctx: State<'_, AppContext>,
    family: ProviderFamily,
    page: u32,
    per_page: u32,
) -> Result<ProviderPage, ApiError> {
    aural_api::providers::list_providers(&ctx, family, page, per_page).await
}

#[tauri::command]
#[specta::specta]
pub async fn enable_provider(
    ctx: State<'_, AppContext>,
    family: ProviderFamily,
    key: String,
) -> Result<ProviderDto, ApiError> {
    aural_api::providers::enable_provider(&ctx, family, key).await
}

#[tauri::command]
#[specta::specta]
pub async fn disable_provider(
    ctx: State<'_, AppContext>,
    family: ProviderFamily,
    key: String,
) -> Result<ProviderDto, ApiError> {
    aural_api::providers::disable_provider(&ctx, family, key).await
}

#[tauri::command]
#[specta::specta]
pub async fn test_provider(
    ctx: State<'_, AppContext>,
    family: ProviderFamily,
    key: String,
) -> Result<TestReport, ApiError> {
    aural_api::providers::test_provider(&ctx, family, key).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_provider(
    ctx: State<'_, AppContext>,
    family: ProviderFamily,
    key: String,
) -> Result<ProviderDto, ApiError> {
    aural_api::providers::remove_provider(&ctx, family, key).await
}

#[tauri::command]
#[specta::specta]
pub fn provider_kinds(family: ProviderFamily) -> Vec<ProviderKindDto> {
    aural_api::providers::provider_kinds(family)
}

#[tauri::command]
#[specta::specta]
pub async fn add_provider(
    ctx: State<'_, AppContext>,
    family: ProviderFamily,
    request: AddProviderRequest,
) -> Result<ProviderDto, ApiError> {
    aural_api::providers::add_provider(&ctx, family, request).await
}

#[tauri::command]
#[specta::specta]
pub async fn edit_provider(
    ctx: State<'_, AppContext>,
    family: ProviderFamily,
    key: String,
    request: EditProviderRequest,
) -> Result<ProviderDto, ApiError> {
    aural_api::providers::edit_provider(&ctx, family, key, request).await
}

#[tauri::command]
#[specta::specta]
pub async fn test_provider_settings(
    ctx: State<'_, AppContext>,
    family: ProviderFamily,
    request: TestSettingsRequest,
) -> Result<TestReport, ApiError> {
    aural_api::providers::test_provider_settings(&ctx, family, request).await
}
