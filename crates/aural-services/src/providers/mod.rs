//! Providers shared by every family (indexers, download clients, AudioBookShelf): adding, editing,
//! removing and switching them, their secrets, and their health. The protocol of each kind (and
//! so its test) comes with the capability that uses it.

pub mod caps;
pub mod download_client;
mod health;
mod key;
mod protocol_test;

use aural_core::provider::SettingsError;
use aural_core::{
    NewProvider, Page, Paged, Provider, ProviderFamily, ProviderSettings, SecretRef, Sensitive,
    TestReport,
};
use aural_db::{DbError, ProviderEdit};

pub use health::{record_failure, record_success};
pub use key::ProviderKey;

use crate::context::AppContext;
use crate::error::ServiceError;

const MAX_NAME_CHARS: usize = 100;

/// A provider to add. The secret (API key, password or session cookie, as the kind needs) goes to
/// the secret store; only a reference to it reaches the database.
#[derive(Debug)]
pub struct AddProvider {
    pub name: String,
    /// `None`: the kind's default (AudiobookBay starts off).
    pub enabled: Option<bool>,
    pub priority: i32,
    pub settings: ProviderSettings,
    pub secret: Option<Sensitive<String>>,
}

/// What to do with a provider's secret when it is edited.
#[derive(Debug, Default)]
pub enum SecretChange {
    #[default]
    Keep,
    Replace(Sensitive<String>),
    Clear,
}

/// A change to a provider; `None` keeps the current value.
#[derive(Debug, Default)]
pub struct EditProvider {
    pub name: Option<String>,
    pub priority: Option<i32>,
    pub settings: Option<ProviderSettings>,
    pub secret: SecretChange,
}

/// Settings in a form, tested before they are saved.
#[derive(Debug)]
pub struct Draft {
    /// The provider being edited, whose stored secret [`SecretChange::Keep`] stands for; `None`
    /// for one being added.
    pub key: Option<ProviderKey>,
    pub settings: ProviderSettings,
    pub secret: SecretChange,
}

pub async fn list(
    ctx: &AppContext,
    family: ProviderFamily,
    page: Page,
) -> Result<Paged<Provider>, ServiceError> {
    Ok(ctx.db().providers().list(family.kinds(), page).await?)
}

/// The provider `key` names, if it belongs to `family`.
pub async fn show(
    ctx: &AppContext,
    family: ProviderFamily,
    key: &ProviderKey,
) -> Result<Provider, ServiceError> {
    let missing = || ServiceError::ProviderNotFound {
        family,
        key: key.to_string(),
    };
    let found = match key {
        ProviderKey::Id(id) => match ctx.db().providers().get(*id).await {
            Ok(p) => Some(p),
            Err(DbError::NotFound { .. }) => None,
            Err(e) => return Err(e.into()),
        },
        ProviderKey::Name(name) => ctx.db().providers().find_by_name(name).await?,
    };
    // A row of a kind this version does not know belongs to no family; it is still found by
    // id or name so that it can be removed.
    found
        .filter(|p| p.kind().is_none_or(|k| k.family() == family))
        .ok_or_else(missing)
}

pub async fn add(
    ctx: &AppContext,
    family: ProviderFamily,
    add: AddProvider,
) -> Result<Provider, ServiceError> {
    check_name(&add.name)?;
    check_settings(family, &add.settings)?;
    if let Some(secret) = &add.secret {
        check_secret(&add.settings, secret)?;
    }
    let kind = add.settings.kind();
    let provider = ctx
        .db()
        .providers()
        .add(&NewProvider {
            name: add.name,
            enabled: add.enabled.unwrap_or(kind.enabled_when_added()),
            priority: add.priority,
            settings: add.settings,
        })
        .await?;
    let Some(secret) = add.secret else {
        return Ok(provider);
    };
    // The row comes first because the secret is filed under its id. If the secret cannot be
    // stored, the row goes again: an add succeeds whole or not at all.
    match store_secret(ctx, &provider, &secret).await {
        Ok(with_secret) => Ok(with_secret),
        Err(e) => {
            if let Err(undo) = ctx.db().providers().remove(provider.id).await {
                tracing::error!(provider = %provider.id, error = %undo, "cannot remove a provider whose secret was not stored");
            }
            Err(e)
        }
    }
}

pub async fn edit(
    ctx: &AppContext,
    family: ProviderFamily,
    key: &ProviderKey,
    edit: EditProvider,
) -> Result<Provider, ServiceError> {
    let current = show(ctx, family, key).await?;
    if let Some(name) = &edit.name {
        check_name(name)?;
    }
    if let Some(settings) = &edit.settings {
        check_settings(family, settings)?;
    }
    let settings_after = edit.settings.as_ref().or(current.settings());
    if let (SecretChange::Replace(secret), Some(settings)) = (&edit.secret, settings_after) {
        check_secret(settings, secret)?;
    }
    let mut provider = ctx
        .db()
        .providers()
        .edit(
            current.id,
            &ProviderEdit {
                name: edit.name,
                priority: edit.priority,
                settings: edit.settings,
            },
        )
        .await?;
    match edit.secret {
        SecretChange::Keep => {}
        SecretChange::Replace(secret) => provider = store_secret(ctx, &provider, &secret).await?,
        SecretChange::Clear => provider = clear_secret(ctx, &provider).await?,
    }
    Ok(provider)
}

/// Removes the provider and its secret. The secret goes first: if the keychain refuses, nothing
/// is removed and the user can retry, instead of a secret outliving its provider unseen.
pub async fn remove(
    ctx: &AppContext,
    family: ProviderFamily,
    key: &ProviderKey,
) -> Result<Provider, ServiceError> {
    let provider = show(ctx, family, key).await?;
    if let Some(secret) = &provider.secret {
        ctx.secrets().delete(secret).await?;
    }
    ctx.db().providers().remove(provider.id).await?;
    tracing::info!(provider = %provider.id, "provider removed");
    Ok(provider)
}

pub async fn set_enabled(
    ctx: &AppContext,
    family: ProviderFamily,
    key: &ProviderKey,
    enabled: bool,
) -> Result<Provider, ServiceError> {
    let provider = show(ctx, family, key).await?;
    Ok(ctx
        .db()
        .providers()
        .set_enabled(provider.id, enabled)
        .await?)
}

/// Tests a provider against its service; the report ties each problem to the field that fixes
/// it. Kinds whose protocol is not built yet say so instead of pretending.
pub async fn test(
    ctx: &AppContext,
    family: ProviderFamily,
    key: &ProviderKey,
) -> Result<TestReport, ServiceError> {
    let provider = show(ctx, family, key).await?;
    let Some(settings) = provider.settings() else {
        return Err(needs_attention(&provider));
    };
    let secret = secret(ctx, &provider).await?;
    let tested = protocol_test::run(ctx.http().clone(), settings, secret).await?;
    if let Some(caps) = &tested.caps {
        caps::keep(ctx, provider.id, caps).await?;
    }
    Ok(tested.report)
}

/// Tests settings that are not saved yet, with the secret the form holds or the stored one it
/// keeps. Unusable settings are a validation error on their field, as saving them would be; the
/// caps read are not kept, since the settings may never be saved.
pub async fn test_draft(
    ctx: &AppContext,
    family: ProviderFamily,
    draft: Draft,
) -> Result<TestReport, ServiceError> {
    check_settings(family, &draft.settings)?;
    let secret = match draft.secret {
        SecretChange::Replace(secret) => {
            check_secret(&draft.settings, &secret)?;
            Some(secret)
        }
        SecretChange::Clear => None,
        SecretChange::Keep => match &draft.key {
            Some(key) => secret(ctx, &show(ctx, family, key).await?).await?,
            None => None,
        },
    };
    Ok(
        protocol_test::run(ctx.http().clone(), &draft.settings, secret)
            .await?
            .report,
    )
}

/// The provider's secret, for the protocol call that sends it.
pub async fn secret(
    ctx: &AppContext,
    provider: &Provider,
) -> Result<Option<Sensitive<String>>, ServiceError> {
    match &provider.secret {
        Some(r) => Ok(ctx.secrets().get::<String>(r).await?),
        None => Ok(None),
    }
}

/// Stores a session the site renewed while answering (MyAnonamouse's `mam_id`) in place of the
/// one the user pasted, which the site will stop accepting.
pub(crate) async fn keep_renewed_session(
    ctx: &AppContext,
    provider: &Provider,
    session: &Sensitive<String>,
) -> Result<(), ServiceError> {
    store_secret(ctx, provider, session).await?;
    tracing::info!(provider = %provider.name, "the indexer renewed its session; the new one is stored");
    Ok(())
}

async fn store_secret(
    ctx: &AppContext,
    provider: &Provider,
    secret: &Sensitive<String>,
) -> Result<Provider, ServiceError> {
    let family = provider
        .kind()
        .map(|k| k.family())
        .ok_or_else(|| needs_attention(provider))?;
    let secret_ref = SecretRef::new(family.secret_kind(), provider.id.0);
    ctx.secrets().set(&secret_ref, secret).await?;
    Ok(ctx
        .db()
        .providers()
        .set_secret_ref(provider.id, Some(&secret_ref))
        .await?)
}

async fn clear_secret(ctx: &AppContext, provider: &Provider) -> Result<Provider, ServiceError> {
    if let Some(secret) = &provider.secret {
        ctx.secrets().delete(secret).await?;
    }
    Ok(ctx
        .db()
        .providers()
        .set_secret_ref(provider.id, None)
        .await?)
}

fn check_name(name: &str) -> Result<(), ServiceError> {
    let name = name.trim();
    let problem = if name.is_empty() {
        "a provider needs a name"
    } else if name.chars().count() > MAX_NAME_CHARS {
        "names are at most 100 characters long"
    } else if name.parse::<i64>().is_ok() {
        // Commands take an id or a name; a name that is a number would read as an id.
        "a name must not be a number"
    } else {
        return Ok(());
    };
    Err(SettingsError {
        field: "name".to_owned(),
        message: problem.to_owned(),
    }
    .into())
}

fn check_settings(family: ProviderFamily, settings: &ProviderSettings) -> Result<(), ServiceError> {
    let kind = settings.kind();
    if kind.family() != family {
        return Err(ServiceError::WrongFamily { kind, family });
    }
    Ok(settings.validate()?)
}

fn check_secret(
    settings: &ProviderSettings,
    secret: &Sensitive<String>,
) -> Result<(), ServiceError> {
    let kind = settings.kind();
    let Some(field) = kind.secret_field() else {
        return Err(ServiceError::SecretNotUsed(kind));
    };
    if secret.expose().trim().is_empty() {
        return Err(SettingsError {
            field: field.field().to_owned(),
            message: "must not be empty".to_owned(),
        }
        .into());
    }
    Ok(())
}

fn needs_attention(provider: &Provider) -> ServiceError {
    ServiceError::ProviderNeedsAttention {
        name: provider.name.clone(),
        id: provider.id,
    }
}
