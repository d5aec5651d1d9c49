//! qbittorrent-nox 4.5.2 on loopback with a per-run password (TESTBEDS.md).

use std::path::PathBuf;
use std::process::Command;

use aural_clients::Connection;
use aural_core::Sensitive;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use tempfile::TempDir;
use url::Url;

use super::process::Process;
use super::{free_port, new_password, spawn_listening};

pub const USERNAME: &str = "admin";

pub struct QbitDaemon {
    pub url: Url,
    pub password: String,
    /// The default save path.
    pub downloads: PathBuf,
    pub dir: TempDir,
    web: u16,
    peer: u16,
    process: Process,
}

impl QbitDaemon {
    /// Allows 1000 failed logins, so only the ban test ever gets banned.
    pub async fn start() -> anyhow::Result<QbitDaemon> {
        QbitDaemon::start_with_fail_limit(1000).await
    }

    /// Bans the address after `fail_limit` failed logins (qBittorrent's default is 5).
    pub async fn start_with_fail_limit(fail_limit: u32) -> anyhow::Result<QbitDaemon> {
        let dir = tempfile::tempdir()?;
        let password = new_password();
        let downloads = dir.path().join("downloads");
        std::fs::create_dir_all(&downloads)?;
        let mut peer = 0;
        let (process, web) = spawn_listening("qbittorrent-nox", |web| {
            peer = free_port();
            write_config(&dir, &downloads, &password, peer, fail_limit)?;
            spawn(&dir, web, peer)
        })
        .await?;
        Ok(QbitDaemon {
            url: Url::parse(&format!("http://127.0.0.1:{web}/"))?,
            password,
            downloads,
            dir,
            web,
            peer,
            process,
        })
    }

    pub fn connection(&self) -> Connection {
        self.connection_with(&self.password)
    }

    pub fn connection_with(&self, password: &str) -> Connection {
        Connection {
            url: self.url.clone(),
            username: Some(USERNAME.to_owned()),
            password: Some(Sensitive::new(password.to_owned())),
        }
    }

    /// SIGKILL: a crashed client.
    pub fn kill(&mut self) {
        self.process.kill();
    }

    /// Starts it again on the same profile and ports, after [`QbitDaemon::kill`].
    pub async fn restart(&mut self) -> anyhow::Result<()> {
        self.process.kill();
        self.process = spawn(&self.dir, self.web, self.peer)?;
        self.process.came_back(self.web, "qbittorrent-nox").await
    }
}

fn spawn(dir: &TempDir, web: u16, peer: u16) -> anyhow::Result<Process> {
    let mut command = Command::new("qbittorrent-nox");
    command
        .arg(format!("--profile={}", dir.path().display()))
        .arg(format!("--webui-port={web}"))
        .arg(format!("--torrenting-port={peer}"));
    Process::spawn(command, &dir.path().join("qbittorrent.out"))
}

fn write_config(
    dir: &TempDir,
    downloads: &std::path::Path,
    password: &str,
    peer: u16,
    fail_limit: u32,
) -> anyhow::Result<()> {
    let config = dir.path().join("qBittorrent/config");
    std::fs::create_dir_all(&config)?;
    // Qt INI: no end-of-line comments, backslashes are literal key separators.
    let ini = format!(
        "[LegalNotice]\nAccepted=true\n\n\
         [BitTorrent]\nSession\\Port={peer}\nSession\\InterfaceAddress=127.0.0.1\n\
         Session\\DHTEnabled=false\nSession\\LSDEnabled=false\nSession\\PeXEnabled=false\n\
         Session\\AddTrackersEnabled=false\nSession\\MultiConnectionsPerIp=true\n\
         Session\\DefaultSavePath={downloads}\nSession\\TempPathEnabled=false\n\n\
         [Network]\nPortForwardingEnabled=false\n\n\
         [Preferences]\nConnection\\UPnP=false\nConnection\\ResolvePeerCountries=false\n\
         General\\Locale=en\nWebUI\\Address=127.0.0.1\nWebUI\\Username={USERNAME}\n\
         WebUI\\Password_PBKDF2={hash}\nWebUI\\LocalHostAuth=true\nWebUI\\UseUPnP=false\n\
         WebUI\\MaxAuthenticationFailCount={fail_limit}\nWebUI\\CSRFProtection=true\n",
        downloads = downloads.display(),
        hash = password_hash(password),
    );
    std::fs::write(config.join("qBittorrent.conf"), ini)?;
    Ok(())
}

/// qBittorrent ≥ 4.2: PBKDF2-HMAC-SHA512, 16-byte salt, 100 000 rounds, 64-byte key.
fn password_hash(password: &str) -> String {
    let salt = *uuid::Uuid::new_v4().as_bytes();
    let key = pbkdf2::pbkdf2_hmac_array::<sha2::Sha512, 64>(password.as_bytes(), &salt, 100_000);
    format!("\"@ByteArray({}:{})\"", B64.encode(salt), B64.encode(key))
}
