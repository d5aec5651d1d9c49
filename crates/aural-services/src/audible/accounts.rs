//! Adding Audible accounts from audible-cli auth files, listing them, and removing them. An
//! account's tokens, device key and cookies are one secret, stored in the audible-cli file format
//! (so an export is the stored form), never in the database.

use std::path::Path;

use aural_audible::auth_file::{parse_auth_file, to_auth_file};
use aural_audible::{
    AccessToken, AccountTokens, AudibleClient, BaseUrlOverrides, DeviceProfile, Endpoints,
    Marketplace,
};
use aural_core::{AccountId, AudibleAccount, NewAudibleAccount, SecretKind, SecretRef, Sensitive};
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;
use tokio_util::sync::CancellationToken;

use super::error::AudibleAccountError;
use crate::context::AppContext;
use crate::error::ServiceError;

/// An auth file is a few kilobytes; anything much larger is not one.
const MAX_AUTH_FILE: u64 = 1024 * 1024;

/// An account as the user names it: its id, else its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountKey {
    Id(AccountId),
    Label(String),
}

impl AccountKey {
    pub fn parse(text: &str) -> AccountKey {
        match text.parse() {
            Ok(id) => AccountKey::Id(id),
            Err(_) => AccountKey::Label(text.trim().to_owned()),
        }
    }
}

/// Adds the account of an audible-cli auth file. `label` defaults to the customer's name and
/// marketplace. Nothing is kept when the file cannot be used or its secret cannot be stored.
pub async fn import_auth_file(
    ctx: &AppContext,
    path: &Path,
    label: Option<String>,
) -> Result<AudibleAccount, ServiceError> {
    let bytes = read_auth_file(path).await?;
    let imported = parse_auth_file(&bytes).map_err(|source| AudibleAccountError::AuthFile {
        path: path.to_owned(),
        source,
    })?;
    let marketplace = imported.marketplace;
    let tokens = &imported.tokens;
    let customer_name = tokens
        .customer
        .name
        .clone()
        .or_else(|| tokens.customer.given_name.clone())
        .unwrap_or_else(|| "Audible account".to_owned());
    // Without the customer's id (older files) the device stands for the account.
    let customer = tokens
        .customer
        .user_id
        .clone()
        .unwrap_or_else(|| tokens.device.device_serial_number.clone());
    let customer_key = hex::encode(Sha256::digest(customer.as_bytes()));
    let accounts = ctx.db().audible_accounts().list().await?;
    if let Some(same) = accounts
        .iter()
        .find(|a| a.customer_key == customer_key && a.marketplace == marketplace.code())
    {
        return Err(AudibleAccountError::AlreadyAdded {
            customer: customer_name,
            marketplace: marketplace.code().to_owned(),
            label: same.label.clone(),
        }
        .into());
    }
    let label = free_label(
        &accounts,
        label.unwrap_or_else(|| format!("{customer_name} ({})", marketplace.code())),
    );
    let account = ctx
        .db()
        .audible_accounts()
        .add(&NewAudibleAccount {
            label,
            marketplace: marketplace.code().to_owned(),
            device_type: profile_of(tokens).to_string(),
            customer_name,
            customer_key,
            device_serial: tokens.device.device_serial_number.clone(),
        })
        .await?;
    let secret = SecretRef::new(SecretKind::AudibleAccount, account.id.0);
    let stored = to_auth_file(marketplace, tokens, imported.with_username);
    if let Err(e) = ctx.secrets().set(&secret, &stored).await {
        ctx.db().audible_accounts().remove(account.id).await?;
        return Err(e.into());
    }
    Ok(ctx
        .db()
        .audible_accounts()
        .set_secret_ref(account.id, Some(&secret))
        .await?)
}

pub async fn list(ctx: &AppContext) -> Result<Vec<AudibleAccount>, ServiceError> {
    Ok(ctx.db().audible_accounts().list().await?)
}

pub async fn show(ctx: &AppContext, key: &AccountKey) -> Result<AudibleAccount, ServiceError> {
    let repo = ctx.db().audible_accounts();
    let found = match key {
        AccountKey::Id(id) => match repo.get(*id).await {
            Ok(account) => Some(account),
            Err(aural_db::DbError::NotFound { .. }) => None,
            Err(e) => return Err(e.into()),
        },
        AccountKey::Label(label) => repo.find_by_label(label).await?,
    };
    found.ok_or_else(|| {
        let text = match key {
            AccountKey::Id(id) => id.to_string(),
            AccountKey::Label(label) => label.clone(),
        };
        AudibleAccountError::NotFound(text).into()
    })
}

/// Removes an account with its secret. With `deregister`, first tells Amazon to forget the
/// device (refreshing the access token if it expired); when that fails the account stays.
pub async fn remove(
    ctx: &AppContext,
    key: &AccountKey,
    deregister: bool,
    cancel: &CancellationToken,
) -> Result<AudibleAccount, ServiceError> {
    let account = show(ctx, key).await?;
    if deregister {
        let (marketplace, tokens) = load(ctx, &account).await?;
        let client = client(ctx, marketplace);
        let failed = |source| AudibleAccountError::Deregister {
            label: account.label.clone(),
            source,
        };
        let access = fresh_access(&client, &tokens, ctx, cancel)
            .await
            .map_err(failed)?;
        client.deregister(&access, cancel).await.map_err(failed)?;
    }
    if let Some(secret) = &account.secret {
        ctx.secrets().delete(secret).await?;
    }
    ctx.db().audible_accounts().remove(account.id).await?;
    tracing::info!(account = %account.id, deregistered = deregister, "removed an Audible account");
    Ok(account)
}

/// The account's marketplace and tokens, from its secret.
async fn load(
    ctx: &AppContext,
    account: &AudibleAccount,
) -> Result<(Marketplace, AccountTokens), ServiceError> {
    let missing = || AudibleAccountError::SecretMissing {
        label: account.label.clone(),
    };
    let secret = account.secret.as_ref().ok_or_else(missing)?;
    let file: Sensitive<String> = ctx.secrets().get(secret).await?.ok_or_else(missing)?;
    let imported = parse_auth_file(file.expose().as_bytes()).map_err(|_| missing())?;
    Ok((imported.marketplace, imported.tokens))
}

/// The access token, refreshed first when it is about to expire.
async fn fresh_access(
    client: &AudibleClient,
    tokens: &AccountTokens,
    ctx: &AppContext,
    cancel: &CancellationToken,
) -> Result<AccessToken, aural_audible::AudibleError> {
    if !tokens.access.needs_refresh(ctx.clock().now()) {
        return Ok(tokens.access.clone());
    }
    client
        .refresh(profile_of(tokens), &tokens.refresh_token, cancel)
        .await
}

fn client(ctx: &AppContext, marketplace: Marketplace) -> AudibleClient {
    let overrides = BaseUrlOverrides {
        audible_api: ctx.urls().audible_api.clone(),
        amazon: ctx.urls().amazon.clone(),
    };
    AudibleClient::new(
        ctx.http().clone(),
        marketplace,
        Endpoints::for_marketplace(marketplace).with_overrides(&overrides),
        ctx.shared_clock(),
    )
}

/// The device profile the account was registered as, from its Amazon device type.
fn profile_of(tokens: &AccountTokens) -> DeviceProfile {
    if tokens.device.device_type == DeviceProfile::Android.app().device_type {
        DeviceProfile::Android
    } else {
        DeviceProfile::Iphone
    }
}

/// `wanted`, or `wanted 2`, `wanted 3` … when another account has that label.
fn free_label(accounts: &[AudibleAccount], wanted: String) -> String {
    let taken = |label: &str| accounts.iter().any(|a| a.label.eq_ignore_ascii_case(label));
    if !taken(&wanted) {
        return wanted;
    }
    (2..)
        .map(|n| format!("{wanted} {n}"))
        .find(|label| !taken(label))
        .expect("some number is free")
}

/// The file's bytes: a regular file (not a FIFO or device a read would hang on) of at most
/// [`MAX_AUTH_FILE`].
async fn read_auth_file(path: &Path) -> Result<Vec<u8>, AudibleAccountError> {
    let read_error = |source| AudibleAccountError::Read {
        path: path.to_owned(),
        source,
    };
    let meta = tokio::fs::metadata(path).await.map_err(read_error)?;
    if !meta.is_file() {
        return Err(AudibleAccountError::NotAFile {
            path: path.to_owned(),
        });
    }
    if meta.len() > MAX_AUTH_FILE {
        return Err(AudibleAccountError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
        });
    }
    let file = tokio::fs::File::open(path).await.map_err(read_error)?;
    let mut bytes = Vec::new();
    // Bounded again: the file may grow between the look and the read.
    file.take(MAX_AUTH_FILE + 1)
        .read_to_end(&mut bytes)
        .await
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_AUTH_FILE {
        return Err(AudibleAccountError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}
