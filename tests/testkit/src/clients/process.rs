//! A daemon process owned by one test: its own process group, output in a log file, SIGTERM then
//! SIGKILL on drop, and reaped.

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

const STOP_WITHIN: Duration = Duration::from_secs(15);

pub struct Process {
    child: Option<Child>,
    log: PathBuf,
}

impl Process {
    pub fn spawn(mut command: Command, log: &Path) -> anyhow::Result<Process> {
        let out = File::create(log)?;
        let child = command
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .process_group(0)
            .spawn()
            .map_err(|e| {
                anyhow::anyhow!(
                    "cannot start {:?}: {e} (install it: scripts/setup.sh)",
                    command.get_program()
                )
            })?;
        Ok(Process {
            child: Some(child),
            log: log.to_owned(),
        })
    }

    /// Whether it has exited on its own.
    pub fn has_exited(&mut self) -> bool {
        self.child
            .as_mut()
            .is_none_or(|c| c.try_wait().ok().flatten().is_some())
    }

    /// Waits until it accepts connections on loopback `port`; false when it exits or takes too
    /// long.
    pub async fn listening(&mut self, port: u16) -> bool {
        super::wait_listening(port, super::START_WITHIN, || self.has_exited()).await
    }

    /// Waits for `port` after a restart, failing with its last lines.
    pub async fn came_back(&mut self, port: u16, name: &str) -> anyhow::Result<()> {
        if self.listening(port).await {
            Ok(())
        } else {
            anyhow::bail!("{name} did not come back:\n{}", self.log_tail())
        }
    }

    /// The last lines it printed, for failure messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// SIGKILL, as a crash would.
    pub fn kill(&mut self) {
        self.stop(Signal::SIGKILL);
    }

    fn stop(&mut self, signal: Signal) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let group = Pid::from_raw(i32::try_from(child.id()).expect("pids fit in i32"));
        // Already gone is fine.
        let _ = killpg(group, signal);
        let deadline = Instant::now() + STOP_WITHIN;
        while Instant::now() < deadline {
            if child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = killpg(group, Signal::SIGKILL);
        let _ = child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.stop(Signal::SIGTERM);
    }
}
