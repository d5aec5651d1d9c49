//! The settings a new provider starts from, so a form or the CLI fills in only what differs
//! from the defaults kept here, next to the types.

use std::collections::BTreeMap;

use crate::provider::kind::ProviderKind;
use crate::provider::seeding::SeedingRule;
use crate::provider::settings::{
    AbbSettings, AudioBookShelfSettings, DelugeSettings, MamSettings, NewznabSettings,
    NzbgetSettings, ProviderSettings, QbittorrentSettings, SabnzbdSettings, TorznabSettings,
    TransmissionSettings, audiobook_categories, default_category, default_rate, default_timeout,
    mam_url, one,
};

impl ProviderSettings {
    /// A kind's defaults with the address left empty (MyAnonamouse's has only one), and the
    /// user names the daemons ship with.
    pub fn blank(kind: ProviderKind) -> ProviderSettings {
        let url = String::new();
        match kind {
            ProviderKind::Torznab => ProviderSettings::Torznab(TorznabSettings {
                url,
                categories: audiobook_categories(),
                minimum_seeders: one(),
                timeout_secs: default_timeout(),
                requests_per_minute: default_rate(),
                extra_params: BTreeMap::new(),
            }),
            ProviderKind::Newznab => ProviderSettings::Newznab(NewznabSettings {
                url,
                categories: audiobook_categories(),
                timeout_secs: default_timeout(),
                requests_per_minute: default_rate(),
                extra_params: BTreeMap::new(),
            }),
            ProviderKind::MyAnonamouse => ProviderSettings::MyAnonamouse(MamSettings {
                url: mam_url(),
                search_type: Default::default(),
                timeout_secs: default_timeout(),
                requests_per_minute: default_rate(),
            }),
            ProviderKind::AudiobookBay => ProviderSettings::AudiobookBay(AbbSettings {
                url,
                timeout_secs: default_timeout(),
                requests_per_minute: default_rate(),
            }),
            ProviderKind::QBittorrent => ProviderSettings::QBittorrent(QbittorrentSettings {
                url,
                username: "admin".to_owned(),
                category: default_category(),
                save_path: None,
                path_mappings: Vec::new(),
                seeding: SeedingRule::default(),
            }),
            ProviderKind::Transmission => ProviderSettings::Transmission(TransmissionSettings {
                url,
                username: None,
                category: default_category(),
                save_path: None,
                path_mappings: Vec::new(),
                seeding: SeedingRule::default(),
            }),
            ProviderKind::Deluge => ProviderSettings::Deluge(DelugeSettings {
                url,
                category: default_category(),
                save_path: None,
                path_mappings: Vec::new(),
                seeding: SeedingRule::default(),
            }),
            ProviderKind::Sabnzbd => ProviderSettings::Sabnzbd(SabnzbdSettings {
                url,
                category: default_category(),
                path_mappings: Vec::new(),
            }),
            ProviderKind::Nzbget => ProviderSettings::Nzbget(NzbgetSettings {
                url,
                username: "nzbget".to_owned(),
                category: default_category(),
                path_mappings: Vec::new(),
            }),
            ProviderKind::AudioBookShelf => {
                ProviderSettings::AudioBookShelf(AudioBookShelfSettings {
                    url,
                    library_id: None,
                    path_mappings: Vec::new(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_needs_only_an_address_and_matches_the_serde_defaults() {
        for kind in ProviderKind::ALL {
            let blank = ProviderSettings::blank(kind);
            assert_eq!(blank.kind(), kind);
            let mut json = serde_json::to_value(&blank).expect("serialises");
            json["url"] = "http://127.0.0.1:1/".into();
            let filled: ProviderSettings = serde_json::from_value(json).expect("parses");
            assert_eq!(filled.validate(), Ok(()), "{kind:?} needs only a URL");
            let mut minimal =
                serde_json::json!({"kind": kind.as_str(), "url": "http://127.0.0.1:1/"});
            if let ProviderSettings::QBittorrent(QbittorrentSettings { username, .. })
            | ProviderSettings::Nzbget(NzbgetSettings { username, .. }) = &filled
            {
                minimal["username"] = username.clone().into();
            }
            let from_defaults: ProviderSettings = serde_json::from_value(minimal).expect("parses");
            assert_eq!(
                from_defaults, filled,
                "{kind:?}: the blank holds the same defaults an old row gets"
            );
        }
    }
}
