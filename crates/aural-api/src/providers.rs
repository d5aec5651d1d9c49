//! Providers of every family (indexers, download clients, AudioBookShelf servers): one set of
//! commands, parameterised by family, that the window and the CLI share.

use aural_core::{ProviderFamily, ProviderSettings, TestReport};
use aural_services::AppContext;
use aural_services::providers::{self, AddProvider, Draft, EditProvider, ProviderKey};

use crate::dto::{
    AddProviderRequest, ApiError, EditProviderRequest, ProviderDto, ProviderKindDto, ProviderPage,
    TestSettingsRequest,
};
use crate::error_map::from_service;
use crate::paging;

pub async fn list_providers(
    ctx: &AppContext,
    family: ProviderFamily,
    page: u32,
    per_page: u32,
) -> Result<ProviderPage, ApiError> {
    let list = providers::list(ctx, family, paging::page(page, per_page)?)
        .await
        .map_err(from_service)?;
    let now = ctx.clock().now();
    Ok(ProviderPage::map(&list, |p| ProviderDto::new(p, now)))
}

/// `key` is the provider's id or name.
pub async fn show_provider(
    ctx: &AppContext,
    family: ProviderFamily,
    key: String,
) -> Result<ProviderDto, ApiError> {
    let p = providers::show(ctx, family, &ProviderKey::parse(&key))
        .await
        .map_err(from_service)?;
    Ok(ProviderDto::new(&p, ctx.clock().now()))
}

pub async fn add_provider(
    ctx: &AppContext,
    family: ProviderFamily,
    request: AddProviderRequest,
) -> Result<ProviderDto, ApiError> {
    let p = providers::add(
        ctx,
        family,
        AddProvider {
            name: request.name,
            enabled: request.enabled,
            priority: request.priority,
            settings: request.settings,
            secret: request.secret,
        },
    )
    .await
    .map_err(from_service)?;
    Ok(ProviderDto::new(&p, ctx.clock().now()))
}

pub async fn edit_provider(
    ctx: &AppContext,
    family: ProviderFamily,
    key: String,
    request: EditProviderRequest,
) -> Result<ProviderDto, ApiError> {
    let p = providers::edit(
        ctx,
        family,
        &ProviderKey::parse(&key),
        EditProvider {
            name: request.name,
            priority: request.priority,
            settings: request.settings,
            secret: request.secret.into(),
        },
    )
    .await
    .map_err(from_service)?;
    Ok(ProviderDto::new(&p, ctx.clock().now()))
}

/// Removes the provider and its stored secret; returns it as it was.
pub async fn remove_provider(
    ctx: &AppContext,
    family: ProviderFamily,
    key: String,
) -> Result<ProviderDto, ApiError> {
    let p = providers::remove(ctx, family, &ProviderKey::parse(&key))
        .await
        .map_err(from_service)?;
    Ok(ProviderDto::new(&p, ctx.clock().now()))
}

/// Turns the provider on and ends any back-off ("Enable now").
pub async fn enable_provider(
    ctx: &AppContext,
    family: ProviderFamily,
    key: String,
) -> Result<ProviderDto, ApiError> {
    let p = providers::set_enabled(ctx, family, &ProviderKey::parse(&key), true)
        .await
        .map_err(from_service)?;
    Ok(ProviderDto::new(&p, ctx.clock().now()))
}

pub async fn disable_provider(
    ctx: &AppContext,
    family: ProviderFamily,
    key: String,
) -> Result<ProviderDto, ApiError> {
    let p = providers::set_enabled(ctx, family, &ProviderKey::parse(&key), false)
        .await
        .map_err(from_service)?;
    Ok(ProviderDto::new(&p, ctx.clock().now()))
}

pub async fn test_provider(
    ctx: &AppContext,
    family: ProviderFamily,
    key: String,
) -> Result<TestReport, ApiError> {
    providers::test(ctx, family, &ProviderKey::parse(&key))
        .await
        .map_err(from_service)
}

/// Tests the form's settings before they are saved; a report as from [`test_provider`], or a
/// validation error on the field that stops the test.
pub async fn test_provider_settings(
    ctx: &AppContext,
    family: ProviderFamily,
    request: TestSettingsRequest,
) -> Result<TestReport, ApiError> {
    providers::test_draft(
        ctx,
        family,
        Draft {
            key: request.key.as_deref().map(ProviderKey::parse),
            settings: request.settings,
            secret: request.secret.into(),
        },
    )
    .await
    .map_err(from_service)
}

/// The kinds `family` offers, in the order a form lists them.
pub fn provider_kinds(family: ProviderFamily) -> Vec<ProviderKindDto> {
    family
        .kinds()
        .iter()
        .copied()
        .map(ProviderKindDto::new)
        .collect()
}

/// Reads settings written as JSON (`{"kind": "torznab", "url": …}`), as the CLI builds them from
/// its flags. A missing or mistyped field is a validation error naming it.
pub fn settings_from_json(value: serde_json::Value) -> Result<ProviderSettings, ApiError> {
    serde_json::from_value(value).map_err(|e| {
        let message = e.to_string();
        let field = field_of_serde_error(&message).to_owned();
        ApiError::validation(&field, message)
    })
}

/// serde names a missing field in backquotes ("missing field `url`"); an unknown tag is the kind.
fn field_of_serde_error(message: &str) -> &str {
    if let Some(rest) = message.strip_prefix("missing field `") {
        return rest.split('`').next().unwrap_or("settings");
    }
    if message.starts_with("unknown variant") {
        return "kind";
    }
    "settings"
}
