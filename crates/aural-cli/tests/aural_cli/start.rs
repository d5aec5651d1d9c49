//! Many processes starting on one data folder at once.

use std::process::Stdio;

use crate::Cli;

const PROCESSES: usize = 12;
const ROUNDS: usize = 4;

#[test]
fn many_starts_on_one_folder_at_once_all_succeed() {
    let cli = Cli::new();
    // The first round is the first start of a new folder (creation and migrations); the later
    // ones start on a ready library, where a shared probe file made starts fail at random.
    for round in 0..ROUNDS {
        let children: Vec<_> = (0..PROCESSES)
            .map(|_| {
                std::process::Command::new(assert_cmd::cargo::cargo_bin("auralarchive-cli"))
                    .arg("--data-dir")
                    .arg(cli.dir.path())
                    .args(["books", "list", "--json"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawns")
            })
            .collect();
        for (i, child) in children.into_iter().enumerate() {
            let out = child.wait_with_output().expect("ends");
            assert!(
                out.status.success(),
                "round {round}, start {i} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let left: Vec<String> = std::fs::read_dir(cli.dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".write-check"))
        .collect();
    assert!(left.is_empty(), "no probe file is left behind: {left:?}");
}
