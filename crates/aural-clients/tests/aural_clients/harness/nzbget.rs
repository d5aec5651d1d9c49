//! nzbget 21.0 on loopback with a per-run password (TESTBEDS.md "NZBGet 21.0"), either without a
//! news server (jobs stay queued: enough to add, list, pause, resume and remove) or with the
//! loopback one of `nntp.rs`, so a download completes.

use std::path::{Path, PathBuf};
use std::process::Command;

use aural_clients::Connection;
use aural_core::Sensitive;
use tempfile::TempDir;
use url::Url;

use super::process::Process;
use super::{new_password, spawn_listening};

pub const USERNAME: &str = "nzbget";
pub const CATEGORY: &str = "audiobooks";
const TEMPLATE: &str = "/etc/nzbget.conf";

pub struct NzbGetDaemon {
    pub url: Url,
    pub password: String,
    /// `MainDir`: `inter/` holds queued jobs.
    pub main: PathBuf,
    _dir: TempDir,
    _process: Process,
}

impl NzbGetDaemon {
    pub async fn start() -> anyhow::Result<NzbGetDaemon> {
        NzbGetDaemon::start_with_news(None).await
    }

    /// With `news` the loopback news server on that port is NZBGet's only server.
    pub async fn start_with_news(news: Option<u16>) -> anyhow::Result<NzbGetDaemon> {
        let dir = tempfile::tempdir()?;
        let password = new_password();
        let main = dir.path().join("main");
        std::fs::create_dir_all(&main)?;
        let config = write_config(dir.path(), &main)?;
        let (process, port) = spawn_listening("nzbget", |port| {
            let mut command = Command::new("nzbget");
            command.arg("-c").arg(&config).arg("-s");
            for option in options(dir.path(), port, &password, news) {
                command.arg("-o").arg(option);
            }
            Process::spawn(command, &dir.path().join("nzbget.out"))
        })
        .await?;
        Ok(NzbGetDaemon {
            url: Url::parse(&format!("http://127.0.0.1:{port}/"))?,
            password,
            main,
            _dir: dir,
            _process: process,
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
}

/// Debian's template with `MainDir` rewritten in the file: the template's `${MainDir}/…` paths
/// are expanded as the file is read, before any `-o`.
fn write_config(dir: &Path, main: &Path) -> anyhow::Result<PathBuf> {
    let template = std::fs::read_to_string(TEMPLATE)
        .map_err(|e| anyhow::anyhow!("{TEMPLATE}: {e} (install nzbget: scripts/setup.sh)"))?;
    let text: String = template
        .lines()
        .map(|line| {
            if line.starts_with("MainDir=") {
                format!("MainDir={}\n", main.display())
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    let path = dir.join("nzbget.conf");
    std::fs::write(&path, text)?;
    Ok(path)
}

fn options(dir: &Path, port: u16, password: &str, news: Option<u16>) -> Vec<String> {
    let mut options = vec![
        format!("LockFile={}", dir.join("nzbget.lock").display()),
        format!("LogFile={}", dir.join("nzbget.log").display()),
        "OutputMode=loggable".to_owned(),
        "ControlIP=127.0.0.1".to_owned(),
        format!("ControlPort={port}"),
        format!("ControlUsername={USERNAME}"),
        format!("ControlPassword={password}"),
        "SecureControl=no".to_owned(),
        "UpdateCheck=none".to_owned(),
        "Unpack=no".to_owned(),
        "ParCheck=manual".to_owned(),
        "WebDir=/usr/share/nzbget/webui".to_owned(),
        "ConfigTemplate=/usr/share/nzbget/webui/nzbget.conf".to_owned(),
        format!("Category1.Name={CATEGORY}"),
    ];
    match news {
        None => options.push("Server1.Active=no".to_owned()),
        Some(news) => options.extend([
            "Server1.Active=yes".to_owned(),
            "Server1.Host=127.0.0.1".to_owned(),
            format!("Server1.Port={news}"),
            "Server1.Connections=2".to_owned(),
            "Server1.Encryption=no".to_owned(),
            "Server1.JoinGroup=no".to_owned(),
        ]),
    }
    if running_as_root() {
        options.push("DaemonUsername=root".to_owned());
    }
    options
}

/// NZBGet started by root switches to `DaemonUsername` (default `nzbget`, absent here).
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A small, valid NZB of one file in two articles no server has.
pub fn sample_nzb(title: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">
  <head><meta type="title">{title}</meta></head>
  <file poster="test &lt;test@example.invalid&gt;" date="1700000000" subject="&quot;01 - Chapter One.mp3&quot; yEnc (1/2)">
    <groups><group>alt.binaries.test</group></groups>
    <segments>
      <segment bytes="65536" number="1">c1p1.{id}@test.invalid</segment>
      <segment bytes="34464" number="2">c1p2.{id}@test.invalid</segment>
    </segments>
  </file>
</nzb>
"#,
        id = uuid::Uuid::new_v4().simple()
    )
    .into_bytes()
}
