//! deluged + deluge-web 2.0.3 on loopback with a per-run password (TESTBEDS.md "Deluge 2.0.3").

use std::path::{Path, PathBuf};
use std::process::Command;

use aural_clients::Connection;
use aural_core::Sensitive;
use sha1::{Digest, Sha1};
use tempfile::TempDir;
use url::Url;

use super::process::Process;
use super::{free_port, new_password, spawn_listening};

/// The daemon account deluge-web signs in with; the web password is the same per-run password.
const DAEMON_USER: &str = "admin";
const HOST_ID: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

pub struct DelugeDaemon {
    pub url: Url,
    pub password: String,
    pub downloads: PathBuf,
    pub dir: TempDir,
    // Dropped in this order: the web UI before its daemon.
    _web: Process,
    _daemon: Process,
}

impl DelugeDaemon {
    /// `labels` turns the Label plugin on, as a user who files torrents under labels has.
    pub async fn start(labels: bool) -> anyhow::Result<DelugeDaemon> {
        let dir = tempfile::tempdir()?;
        let password = new_password();
        let downloads = dir.path().join("downloads");
        let config = dir.path().join("config");
        std::fs::create_dir_all(&downloads)?;
        std::fs::create_dir_all(&config)?;
        write_auth(&config, &password)?;
        let (daemon, _) = spawn_listening("deluged", |port| {
            write_core(&config, &downloads, port, free_port(), labels)?;
            write_hosts(&config, port, &password)?;
            let mut command = Command::new("deluged");
            command.arg("-c").arg(&config).arg("-d");
            command.args(["-u", "127.0.0.1", "-i", "127.0.0.1", "-L", "none"]);
            command.arg("-p").arg(port.to_string());
            command.arg("-l").arg(dir.path().join("deluged.log"));
            Process::spawn(command, &dir.path().join("deluged.out"))
        })
        .await?;
        let (web, web_port) = spawn_listening("deluge-web", |port| {
            write_web(&config, port, &password)?;
            let mut command = Command::new("deluge-web");
            command.arg("-c").arg(&config).arg("-d");
            command.args(["-i", "127.0.0.1", "--no-ssl", "-L", "none"]);
            command.arg("-p").arg(port.to_string());
            command.arg("-l").arg(dir.path().join("deluge-web.log"));
            Process::spawn(command, &dir.path().join("deluge-web.out"))
        })
        .await?;
        Ok(DelugeDaemon {
            url: Url::parse(&format!("http://127.0.0.1:{web_port}/"))?,
            password,
            downloads,
            dir,
            _web: web,
            _daemon: daemon,
        })
    }

    pub fn connection(&self) -> Connection {
        self.connection_with(&self.password)
    }

    /// deluge-web has no user name, only a password.
    pub fn connection_with(&self, password: &str) -> Connection {
        Connection {
            url: self.url.clone(),
            username: None,
            password: Some(Sensitive::new(password.to_owned())),
        }
    }
}

/// Deluge's config files are a header object and the values object, back to back.
fn write_conf(path: &Path, file: u32, values: serde_json::Value) -> anyhow::Result<()> {
    let header = serde_json::json!({ "file": file, "format": 1 });
    std::fs::write(path, format!("{header}{values}"))?;
    Ok(())
}

fn write_auth(config: &Path, password: &str) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let auth = config.join("auth");
    std::fs::write(&auth, format!("{DAEMON_USER}:{password}:10\n"))?;
    std::fs::set_permissions(&auth, std::fs::Permissions::from_mode(0o600))?;
    Ok(())
}

fn write_core(
    config: &Path,
    downloads: &Path,
    daemon_port: u16,
    peer_port: u16,
    labels: bool,
) -> anyhow::Result<()> {
    let plugins: &[&str] = if labels { &["Label"] } else { &[] };
    write_conf(
        &config.join("core.conf"),
        1,
        serde_json::json!({
            "dht": false, "lsd": false, "upnp": false, "natpmp": false, "utpex": false,
            "new_release_check": false, "send_info": false, "allow_remote": false,
            "listen_interface": "127.0.0.1", "listen_ports": [peer_port, peer_port],
            "random_port": false, "daemon_port": daemon_port,
            "download_location": downloads, "autoadd_enable": false,
            "enabled_plugins": plugins,
        }),
    )
}

fn write_hosts(config: &Path, daemon_port: u16, password: &str) -> anyhow::Result<()> {
    write_conf(
        &config.join("hostlist.conf"),
        3,
        serde_json::json!({
            "hosts": [[HOST_ID, "127.0.0.1", daemon_port, DAEMON_USER, password]],
        }),
    )
}

/// The web password is stored as `sha1(salt + password)` in hex.
fn write_web(config: &Path, port: u16, password: &str) -> anyhow::Result<()> {
    let salt = uuid::Uuid::new_v4().simple().to_string();
    let hash = Sha1::digest(format!("{salt}{password}").as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    write_conf(
        &config.join("web.conf"),
        2,
        serde_json::json!({
            "interface": "127.0.0.1", "port": port, "https": false,
            "pwd_salt": salt, "pwd_sha1": hex, "default_daemon": HOST_ID,
            "first_login": false, "enabled_plugins": [],
        }),
    )
}
