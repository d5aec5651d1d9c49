//! Providers as the UI and `--json` see them. A secret appears only as whether it is set; the
//! request types take one in but, having no `Serialize` for it, can never send one out.

use aural_core::provider::SecretField;
use aural_core::{
    Provider, ProviderConfig, ProviderFamily, ProviderKind, ProviderSettings, ProviderStatus,
    Sensitive, Timestamp,
};
use aural_services::providers::SecretChange;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ProviderStatusDto {
    Ready,
    Disabled,
    /// Resting after failures until `disabledUntil`.
    BackedOff,
    /// Its stored settings no longer parse; see `attention`.
    NeedsAttention,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SecretStatus {
    /// Which secret the kind takes; `None` when it takes none (AudiobookBay) or is unknown.
    pub field: Option<SecretField>,
    pub is_set: bool,
}

/// Settings kept as stored because this version cannot read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderAttention {
    pub error: String,
    pub raw_settings: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderDto {
    pub id: i64,
    pub name: String,
    /// `None` for a kind this version does not know.
    pub kind: Option<ProviderKind>,
    pub family: Option<ProviderFamily>,
    pub enabled: bool,
    pub priority: i32,
    pub status: ProviderStatusDto,
    pub settings: Option<ProviderSettings>,
    pub attention: Option<ProviderAttention>,
    pub secret: SecretStatus,
    pub failure_count: u32,
    pub disabled_until: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl ProviderDto {
    /// `now` decides whether a back-off is still running.
    pub fn new(p: &Provider, now: Timestamp) -> ProviderDto {
        let kind = p.kind();
        let status = match p.status(now) {
            ProviderStatus::Ready => ProviderStatusDto::Ready,
            ProviderStatus::Disabled => ProviderStatusDto::Disabled,
            ProviderStatus::BackedOff { .. } => ProviderStatusDto::BackedOff,
            ProviderStatus::NeedsAttention => ProviderStatusDto::NeedsAttention,
        };
        let attention = match &p.config {
            ProviderConfig::Ready(_) => None,
            ProviderConfig::NeedsAttention(u) => Some(ProviderAttention {
                error: u.error.clone(),
                raw_settings: u.raw.clone(),
            }),
        };
        ProviderDto {
            id: p.id.0,
            name: p.name.clone(),
            kind,
            family: kind.map(ProviderKind::family),
            enabled: p.enabled,
            priority: p.priority,
            status,
            settings: p.settings().cloned(),
            attention,
            secret: SecretStatus {
                field: kind.and_then(ProviderKind::secret_field),
                is_set: p.secret.is_some(),
            },
            failure_count: p.health.failure_count,
            disabled_until: p.health.disabled_until.map(Timestamp::to_rfc3339),
            last_error: p.health.last_error.clone(),
            last_error_at: p.health.last_error_at.map(Timestamp::to_rfc3339),
            created_at: p.created_at.to_rfc3339(),
            updated_at: p.updated_at.to_rfc3339(),
        }
    }
}

pub type ProviderPage = super::PageOf<ProviderDto>;

#[derive(Debug, Clone, PartialEq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AddProviderRequest {
    pub name: String,
    /// Omitted: the kind's default (AudiobookBay starts disabled).
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub priority: i32,
    pub settings: ProviderSettings,
    /// The API key, password or session cookie the kind takes.
    #[serde(default)]
    pub secret: Option<Sensitive<String>>,
}

/// What an edit does with the stored secret.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Type)]
#[serde(tag = "action", content = "value", rename_all = "camelCase")]
pub enum SecretUpdate {
    #[default]
    Keep,
    Replace(Sensitive<String>),
    Clear,
}

impl From<SecretUpdate> for SecretChange {
    fn from(update: SecretUpdate) -> SecretChange {
        match update {
            SecretUpdate::Keep => SecretChange::Keep,
            SecretUpdate::Replace(s) => SecretChange::Replace(s),
            SecretUpdate::Clear => SecretChange::Clear,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Type)]
#[serde(rename_all = "camelCase", default)]
pub struct EditProviderRequest {
    pub name: Option<String>,
    pub priority: Option<i32>,
    /// The whole new settings of the same family; omitted keeps them.
    pub settings: Option<ProviderSettings>,
    pub secret: SecretUpdate,
}

/// Settings from the add or edit form, tested before they are saved.
#[derive(Debug, Clone, PartialEq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TestSettingsRequest {
    /// The id or name of the provider being edited (its stored secret is what `keep` means);
    /// omitted for a provider being added.
    #[serde(default)]
    pub key: Option<String>,
    pub settings: ProviderSettings,
    #[serde(default)]
    pub secret: SecretUpdate,
}

/// A kind a family offers, with what its form starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderKindDto {
    pub kind: ProviderKind,
    /// The product name ("qBittorrent").
    pub label: String,
    /// Which secret it signs in with; `None` when it takes none.
    pub secret_field: Option<SecretField>,
    pub enabled_when_added: bool,
    /// Its default settings with the address left empty.
    pub blank: ProviderSettings,
}

impl ProviderKindDto {
    pub fn new(kind: ProviderKind) -> ProviderKindDto {
        ProviderKindDto {
            kind,
            label: kind.label().to_owned(),
            secret_field: kind.secret_field(),
            enabled_when_added: kind.enabled_when_added(),
            blank: ProviderSettings::blank(kind),
        }
    }
}
