//! The kinds of provider and the family each belongs to.

use serde::{Deserialize, Serialize};

use crate::secret_ref::SecretKind;

/// Indexers, download clients and AudioBookShelf servers share one table and one set of commands;
/// the family decides which kinds a command offers (`indexers`, `clients`, `abs`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ProviderFamily {
    Indexer,
    DownloadClient,
    AudioBookShelf,
}

impl ProviderFamily {
    pub fn kinds(self) -> &'static [ProviderKind] {
        match self {
            ProviderFamily::Indexer => &[
                ProviderKind::Torznab,
                ProviderKind::Newznab,
                ProviderKind::MyAnonamouse,
                ProviderKind::AudiobookBay,
            ],
            ProviderFamily::DownloadClient => &[
                ProviderKind::QBittorrent,
                ProviderKind::Transmission,
                ProviderKind::Deluge,
                ProviderKind::Sabnzbd,
                ProviderKind::Nzbget,
            ],
            ProviderFamily::AudioBookShelf => &[ProviderKind::AudioBookShelf],
        }
    }

    /// Where its secrets are filed.
    pub fn secret_kind(self) -> SecretKind {
        match self {
            ProviderFamily::Indexer => SecretKind::Indexer,
            ProviderFamily::DownloadClient => SecretKind::DownloadClient,
            ProviderFamily::AudioBookShelf => SecretKind::AudioBookShelf,
        }
    }

    /// One of them with its article, for messages ("an indexer").
    pub fn one(self) -> &'static str {
        match self {
            ProviderFamily::Indexer => "an indexer",
            ProviderFamily::DownloadClient => "a download client",
            ProviderFamily::AudioBookShelf => "an AudioBookShelf server",
        }
    }

    /// How people call one of them, for messages ("indexer", "download client").
    pub fn noun(self) -> &'static str {
        match self {
            ProviderFamily::Indexer => "indexer",
            ProviderFamily::DownloadClient => "download client",
            ProviderFamily::AudioBookShelf => "AudioBookShelf server",
        }
    }
}

/// The text form is the `kind` tag of the settings JSON and of the `providers.kind` column.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProviderKind {
    #[serde(rename = "torznab")]
    Torznab,
    #[serde(rename = "newznab")]
    Newznab,
    #[serde(rename = "mam")]
    MyAnonamouse,
    #[serde(rename = "abb")]
    AudiobookBay,
    #[serde(rename = "qbittorrent")]
    QBittorrent,
    #[serde(rename = "transmission")]
    Transmission,
    #[serde(rename = "deluge")]
    Deluge,
    #[serde(rename = "sabnzbd")]
    Sabnzbd,
    #[serde(rename = "nzbget")]
    Nzbget,
    #[serde(rename = "audiobookshelf")]
    AudioBookShelf,
}

/// Which secret a kind needs, so a form or the CLI asks for the right one.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SecretField {
    ApiKey,
    Password,
    /// MyAnonamouse's `mam_id` session cookie.
    SessionCookie,
}

impl SecretField {
    /// The field name a test report or a validation error points at.
    pub fn field(self) -> &'static str {
        match self {
            SecretField::ApiKey => "apiKey",
            SecretField::Password => "password",
            SecretField::SessionCookie => "sessionCookie",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            SecretField::ApiKey => "an API key",
            SecretField::Password => "a password",
            SecretField::SessionCookie => "a session cookie (mam_id)",
        }
    }
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 10] = [
        ProviderKind::Torznab,
        ProviderKind::Newznab,
        ProviderKind::MyAnonamouse,
        ProviderKind::AudiobookBay,
        ProviderKind::QBittorrent,
        ProviderKind::Transmission,
        ProviderKind::Deluge,
        ProviderKind::Sabnzbd,
        ProviderKind::Nzbget,
        ProviderKind::AudioBookShelf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Torznab => "torznab",
            ProviderKind::Newznab => "newznab",
            ProviderKind::MyAnonamouse => "mam",
            ProviderKind::AudiobookBay => "abb",
            ProviderKind::QBittorrent => "qbittorrent",
            ProviderKind::Transmission => "transmission",
            ProviderKind::Deluge => "deluge",
            ProviderKind::Sabnzbd => "sabnzbd",
            ProviderKind::Nzbget => "nzbget",
            ProviderKind::AudioBookShelf => "audiobookshelf",
        }
    }

    pub fn parse(s: &str) -> Option<ProviderKind> {
        ProviderKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The product name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            ProviderKind::Torznab => "Torznab",
            ProviderKind::Newznab => "Newznab",
            ProviderKind::MyAnonamouse => "MyAnonamouse",
            ProviderKind::AudiobookBay => "AudiobookBay",
            ProviderKind::QBittorrent => "qBittorrent",
            ProviderKind::Transmission => "Transmission",
            ProviderKind::Deluge => "Deluge",
            ProviderKind::Sabnzbd => "SABnzbd",
            ProviderKind::Nzbget => "NZBGet",
            ProviderKind::AudioBookShelf => "AudioBookShelf",
        }
    }

    pub fn family(self) -> ProviderFamily {
        match self {
            ProviderKind::Torznab
            | ProviderKind::Newznab
            | ProviderKind::MyAnonamouse
            | ProviderKind::AudiobookBay => ProviderFamily::Indexer,
            ProviderKind::QBittorrent
            | ProviderKind::Transmission
            | ProviderKind::Deluge
            | ProviderKind::Sabnzbd
            | ProviderKind::Nzbget => ProviderFamily::DownloadClient,
            ProviderKind::AudioBookShelf => ProviderFamily::AudioBookShelf,
        }
    }

    /// The secret this kind signs in with; `None` for public AudiobookBay (SPEC §5.1).
    pub fn secret_field(self) -> Option<SecretField> {
        match self {
            ProviderKind::Torznab
            | ProviderKind::Newznab
            | ProviderKind::Sabnzbd
            | ProviderKind::AudioBookShelf => Some(SecretField::ApiKey),
            ProviderKind::MyAnonamouse => Some(SecretField::SessionCookie),
            ProviderKind::QBittorrent
            | ProviderKind::Transmission
            | ProviderKind::Deluge
            | ProviderKind::Nzbget => Some(SecretField::Password),
            ProviderKind::AudiobookBay => None,
        }
    }

    /// Whether a new provider of this kind starts enabled. AudiobookBay is scraped from a public
    /// site whose domain changes often, so the user turns it on explicitly (SPEC §5.1).
    pub fn enabled_when_added(self) -> bool {
        self != ProviderKind::AudiobookBay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_belongs_to_exactly_the_family_that_lists_it() {
        for kind in ProviderKind::ALL {
            let listed_in: Vec<ProviderFamily> = [
                ProviderFamily::Indexer,
                ProviderFamily::DownloadClient,
                ProviderFamily::AudioBookShelf,
            ]
            .into_iter()
            .filter(|f| f.kinds().contains(&kind))
            .collect();
            assert_eq!(listed_in, vec![kind.family()], "{kind:?}");
        }
    }

    #[test]
    fn kind_text_matches_its_serde_tag() {
        for kind in ProviderKind::ALL {
            let json = serde_json::to_value(kind).expect("serialises");
            assert_eq!(json, serde_json::Value::from(kind.as_str()), "{kind:?}");
            assert_eq!(ProviderKind::parse(kind.as_str()), Some(kind));
        }
    }
}
