//! The one place a download-client provider becomes an `aural-clients` client: its Test button,
//! grabs and the download monitor all connect through [`build`].

use std::sync::Arc;

use aural_clients::{
    ClientError, Connection, Deluge, DownloadClient, NzbGet, PathMap, QBittorrent, Sabnzbd,
    Transmission,
};
use aural_core::{ProviderSettings, Sensitive};
use url::Url;

/// The client a provider's settings describe, signing in with `secret`; `None` when the
/// settings are not a download client's. An unusable URL is [`ClientError::InvalidUrl`].
pub fn build(
    http: aural_http::Client,
    settings: &ProviderSettings,
    secret: Option<Sensitive<String>>,
) -> Option<Result<Arc<dyn DownloadClient>, ClientError>> {
    let connect = |url: &str, username: Option<&str>| -> Result<Connection, ClientError> {
        Ok(Connection {
            url: Url::parse(url).map_err(|_| ClientError::InvalidUrl(url.to_owned()))?,
            username: username.filter(|u| !u.is_empty()).map(str::to_owned),
            password: secret.clone(),
        })
    };
    let client = match settings {
        ProviderSettings::QBittorrent(s) => connect(&s.url, Some(&s.username))
            .and_then(|c| QBittorrent::new(http, c))
            .map(|c| Arc::new(c) as Arc<dyn DownloadClient>),
        ProviderSettings::Transmission(s) => connect(&s.url, s.username.as_deref())
            .and_then(|c| Transmission::new(http, c))
            .map(|c| Arc::new(c) as Arc<dyn DownloadClient>),
        ProviderSettings::Deluge(s) => connect(&s.url, None)
            .and_then(|c| Deluge::new(http, c))
            .map(|c| Arc::new(c) as Arc<dyn DownloadClient>),
        ProviderSettings::Nzbget(s) => connect(&s.url, Some(&s.username))
            .and_then(|c| NzbGet::new(http, c))
            .map(|c| Arc::new(c) as Arc<dyn DownloadClient>),
        // SABnzbd takes its API key where the others take a password.
        ProviderSettings::Sabnzbd(s) => connect(&s.url, None)
            .and_then(|c| Sabnzbd::new(http, c))
            .map(|c| Arc::new(c) as Arc<dyn DownloadClient>),
        _ => return None,
    };
    Some(client)
}

/// Where the client files downloads, for the grab: its category and the save path the user
/// chose, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub category: Option<String>,
    pub save_path: Option<String>,
    pub paths: PathMap,
}

/// `None` when the settings are not a download client's.
pub fn placement(settings: &ProviderSettings) -> Option<Placement> {
    let (category, save_path, mappings) = match settings {
        ProviderSettings::QBittorrent(s) => (&s.category, s.save_path.as_ref(), &s.path_mappings),
        ProviderSettings::Transmission(s) => (&s.category, s.save_path.as_ref(), &s.path_mappings),
        ProviderSettings::Deluge(s) => (&s.category, s.save_path.as_ref(), &s.path_mappings),
        ProviderSettings::Sabnzbd(s) => (&s.category, None, &s.path_mappings),
        ProviderSettings::Nzbget(s) => (&s.category, None, &s.path_mappings),
        _ => return None,
    };
    Some(Placement {
        category: Some(category.trim().to_owned()).filter(|c| !c.is_empty()),
        save_path: save_path
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty()),
        paths: PathMap::new(mappings),
    })
}
