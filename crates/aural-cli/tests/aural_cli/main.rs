//! Runs the built `auralarchive-cli` binary against a temp data folder, as a script would.

mod audible;
mod books;
mod daemon;
#[cfg(target_os = "linux")]
mod disk;
mod downloads;
mod errors;
mod export;
mod import;
mod library;
mod lookup;
mod output;
mod providers;
mod search;
mod settings;
mod start;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Cli {
    pub dir: TempDir,
}

impl Default for Cli {
    fn default() -> Cli {
        Cli::new()
    }
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn cmd(&self) -> Command {
        cli_at(self.dir.path())
    }

    /// Runs and parses stdout as JSON, failing with stderr when the command fails.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let output = self.cmd().args(args).arg("--json").output().expect("runs");
        assert!(
            output.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("stdout is JSON")
    }

    pub fn import(&self, file: &Path) -> serde_json::Value {
        self.json(&["library", "import", file.to_str().expect("utf-8 path")])
    }

    /// Runs a command that must fail and returns its single stderr line.
    pub fn fails(&self, args: &[&str]) -> String {
        error_line(self.cmd().args(args))
    }
}

/// Runs a command that must fail and returns its single stderr line.
pub fn error_line(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(!out.status.success(), "{cmd:?} should fail");
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    assert_eq!(stderr.lines().count(), 1, "one line on error: {stderr}");
    stderr
}

/// The CLI with `data_dir` as its data folder.
pub fn cli_at(data_dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("auralarchive-cli").expect("binary is built");
    cmd.arg("--data-dir")
        .arg(data_dir)
        .env_remove("AURALARCHIVE_DATA_DIR");
    cmd
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/lists")
        .join(name)
}
