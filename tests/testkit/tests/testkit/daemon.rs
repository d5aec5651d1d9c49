use std::path::Path;
use std::time::Duration;

use aural_testkit::{Daemon, DaemonSpec, Probe, wait_until};

/// Gone, or a zombie nobody reaps (a container's init may not): either way it no longer runs.
fn runs(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            let state = stat.rsplit(')').next().unwrap_or("").trim_start();
            !state.starts_with('Z')
        })
        .unwrap_or(false)
}

#[tokio::test]
async fn a_daemon_answers_on_its_port_and_dies_with_its_workers_on_drop() {
    let dir = tempfile::tempdir().expect("temp");
    let pid_file = dir.path().join("worker.pid");
    let spec = DaemonSpec::new(
        env!("CARGO_BIN_EXE_testkit-daemon"),
        &["{port}", pid_file.to_str().expect("utf-8 temp path")],
    )
    .probe(Probe::Http("/".to_owned()));
    let daemon = Daemon::start(spec).await;

    let answer = std::net::TcpStream::connect(("127.0.0.1", daemon.port()));
    assert!(answer.is_ok(), "the daemon listens on the chosen port");
    let worker: u32 = std::fs::read_to_string(&pid_file)
        .expect("the daemon wrote its worker's pid")
        .trim()
        .parse()
        .expect("a pid");
    let main = daemon.pid();
    assert!(runs(main) && runs(worker), "both run while the guard lives");

    drop(daemon);
    wait_until(
        Duration::from_secs(10),
        "the daemon's worker to end",
        || std::future::ready((!runs(worker)).then_some(())),
    )
    .await;
    assert!(!runs(main), "the daemon itself is gone");
}

#[tokio::test]
#[should_panic(expected = "exited with")]
async fn a_daemon_that_exits_at_once_is_reported_with_its_output() {
    let spec = DaemonSpec::new(Path::new("/bin/sh"), &["-c", "echo bad config; exit 3"]);
    Daemon::start(spec).await;
}
