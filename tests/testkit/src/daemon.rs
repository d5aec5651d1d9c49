//! Runs a real daemon (qbittorrent-nox, transmission-daemon, or any program) on a free loopback
//! port for one test, and kills it with everything it started when the test ends.

use std::ffi::OsString;
use std::net::Ipv4Addr;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tempfile::NamedTempFile;

use crate::clients::free_port;

/// The argument or environment text replaced by the chosen port.
pub const PORT: &str = "{port}";

/// How to tell that the daemon is ready.
#[derive(Debug, Clone)]
pub enum Probe {
    /// It accepts TCP connections on the port.
    Tcp,
    /// It answers an HTTP GET of this path (any status) on the port.
    Http(String),
}

#[derive(Debug, Clone)]
pub struct DaemonSpec {
    pub program: PathBuf,
    /// `{port}` in an argument is replaced by the chosen port.
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub probe: Probe,
    pub ready_within: Duration,
}

impl DaemonSpec {
    pub fn new(program: impl Into<PathBuf>, args: &[&str]) -> DaemonSpec {
        DaemonSpec {
            program: program.into(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            env: Vec::new(),
            probe: Probe::Tcp,
            ready_within: Duration::from_secs(30),
        }
    }

    pub fn probe(mut self, probe: Probe) -> DaemonSpec {
        self.probe = probe;
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> DaemonSpec {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }
}

/// A running daemon; dropping it kills its whole process group.
pub struct Daemon {
    child: Child,
    port: u16,
    output: NamedTempFile,
}

impl Daemon {
    /// Starts `spec` on a free loopback port and waits until it answers its probe. Panics with the
    /// daemon's output if it exits or does not answer in time.
    pub async fn start(spec: DaemonSpec) -> Daemon {
        let port = free_port();
        let output = NamedTempFile::new().expect("a temp file for the daemon's output");
        let with_port = |s: &str| OsString::from(s.replace(PORT, &port.to_string()));
        let child = Command::new(&spec.program)
            .args(spec.args.iter().map(|a| with_port(a)))
            .envs(spec.env.iter().map(|(k, v)| (k, with_port(v))))
            .stdin(Stdio::null())
            .stdout(output.reopen().expect("the output file reopens"))
            .stderr(output.reopen().expect("the output file reopens"))
            // Its own group, so that dropping the guard also ends what the daemon started.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", spec.program.display()));
        let mut daemon = Daemon {
            child,
            port,
            output,
        };
        daemon.wait_ready(&spec).await;
        daemon
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the daemon printed so far (stdout and stderr).
    pub fn output(&self) -> String {
        std::fs::read_to_string(self.output.path()).unwrap_or_default()
    }

    async fn wait_ready(&mut self, spec: &DaemonSpec) {
        let deadline = tokio::time::Instant::now() + spec.ready_within;
        let name = spec.program.display().to_string();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{name} exited with {status} before answering:\n{}",
                    self.output()
                );
            }
            if answers(&spec.probe, self.port).await {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{name} did not answer on port {} within {:?}:\n{}",
                self.port,
                spec.ready_within,
                self.output()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let group = Pid::from_raw(i32::try_from(self.child.id()).expect("pids fit in i32"));
        // Already gone is fine: the group may have ended on its own.
        let _ = killpg(group, Signal::SIGKILL);
        let _ = self.child.wait();
    }
}

async fn answers(probe: &Probe, port: u16) -> bool {
    match probe {
        Probe::Tcp => tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port))
            .await
            .is_ok(),
        Probe::Http(path) => {
            let client = aural_http::build_client(&aural_http::ClientSettings {
                user_agent: "aural-testkit".to_owned(),
                connect_timeout: Duration::from_secs(2),
                read_timeout: Duration::from_secs(2),
            })
            .expect("a plain HTTP client builds");
            client
                .get(format!("http://127.0.0.1:{port}{path}"))
                .send()
                .await
                .is_ok()
        }
    }
}
