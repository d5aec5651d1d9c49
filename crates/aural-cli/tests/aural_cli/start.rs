//! Many processes starting on one data folder at once.

use std::process::Stdio;

use crate::Cli;

#[test]
fn eight_first_starts_on_a_new_folder_all_succeed() {
    let cli = Cli::new();
    let children: Vec<_> = (0..8)
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
            "start {i} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let left: Vec<String> = std::fs::read_dir(cli.dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".write-check"))
        .collect();
    assert!(left.is_empty(), "no probe file is left behind: {left:?}");
}
