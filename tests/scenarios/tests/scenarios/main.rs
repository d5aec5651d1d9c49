//! User journeys, one module each, through the real parts: the CLI binary as a separate process,
//! contexts on the same data folder, fakes on 127.0.0.1 for services we cannot run.

mod list_import_and_cli_status;

use std::path::Path;
use std::process::Command;

/// The CLI on `data_dir`, ignoring any data folder of the environment.
pub fn cli(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scenario-cli"));
    cmd.arg("--data-dir")
        .arg(data_dir)
        .env_remove("AURALARCHIVE_DATA_DIR");
    cmd
}

/// Runs the CLI with `--json` and returns its output, failing with its stderr.
pub fn cli_json(data_dir: &Path, args: &[&str]) -> serde_json::Value {
    let output = cli(data_dir)
        .args(args)
        .arg("--json")
        .output()
        .expect("the CLI runs");
    assert!(
        output.status.success(),
        "auralarchive-cli {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the CLI prints JSON")
}
