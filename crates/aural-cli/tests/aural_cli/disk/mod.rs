//! The data folder on a full disk and on a read-only file system, made real with mounts.

mod full;
mod namespace;
mod read_only;

use std::path::Path;

use crate::Cli;

/// A CLI whose data folder is inside `parent`.
fn cli_in(parent: &Path) -> Cli {
    Cli {
        dir: tempfile::tempdir_in(parent).expect("temp dir"),
    }
}

/// What `PRAGMA integrity_check` of the sqlite3 program, which knows nothing of AuralArchive,
/// says about `db` ("ok" when sound). Closing it checkpoints the WAL and removes the -wal file.
pub fn integrity_check(db: &Path) -> String {
    let out = std::process::Command::new("sqlite3")
        .arg(db)
        .arg("PRAGMA integrity_check")
        .output()
        .unwrap_or_else(|e| panic!("cannot run sqlite3 (scripts/setup.sh installs it): {e}"));
    assert!(
        out.status.success(),
        "sqlite3 cannot read {}: {}",
        db.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The names in `dir`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder can be listed")
        .map(|e| {
            e.expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
