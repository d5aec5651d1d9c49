//! Real qbittorrent-nox, transmission-daemon, deluged + deluge-web and nzbget on loopback
//! (TESTBEDS.md), a loopback fake server, a tiny real torrent and NZB, and waiting for a
//! condition with a deadline.

pub mod deluge;
pub mod fake;
pub mod nntp;
pub mod nzbget;
mod process;
pub mod qbittorrent;
pub mod sabnzbd;
pub mod torrent;
pub mod transmission;

use std::future::Future;
use std::net::{Ipv4Addr, TcpListener};
use std::time::Duration;

/// A port the kernel just gave out and took back.
pub fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a loopback port is free")
}

/// A password new for each run, obviously fake.
pub fn new_password() -> String {
    format!(
        "test-pass-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}

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

const START_WITHIN: Duration = Duration::from_secs(30);
const START_TRIES: usize = 3;

/// Starts a daemon with `spawn(port)` until it listens on that loopback port. Another test may
/// take a free port between choosing it and binding it, so each try gets a fresh one; `spawn`
/// writes the config for the port (and chooses any further ports) itself.
pub async fn spawn_listening(
    name: &str,
    mut spawn: impl FnMut(u16) -> anyhow::Result<process::Process>,
) -> anyhow::Result<(process::Process, u16)> {
    let mut last_log = String::new();
    for _ in 0..START_TRIES {
        let port = free_port();
        let mut process = spawn(port)?;
        if process.listening(port).await {
            return Ok((process, port));
        }
        last_log = process.log_tail();
    }
    anyhow::bail!("{name} did not start listening:\n{last_log}")
}

/// Waits until `port` accepts connections or `exited` says the process is gone.
async fn wait_listening(port: u16, within: Duration, mut exited: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    while tokio::time::Instant::now() < deadline {
        if exited() {
            return false;
        }
        if tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port))
            .await
            .is_ok()
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}
