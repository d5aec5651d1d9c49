//! What can go wrong talking to a download client, as facts a caller can act on. URLs are
//! redacted and no variant carries a password, a cookie or a session id.

use aural_http::RedactedUrl;

use crate::client::ItemId;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    #[error("{0:?} is not an http(s) URL of a download client")]
    InvalidUrl(String),
    #[error("cannot connect to {url}")]
    Unreachable {
        url: RedactedUrl,
        #[source]
        source: reqwest::Error,
    },
    #[error("{url} did not answer in time")]
    Timeout { url: RedactedUrl },
    #[error("the connection to {url} failed")]
    Transport {
        url: RedactedUrl,
        #[source]
        source: reqwest::Error,
    },
    #[error("{client} rejected the user name or password")]
    Auth { client: &'static str },
    /// qBittorrent refuses every request from an address after too many failed logins.
    #[error("{client} has banned this address after too many failed logins")]
    Banned { client: &'static str },
    #[error("{url} answers, but not like {client}")]
    NotTheClient {
        url: RedactedUrl,
        client: &'static str,
    },
    #[error("{client} answered HTTP {status} for {endpoint}")]
    Http {
        client: &'static str,
        status: u16,
        endpoint: &'static str,
    },
    #[error("{client} answered {endpoint} with something that could not be read")]
    Parse {
        client: &'static str,
        endpoint: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("{client} refused the request: {message}")]
    Rejected {
        client: &'static str,
        message: String,
    },
    #[error("{client} has no download {id}")]
    NotFound { client: &'static str, id: ItemId },
    #[error("{client} accepted the download {id} but does not list it")]
    NotListed { client: &'static str, id: ItemId },
    /// An NZB sent to a torrent client, or a torrent to a Usenet client.
    #[error("this client takes {expected}")]
    WrongSource { expected: &'static str },
    #[error("not a valid .torrent file: {0}")]
    InvalidTorrent(String),
    #[error("not a magnet link with a BitTorrent info hash")]
    InvalidMagnet,
}

impl ClientError {
    /// The client could not be reached at all; a monitor shows this as a health warning and
    /// keeps the download.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            ClientError::Unreachable { .. }
                | ClientError::Timeout { .. }
                | ClientError::Transport { .. }
        )
    }
}
