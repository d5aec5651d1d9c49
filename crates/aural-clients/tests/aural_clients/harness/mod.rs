//! Real qbittorrent-nox, transmission-daemon, deluged + deluge-web and nzbget on loopback
//! (TESTBEDS.md), a loopback fake server, a tiny real torrent and NZB, and waiting for a
//! condition with a deadline. The daemon process, qBittorrent and the torrent come from the
//! test kit, which the download pipeline's tests share.

pub mod deluge;
pub mod fake;
pub mod nntp;
pub mod nzbget;
pub mod sabnzbd;
pub mod transmission;

pub use aural_testkit::clients::{
    free_port, new_password, process, qbittorrent, spawn_listening, torrent,
};

use std::future::Future;
use std::time::Duration;

/// Checks `check` every 100 ms until it gives `Some`; past `within` it panics naming `what`.
pub async fn wait_for<T, F, Fut>(within: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out after {within:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The shared HTTP client, as the app builds it, giving up on a silent server after `read`.
pub fn http_waiting(read: Duration) -> reqwest::Client {
    let mut settings = aural_http::ClientSettings::for_version("test");
    settings.connect_timeout = Duration::from_secs(2);
    settings.read_timeout = read;
    aural_http::build_client(&settings).expect("the client builds")
}

/// The shared HTTP client, as the app builds it.
pub fn http() -> reqwest::Client {
    http_waiting(Duration::from_secs(10))
}

/// Asserts `text` does not contain `secret`.
pub fn assert_hidden(text: &str, secret: &str, what: &str) {
    assert!(!text.contains(secret), "{what} shows the password: {text}");
}
