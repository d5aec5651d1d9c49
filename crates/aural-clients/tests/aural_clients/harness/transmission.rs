//! transmission-daemon 3.00 on loopback with a per-run password (TESTBEDS.md).

use std::path::PathBuf;
use std::process::Command;

use aural_clients::Connection;
use aural_core::Sensitive;
use tempfile::TempDir;
use url::Url;

use super::process::Process;
use super::{free_port, new_password, spawn_listening};

pub const USERNAME: &str = "admin";

pub struct TransmissionDaemon {
    pub url: Url,
    pub password: String,
    pub downloads: PathBuf,
    pub dir: TempDir,
    rpc: u16,
    process: Process,
}

impl TransmissionDaemon {
    pub async fn start() -> anyhow::Result<TransmissionDaemon> {
        let dir = tempfile::tempdir()?;
        let password = new_password();
        let downloads = dir.path().join("downloads");
        std::fs::create_dir_all(&downloads)?;
        let config = dir.path().join("config");
        let (process, rpc) = spawn_listening("transmission-daemon", |rpc| {
            let peer = free_port();
            // The daemon rewrites this file on exit (the password becomes a hash), so it is
            // written anew for each start.
            std::fs::create_dir_all(&config)?;
            let settings = serde_json::json!({
                "bind-address-ipv4": "127.0.0.1", "bind-address-ipv6": "::1",
                "dht-enabled": false, "lpd-enabled": false, "pex-enabled": false,
                "port-forwarding-enabled": false, "blocklist-enabled": false,
                "peer-port": peer, "peer-port-random-on-start": false,
                "download-dir": downloads, "incomplete-dir-enabled": false, "watch-dir-enabled": false,
                "rpc-enabled": true, "rpc-bind-address": "127.0.0.1", "rpc-port": rpc,
                "rpc-authentication-required": true, "rpc-username": USERNAME, "rpc-password": password,
                "rpc-whitelist-enabled": true, "rpc-whitelist": "127.0.0.1,::1",
                "rpc-host-whitelist-enabled": true, "rpc-host-whitelist": "localhost,127.0.0.1",
            });
            std::fs::write(
                config.join("settings.json"),
                serde_json::to_vec_pretty(&settings)?,
            )?;
            spawn(&dir)
        })
        .await?;
        Ok(TransmissionDaemon {
            url: Url::parse(&format!("http://127.0.0.1:{rpc}"))?,
            password,
            downloads,
            dir,
            rpc,
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

    /// Starts it again on the same config (ports included), after [`TransmissionDaemon::kill`].
    pub async fn restart(&mut self) -> anyhow::Result<()> {
        self.process.kill();
        self.process = spawn(&self.dir)?;
        self.process
            .came_back(self.rpc, "transmission-daemon")
            .await
    }
}

fn spawn(dir: &TempDir) -> anyhow::Result<Process> {
    let mut command = Command::new("transmission-daemon");
    command
        .arg("--foreground")
        .arg("--config-dir")
        .arg(dir.path().join("config"))
        .arg("--logfile")
        .arg(dir.path().join("transmission.log"));
    Process::spawn(command, &dir.path().join("transmission.out"))
}
