//! Audible accounts: importing an audible-cli auth file, listing, removing.

use std::path::PathBuf;

use aural_services::AppContext;
use aural_services::audible::{self, AccountKey};
use tokio_util::sync::CancellationToken;

use crate::dto::{ApiError, AudibleAccountDto};
use crate::error_map::from_service;

pub async fn import_auth_file(
    ctx: &AppContext,
    file: PathBuf,
    label: Option<String>,
) -> Result<AudibleAccountDto, ApiError> {
    let label = label.map(|l| l.trim().to_owned()).filter(|l| !l.is_empty());
    let account = audible::import_auth_file(ctx, &file, label)
        .await
        .map_err(from_service)?;
    Ok(AudibleAccountDto::from(&account))
}

pub async fn list_accounts(ctx: &AppContext) -> Result<Vec<AudibleAccountDto>, ApiError> {
    let accounts = audible::list(ctx).await.map_err(from_service)?;
    Ok(accounts.iter().map(AudibleAccountDto::from).collect())
}

/// `key` is the account's id or label. Unless `keep_device`, Amazon is told to forget the
/// device first.
pub async fn remove_account(
    ctx: &AppContext,
    key: String,
    keep_device: bool,
) -> Result<AudibleAccountDto, ApiError> {
    let removed = audible::remove(
        ctx,
        &AccountKey::parse(&key),
        !keep_device,
        &CancellationToken::new(),
    )
    .await
    .map_err(from_service)?;
    Ok(AudibleAccountDto::from(&removed))
}
