//! `auralarchive-cli daemon` as a real process: started, asked who leads, and stopped by signal.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::{Cli, error_line};

/// Generous for a loaded 2-core machine; the goal (2 s after SIGTERM) is printed, not asserted.
const DEADLINE: Duration = Duration::from_secs(10);
const STOP_GOAL: Duration = Duration::from_secs(2);

/// A running daemon, killed if the test ends before it stops.
struct Daemon {
    child: Child,
    lines: Receiver<String>,
}

impl Daemon {
    fn start(data_dir: &Path, args: &[&str]) -> Daemon {
        let mut child =
            std::process::Command::new(assert_cmd::cargo::cargo_bin("auralarchive-cli"))
                .arg("--data-dir")
                .arg(data_dir)
                .env_remove("AURALARCHIVE_DATA_DIR")
                .arg("daemon")
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("the daemon starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    return;
                }
            }
        });
        Daemon { child, lines }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The first stdout line containing `text`; panics naming it after the deadline.
    fn wait_for_line(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(e) => panic!("the daemon never printed {text:?}: {e}"),
            }
        }
    }

    fn terminate(&self) {
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM was delivered");
    }

    /// Waits for the process to end, polling until the deadline.
    fn wait_exit(&mut self, deadline: Duration) -> Option<ExitStatus> {
        let until = Instant::now() + deadline;
        while Instant::now() < until {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(unix)]
#[test]
fn the_daemon_stops_soon_after_sigterm() {
    let cli = Cli::new();
    let mut daemon = Daemon::start(cli.dir.path(), &[]);
    daemon.wait_for_line("runs the background work");

    let asked = Instant::now();
    daemon.terminate();
    let status = daemon
        .wait_exit(DEADLINE)
        .expect("the daemon ends after SIGTERM");
    let took = asked.elapsed();
    eprintln!("the daemon stopped {took:?} after SIGTERM (goal: under {STOP_GOAL:?})");

    assert!(
        status.success(),
        "a requested stop is a clean exit: {status}"
    );
    let line = daemon.wait_for_line("stops");
    assert!(
        line.contains("SIGTERM"),
        "the stop line names the signal: {line}"
    );
}

#[cfg(unix)]
#[test]
fn a_second_daemon_says_which_process_runs_the_background_work() {
    let cli = Cli::new();
    let daemon = Daemon::start(cli.dir.path(), &[]);
    daemon.wait_for_line("runs the background work");

    // Only the error: the daemon's log (a keychain warning, say) also goes to stderr.
    let line = error_line(cli.cmd().arg("daemon").env("AURALARCHIVE_LOG", "error"));
    let dir = cli.dir.path().display().to_string();
    assert!(
        line.contains(&format!(
            "auralarchive-cli daemon (pid {}) already runs the background work for {dir}",
            daemon.pid()
        )),
        "the second daemon names the first and the folder: {line}"
    );
    assert!(
        line.contains("--wait"),
        "and says how to wait instead: {line}"
    );

    let status = cli.json(&["supervisor", "status"]);
    assert_eq!(
        status["leader"]["pid"],
        daemon.pid(),
        "`supervisor status` names the leader: {status}"
    );
    assert_eq!(status["leader"]["role"], "daemon");
    let loops = status["loops"].as_array().expect("loops");
    assert!(
        loops
            .iter()
            .any(|l| l["name"] == "change-feed prune" && l["state"] == "running"),
        "the leader's scheduled loops are listed: {status}"
    );
}

#[cfg(unix)]
#[test]
fn a_waiting_daemon_takes_over_when_the_leader_stops() {
    let cli = Cli::new();
    let mut first = Daemon::start(cli.dir.path(), &[]);
    first.wait_for_line("runs the background work");
    let second = Daemon::start(cli.dir.path(), &["--wait"]);
    second.wait_for_line("takes over when it stops");

    first.terminate();
    first.wait_exit(DEADLINE).expect("the first daemon ends");

    let deadline = Instant::now() + DEADLINE;
    loop {
        let status = cli.json(&["supervisor", "status"]);
        if status["leader"]["pid"] == second.pid() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the waiting daemon never took over: {status}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn status_says_when_no_process_runs_the_background_work() {
    let cli = Cli::new();
    let status = cli.json(&["supervisor", "status"]);
    assert_eq!(
        status["leader"],
        serde_json::Value::Null,
        "nobody leads: {status}"
    );
    let out = cli
        .cmd()
        .args(["supervisor", "status"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("auralarchive-cli daemon"),
        "the status says how to start the background work: {text}"
    );
}
