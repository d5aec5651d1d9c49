//! Real download clients on loopback (TESTBEDS.md), shared by the client protocol tests and the
//! download pipeline tests: a daemon process owned by one test, qbittorrent-nox with a per-run
//! password, a tiny real torrent, and starting a daemon on a free port.

pub mod process;
pub mod qbittorrent;
pub mod torrent;

use std::net::{Ipv4Addr, TcpListener};
use std::time::Duration;

pub use process::Process;
pub use qbittorrent::QbitDaemon;
pub use torrent::{SampleTorrent, unresolvable_magnet};

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

const START_WITHIN: Duration = Duration::from_secs(30);
const START_TRIES: usize = 3;

/// Starts a daemon with `spawn(port)` until it listens on that loopback port. Another test may
/// take a free port between choosing it and binding it, so each try gets a fresh one; `spawn`
/// writes the config for the port (and chooses any further ports) itself.
pub async fn spawn_listening(
    name: &str,
    mut spawn: impl FnMut(u16) -> anyhow::Result<Process>,
) -> anyhow::Result<(Process, u16)> {
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
