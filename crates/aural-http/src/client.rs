//! The one way to build the shared `reqwest` client.

use std::time::Duration;

use crate::error::HttpError;

/// How the client connects; the defaults suit every remote service AuralArchive talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSettings {
    pub user_agent: String,
    /// Time to open the TCP connection and finish the TLS handshake.
    pub connect_timeout: Duration,
    /// Longest silence while waiting for the answer or between two reads of its body; a download
    /// that keeps moving is never cut off, a server that stops answering is.
    pub read_timeout: Duration,
}

impl ClientSettings {
    /// `AuralArchive/<version>`, 10 s to connect, 30 s of silence at most.
    pub fn for_version(version: &str) -> ClientSettings {
        ClientSettings {
            user_agent: format!("AuralArchive/{version}"),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
        }
    }
}

/// As many as reqwest follows by default.
const MAX_REDIRECTS: usize = 10;

pub fn build_client(settings: &ClientSettings) -> Result<reqwest::Client, HttpError> {
    // reqwest is built without a default crypto provider (see the workspace Cargo.toml); the first
    // client installs ring for the process. A second call finds it installed, which is fine.
    // rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange; aws-lc-rs,
    // its replacement, is a large C build we defer until rustls 0.24 drops ring.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        // An indexer's download link may redirect to a `magnet:` URI (Jackett and Prowlarr do for
        // magnet-only trackers); such a redirect cannot be followed, so it ends the request and
        // its 3xx answer, with the URI in `Location`, goes to the caller.
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            if !matches!(attempt.url().scheme(), "http" | "https") {
                attempt.stop()
            } else if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else {
                attempt.follow()
            }
        }))
        .user_agent(&settings.user_agent)
        .connect_timeout(settings.connect_timeout)
        .read_timeout(settings.read_timeout)
        .gzip(true)
        .build()
        .map_err(|e| HttpError::Client(e.without_url()))
}
