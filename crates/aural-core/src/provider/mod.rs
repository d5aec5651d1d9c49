//! Providers (SPEC §2.7): indexers, download clients and AudioBookShelf servers, kept in one table
//! with non-secret settings per kind, a reference to their secret, and their health.

mod backoff;
mod blank;
mod kind;
mod report;
mod seeding;
mod settings;

pub use backoff::{ProviderHealth, rest_after};
pub use kind::{ProviderFamily, ProviderKind, SecretField};
pub use report::{Severity, TestIssue, TestReport};
pub use seeding::{SeedingLimits, SeedingRule};
pub use settings::{
    AbbSettings, AudioBookShelfSettings, DelugeSettings, MamSearchType, MamSettings,
    NewznabSettings, NzbgetSettings, PathMapping, ProviderSettings, QbittorrentSettings,
    SabnzbdSettings, SettingsError, TorznabSettings, TransmissionSettings,
};

use crate::clock::Timestamp;
use crate::ids::ProviderId;
use crate::secret_ref::SecretRef;

/// Stored settings that no longer parse (after an upgrade changed a kind's fields). The row is
/// kept as it is, so nothing the user entered is lost, and shown as needing attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableSettings {
    /// The stored kind text, which may name a kind this version does not know.
    pub kind: String,
    /// The stored JSON, unchanged.
    pub raw: String,
    /// Why it does not parse (serde's message, which names a field, not a value).
    pub error: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProviderConfig {
    Ready(ProviderSettings),
    NeedsAttention(UnreadableSettings),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub id: ProviderId,
    pub name: String,
    pub enabled: bool,
    /// Lower first.
    pub priority: i32,
    pub config: ProviderConfig,
    /// Set only while a secret is stored for it.
    pub secret: Option<SecretRef>,
    pub health: ProviderHealth,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Where a provider stands, for lists and for deciding whether to use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderStatus {
    Ready,
    /// Turned off by the user.
    Disabled,
    /// Resting after failures until then (SPEC §2.7).
    BackedOff {
        until: Timestamp,
    },
    /// Its stored settings do not parse: the user must edit it.
    NeedsAttention,
}

impl Provider {
    /// The kind, also for unreadable settings when their stored kind is one this version knows.
    pub fn kind(&self) -> Option<ProviderKind> {
        match &self.config {
            ProviderConfig::Ready(s) => Some(s.kind()),
            ProviderConfig::NeedsAttention(u) => ProviderKind::parse(&u.kind),
        }
    }

    pub fn settings(&self) -> Option<&ProviderSettings> {
        match &self.config {
            ProviderConfig::Ready(s) => Some(s),
            ProviderConfig::NeedsAttention(_) => None,
        }
    }

    pub fn status(&self, now: Timestamp) -> ProviderStatus {
        if matches!(self.config, ProviderConfig::NeedsAttention(_)) {
            ProviderStatus::NeedsAttention
        } else if !self.enabled {
            ProviderStatus::Disabled
        } else if let Some(until) = self.health.disabled_until.filter(|u| *u > now) {
            ProviderStatus::BackedOff { until }
        } else {
            ProviderStatus::Ready
        }
    }
}

/// A provider to add; the secret is stored separately.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProvider {
    pub name: String,
    pub enabled: bool,
    pub priority: i32,
    pub settings: ProviderSettings,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(enabled: bool, disabled_until: Option<i64>) -> Provider {
        Provider {
            id: ProviderId(1),
            name: "jackett".to_owned(),
            enabled,
            priority: 0,
            config: ProviderConfig::Ready(ProviderSettings::AudiobookBay(AbbSettings {
                url: "http://127.0.0.1:1/".to_owned(),
                timeout_secs: 10,
                requests_per_minute: 60,
            })),
            secret: None,
            health: ProviderHealth {
                disabled_until: disabled_until.map(Timestamp),
                ..ProviderHealth::default()
            },
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
        }
    }

    #[test]
    fn status_says_why_a_provider_is_not_used() {
        let now = Timestamp(1_000);
        assert_eq!(provider(true, None).status(now), ProviderStatus::Ready);
        assert_eq!(provider(false, None).status(now), ProviderStatus::Disabled);
        assert_eq!(
            provider(true, Some(2_000)).status(now),
            ProviderStatus::BackedOff {
                until: Timestamp(2_000)
            }
        );
        assert_eq!(
            provider(true, Some(500)).status(now),
            ProviderStatus::Ready,
            "rest is over"
        );
        let mut broken = provider(true, None);
        broken.config = ProviderConfig::NeedsAttention(UnreadableSettings {
            kind: "torznab".to_owned(),
            raw: "{}".to_owned(),
            error: "missing field `url`".to_owned(),
        });
        assert_eq!(broken.status(now), ProviderStatus::NeedsAttention);
        assert_eq!(broken.kind(), Some(ProviderKind::Torznab));
    }
}
