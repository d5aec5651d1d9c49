//! Non-secret settings of each provider kind, stored as JSON tagged by kind. Secrets never appear
//! here: they go to the secret store, and these settings only say whether one is set.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::provider::kind::ProviderKind;
use crate::provider::seeding::SeedingRule;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum ProviderSettings {
    #[serde(rename = "torznab")]
    Torznab(TorznabSettings),
    #[serde(rename = "newznab")]
    Newznab(NewznabSettings),
    #[serde(rename = "mam")]
    MyAnonamouse(MamSettings),
    #[serde(rename = "abb")]
    AudiobookBay(AbbSettings),
    #[serde(rename = "qbittorrent")]
    QBittorrent(QbittorrentSettings),
    #[serde(rename = "transmission")]
    Transmission(TransmissionSettings),
    #[serde(rename = "deluge")]
    Deluge(DelugeSettings),
    #[serde(rename = "sabnzbd")]
    Sabnzbd(SabnzbdSettings),
    #[serde(rename = "nzbget")]
    Nzbget(NzbgetSettings),
    #[serde(rename = "audiobookshelf")]
    AudioBookShelf(AudioBookShelfSettings),
}

/// Jackett (`…/api/v2.0/indexers/<id>/results/torznab/`) or Prowlarr (`…/<id>/api`), SPEC §5.1.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TorznabSettings {
    pub url: String,
    #[serde(default = "audiobook_categories")]
    pub categories: Vec<u32>,
    #[serde(default = "one")]
    pub minimum_seeders: u32,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u32,
    #[serde(default = "default_rate")]
    pub requests_per_minute: u32,
    /// Query parameters sent with every request (never the API key: that is the secret).
    #[serde(default)]
    pub extra_params: BTreeMap<String, String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewznabSettings {
    pub url: String,
    #[serde(default = "audiobook_categories")]
    pub categories: Vec<u32>,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u32,
    #[serde(default = "default_rate")]
    pub requests_per_minute: u32,
    #[serde(default)]
    pub extra_params: BTreeMap<String, String>,
}

/// MyAnonamouse's `tor[searchType]` (SPEC §5.3).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MamSearchType {
    #[default]
    All,
    Active,
    Freeleech,
    FreeleechVip,
    Vip,
    NotVip,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MamSettings {
    #[serde(default = "mam_url")]
    pub url: String,
    #[serde(default)]
    pub search_type: MamSearchType,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u32,
    #[serde(default = "default_rate")]
    pub requests_per_minute: u32,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AbbSettings {
    /// The current AudiobookBay domain, which changes often.
    pub url: String,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u32,
    #[serde(default = "default_rate")]
    pub requests_per_minute: u32,
}

/// A folder as the client sees it and the same folder as this machine sees it (SPEC §6.9).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PathMapping {
    pub remote: String,
    pub local: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QbittorrentSettings {
    pub url: String,
    pub username: String,
    #[serde(default = "default_category")]
    pub category: String,
    /// Only when the user wants one; otherwise the category decides where torrents land.
    #[serde(default)]
    pub save_path: Option<String>,
    #[serde(default)]
    pub path_mappings: Vec<PathMapping>,
    /// When the finished torrent leaves the client.
    #[serde(default)]
    pub seeding: SeedingRule,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransmissionSettings {
    pub url: String,
    /// Transmission's RPC may run without authentication.
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default = "default_category")]
    pub category: String,
    #[serde(default)]
    pub save_path: Option<String>,
    #[serde(default)]
    pub path_mappings: Vec<PathMapping>,
    /// When the finished torrent leaves the client.
    #[serde(default)]
    pub seeding: SeedingRule,
}

/// deluge-web's JSON-RPC, which signs in with a password only (SPEC §6.6).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DelugeSettings {
    pub url: String,
    #[serde(default = "default_category")]
    pub category: String,
    #[serde(default)]
    pub save_path: Option<String>,
    #[serde(default)]
    pub path_mappings: Vec<PathMapping>,
    /// When the finished torrent leaves the client.
    #[serde(default)]
    pub seeding: SeedingRule,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SabnzbdSettings {
    pub url: String,
    #[serde(default = "default_category")]
    pub category: String,
    #[serde(default)]
    pub path_mappings: Vec<PathMapping>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NzbgetSettings {
    pub url: String,
    pub username: String,
    #[serde(default = "default_category")]
    pub category: String,
    #[serde(default)]
    pub path_mappings: Vec<PathMapping>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AudioBookShelfSettings {
    pub url: String,
    /// The book library to sync; chosen after the first successful test.
    #[serde(default)]
    pub library_id: Option<String>,
    /// Our library root as the ABS server sees it, when ABS runs elsewhere.
    #[serde(default)]
    pub path_mappings: Vec<PathMapping>,
}

/// A setting that cannot be used, tied to its field path (`url`, `pathMappings[0].local`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SettingsError {
    pub field: String,
    pub message: String,
}

fn fail(field: impl Into<String>, message: impl Into<String>) -> Result<(), SettingsError> {
    Err(SettingsError {
        field: field.into(),
        message: message.into(),
    })
}

const MAX_TIMEOUT_SECS: u32 = 60;
const MAX_REQUESTS_PER_MINUTE: u32 = 600;
/// Query parameters that carry credentials: they belong in the secret, never in settings.
const SECRET_PARAMS: [&str; 7] = [
    "apikey", "api_key", "passkey", "token", "password", "pass", "mam_id",
];
/// Parameters the Torznab/Newznab request builder sets itself (SPEC §5.2).
const RESERVED_PARAMS: [&str; 8] = [
    "t", "q", "cat", "limit", "offset", "extended", "author", "title",
];

impl ProviderSettings {
    /// When a torrent client removes a finished torrent; `None` for other kinds.
    pub fn seeding(&self) -> Option<&SeedingRule> {
        match self {
            ProviderSettings::QBittorrent(s) => Some(&s.seeding),
            ProviderSettings::Transmission(s) => Some(&s.seeding),
            ProviderSettings::Deluge(s) => Some(&s.seeding),
            _ => None,
        }
    }

    pub fn kind(&self) -> ProviderKind {
        match self {
            ProviderSettings::Torznab(_) => ProviderKind::Torznab,
            ProviderSettings::Newznab(_) => ProviderKind::Newznab,
            ProviderSettings::MyAnonamouse(_) => ProviderKind::MyAnonamouse,
            ProviderSettings::AudiobookBay(_) => ProviderKind::AudiobookBay,
            ProviderSettings::QBittorrent(_) => ProviderKind::QBittorrent,
            ProviderSettings::Transmission(_) => ProviderKind::Transmission,
            ProviderSettings::Deluge(_) => ProviderKind::Deluge,
            ProviderSettings::Sabnzbd(_) => ProviderKind::Sabnzbd,
            ProviderSettings::Nzbget(_) => ProviderKind::Nzbget,
            ProviderSettings::AudioBookShelf(_) => ProviderKind::AudioBookShelf,
        }
    }

    /// The address the provider is reached at.
    pub fn url(&self) -> &str {
        match self {
            ProviderSettings::Torznab(s) => &s.url,
            ProviderSettings::Newznab(s) => &s.url,
            ProviderSettings::MyAnonamouse(s) => &s.url,
            ProviderSettings::AudiobookBay(s) => &s.url,
            ProviderSettings::QBittorrent(s) => &s.url,
            ProviderSettings::Transmission(s) => &s.url,
            ProviderSettings::Deluge(s) => &s.url,
            ProviderSettings::Sabnzbd(s) => &s.url,
            ProviderSettings::Nzbget(s) => &s.url,
            ProviderSettings::AudioBookShelf(s) => &s.url,
        }
    }

    /// Checks every field; the first unusable one is reported with its path.
    pub fn validate(&self) -> Result<(), SettingsError> {
        validate_url(self.url())?;
        match self {
            ProviderSettings::Torznab(s) => {
                validate_categories(&s.categories)?;
                validate_limits(s.timeout_secs, s.requests_per_minute)?;
                validate_extra_params(&s.extra_params)
            }
            ProviderSettings::Newznab(s) => {
                validate_categories(&s.categories)?;
                validate_limits(s.timeout_secs, s.requests_per_minute)?;
                validate_extra_params(&s.extra_params)
            }
            ProviderSettings::MyAnonamouse(s) => {
                validate_limits(s.timeout_secs, s.requests_per_minute)
            }
            ProviderSettings::AudiobookBay(s) => {
                validate_limits(s.timeout_secs, s.requests_per_minute)
            }
            ProviderSettings::QBittorrent(s) => {
                validate_text("username", &s.username)?;
                validate_text("category", &s.category)?;
                validate_mappings(&s.path_mappings)?;
                s.seeding.validate()
            }
            ProviderSettings::Transmission(s) => {
                if let Some(user) = &s.username {
                    validate_text("username", user)?;
                }
                validate_text("category", &s.category)?;
                validate_mappings(&s.path_mappings)?;
                s.seeding.validate()
            }
            ProviderSettings::Deluge(s) => {
                validate_text("category", &s.category)?;
                validate_mappings(&s.path_mappings)?;
                s.seeding.validate()
            }
            ProviderSettings::Sabnzbd(s) => {
                validate_text("category", &s.category)?;
                validate_mappings(&s.path_mappings)
            }
            ProviderSettings::Nzbget(s) => {
                validate_text("username", &s.username)?;
                validate_text("category", &s.category)?;
                validate_mappings(&s.path_mappings)
            }
            ProviderSettings::AudioBookShelf(s) => validate_mappings(&s.path_mappings),
        }
    }
}

fn validate_url(text: &str) -> Result<(), SettingsError> {
    let Ok(url) = url::Url::parse(text.trim()) else {
        return fail(
            "url",
            format!("{text:?} is not a URL such as http://127.0.0.1:8080"),
        );
    };
    if !matches!(url.scheme(), "http" | "https") {
        return fail(
            "url",
            format!("only http and https URLs are used, not {}:", url.scheme()),
        );
    }
    if url.host_str().is_none_or(str::is_empty) {
        return fail("url", "the URL needs a host name or address");
    }
    // Credentials in the URL would be stored and shown like any setting.
    if !url.username().is_empty() || url.password().is_some() {
        return fail(
            "url",
            "remove the user name and password from the URL and enter them in their own fields",
        );
    }
    if let Some((name, _)) = url
        .query_pairs()
        .find(|(name, _)| SECRET_PARAMS.contains(&name.to_ascii_lowercase().as_str()))
    {
        return fail(
            "url",
            format!("remove {name}= from the URL and enter it as the provider's secret instead"),
        );
    }
    Ok(())
}

fn validate_categories(categories: &[u32]) -> Result<(), SettingsError> {
    if categories.is_empty() {
        return fail(
            "categories",
            "choose at least one category, e.g. 3030 (Audio/Audiobook)",
        );
    }
    Ok(())
}

fn validate_limits(timeout_secs: u32, per_minute: u32) -> Result<(), SettingsError> {
    if !(1..=MAX_TIMEOUT_SECS).contains(&timeout_secs) {
        return fail(
            "timeoutSecs",
            format!("the timeout must be 1 to {MAX_TIMEOUT_SECS} seconds"),
        );
    }
    if !(1..=MAX_REQUESTS_PER_MINUTE).contains(&per_minute) {
        return fail(
            "requestsPerMinute",
            format!("allow 1 to {MAX_REQUESTS_PER_MINUTE} requests per minute"),
        );
    }
    Ok(())
}

fn validate_extra_params(params: &BTreeMap<String, String>) -> Result<(), SettingsError> {
    for name in params.keys() {
        let lower = name.to_ascii_lowercase();
        let field = format!("extraParams.{name}");
        if name.trim().is_empty() {
            return fail(field, "a parameter needs a name");
        }
        if SECRET_PARAMS.contains(&lower.as_str()) {
            return fail(
                field,
                "credentials go in the provider's secret, not in extra parameters",
            );
        }
        if RESERVED_PARAMS.contains(&lower.as_str()) {
            return fail(
                field,
                format!("{name} is set by AuralArchive for each search"),
            );
        }
    }
    Ok(())
}

fn validate_text(field: &str, value: &str) -> Result<(), SettingsError> {
    if value.trim().is_empty() {
        return fail(field, "must not be empty");
    }
    Ok(())
}

fn validate_mappings(mappings: &[PathMapping]) -> Result<(), SettingsError> {
    for (i, m) in mappings.iter().enumerate() {
        if m.remote.trim().is_empty() {
            return fail(format!("pathMappings[{i}].remote"), "must not be empty");
        }
        // The local side is opened on this machine, so a relative path would depend on the
        // working directory of whichever process reads it.
        if !std::path::Path::new(&m.local).is_absolute() {
            return fail(
                format!("pathMappings[{i}].local"),
                format!("{:?} must be an absolute folder on this machine", m.local),
            );
        }
    }
    Ok(())
}

pub(super) fn audiobook_categories() -> Vec<u32> {
    vec![3030]
}

pub(super) fn one() -> u32 {
    1
}

pub(super) fn default_timeout() -> u32 {
    10
}

pub(super) fn default_rate() -> u32 {
    60
}

pub(super) fn default_category() -> String {
    "audiobooks".to_owned()
}

pub(super) fn mam_url() -> String {
    "https://www.myanonamouse.net".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn torznab(url: &str) -> ProviderSettings {
        ProviderSettings::Torznab(TorznabSettings {
            url: url.to_owned(),
            categories: vec![3030],
            minimum_seeders: 1,
            timeout_secs: 10,
            requests_per_minute: 60,
            extra_params: BTreeMap::new(),
        })
    }

    #[test]
    fn urls_are_checked_and_never_carry_credentials() {
        for (url, field_error) in [
            (
                "http://127.0.0.1:9117/api/v2.0/indexers/x/results/torznab/",
                None,
            ),
            ("https://prowlarr.local/3/api", None),
            ("127.0.0.1:9117", Some("url")),
            ("file:///etc/passwd", Some("url")),
            ("http://user:test-pass@127.0.0.1:9117/", Some("url")),
            ("http://127.0.0.1:9117/api?apikey=abc", Some("url")),
            ("http://127.0.0.1:9117/api?PassKey=abc", Some("url")),
            ("not a url", Some("url")),
        ] {
            let got = torznab(url).validate().err().map(|e| e.field);
            assert_eq!(got.as_deref(), field_error, "url {url:?}");
        }
    }

    #[test]
    fn each_unusable_field_is_named_by_its_path() {
        let mut s = TorznabSettings {
            url: "http://127.0.0.1:1/".to_owned(),
            categories: vec![],
            minimum_seeders: 1,
            timeout_secs: 10,
            requests_per_minute: 60,
            extra_params: BTreeMap::new(),
        };
        let field = |s: &TorznabSettings| {
            ProviderSettings::Torznab(s.clone())
                .validate()
                .err()
                .map(|e| e.field)
        };
        assert_eq!(field(&s).as_deref(), Some("categories"));
        s.categories = vec![3030];
        s.timeout_secs = 61;
        assert_eq!(field(&s).as_deref(), Some("timeoutSecs"));
        s.timeout_secs = 10;
        s.extra_params.insert("apikey".to_owned(), "x".to_owned());
        assert_eq!(field(&s).as_deref(), Some("extraParams.apikey"));
        s.extra_params.clear();
        s.extra_params.insert("cat".to_owned(), "1".to_owned());
        assert_eq!(field(&s).as_deref(), Some("extraParams.cat"));
        s.extra_params.clear();
        assert_eq!(field(&s), None);

        let client = ProviderSettings::QBittorrent(QbittorrentSettings {
            url: "http://127.0.0.1:8080".to_owned(),
            username: "admin".to_owned(),
            category: "audiobooks".to_owned(),
            save_path: None,
            path_mappings: vec![PathMapping {
                remote: "/downloads".to_owned(),
                local: "downloads".to_owned(),
            }],
            seeding: SeedingRule::default(),
        });
        assert_eq!(
            client.validate().err().map(|e| e.field).as_deref(),
            Some("pathMappings[0].local")
        );
    }

    #[test]
    fn clients_stored_before_seeding_rules_parse_with_the_default_rule() {
        let s: ProviderSettings = serde_json::from_str(
            r#"{"kind":"qbittorrent","url":"http://127.0.0.1:8080","username":"admin","pathMappings":[{"remote":"/downloads","local":"/mnt/nas/downloads"}]}"#,
        )
        .expect("an older row parses");
        let ProviderSettings::QBittorrent(q) = s else {
            panic!("qbittorrent settings")
        };
        assert_eq!(q.seeding, SeedingRule::default());
        assert_eq!(q.path_mappings[0].local, "/mnt/nas/downloads");
    }

    #[test]
    fn a_bad_seeding_rule_is_reported_on_its_field() {
        let client = ProviderSettings::Deluge(DelugeSettings {
            url: "http://127.0.0.1:8112".to_owned(),
            category: "audiobooks".to_owned(),
            save_path: None,
            path_mappings: Vec::new(),
            seeding: SeedingRule::Remove(crate::provider::SeedingLimits {
                ratio: Some(0.0),
                minutes: None,
                delete_data: false,
            }),
        });
        assert_eq!(
            client.validate().err().map(|e| e.field).as_deref(),
            Some("seeding.ratio")
        );
    }

    #[test]
    fn settings_are_tagged_by_kind_and_fill_defaults() {
        let s: ProviderSettings =
            serde_json::from_str(r#"{"kind":"torznab","url":"http://127.0.0.1:9117/"}"#)
                .expect("parses");
        assert_eq!(s.kind(), ProviderKind::Torznab);
        let ProviderSettings::Torznab(t) = &s else {
            panic!("torznab settings")
        };
        assert_eq!(
            t.categories,
            vec![3030],
            "audiobooks by default (SPEC §5.1)"
        );
        assert_eq!((t.minimum_seeders, t.timeout_secs), (1, 10));
        let json = serde_json::to_value(&s).expect("serialises");
        assert_eq!(json["kind"], "torznab");
        assert_eq!(json["timeoutSecs"], 10, "camelCase fields");
        for kind in ProviderKind::ALL {
            let tag =
                serde_json::json!({"kind": kind.as_str(), "url": "http://h/", "username": "u"});
            let parsed: ProviderSettings = serde_json::from_value(tag).expect("every kind parses");
            assert_eq!(parsed.kind(), kind);
        }
    }
}
