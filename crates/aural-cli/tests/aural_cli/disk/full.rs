//! A data folder on a full disk: each write fails with one line saying the disk is full, where,
//! and to free space; nothing stored before is lost, and once space is freed the write succeeds.

use std::fs::File;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use super::namespace::{isolated, mount_tmpfs};
use super::{cli_in, file_names, integrity_check};
use crate::fixture;

/// Books in the list imported on the full disk: far more than the space left there.
const BIGGER_LIST_BOOKS: usize = 3_000;
/// Room left on the "nearly full" disk: enough for the CLI to start, not for the bigger list.
const NEARLY_FULL_SPARE: u64 = 64 * 1024;

#[test]
fn a_full_disk_fails_writes_clearly_and_loses_nothing() {
    isolated(
        module_path!(),
        "a_full_disk_fails_writes_clearly_and_loses_nothing",
        |scratch| {
            let disk = scratch.join("disk");
            std::fs::create_dir(&disk).expect("mount point");
            mount_tmpfs(&disk, "16m");
            let cli = cli_in(&disk);
            let dir = cli.dir.path();
            let bigger = bigger_list(scratch);
            let bigger = bigger.to_str().expect("utf-8 path");
            cli.import(&fixture("library.csv"));
            cli.json(&["settings", "set", "general.theme", "dark"]);
            let books = cli.json(&["books", "list", "--sort", "title"]);
            let settings = std::fs::read(dir.join("settings.json")).expect("settings written");
            let files = file_names(dir);

            let filler = disk.join("filler");
            fill_disk(&filler, 0);
            let folder = dir.display().to_string();
            for args in [
                &["books", "set-status", "B079LRSMNN", "ignored"][..],
                &["library", "import", bigger],
                &["settings", "set", "general.theme", "light"],
            ] {
                let line = cli.fails(args);
                for needle in [
                    folder.as_str(),
                    "No space left on device",
                    "Free some disk space",
                ] {
                    assert!(line.contains(needle), "{args:?}: {line:?} lacks {needle:?}");
                }
            }
            assert_eq!(
                file_names(dir),
                files,
                "no probe or temp file is left behind"
            );

            // Room for the CLI's start-up check but not for the import: now SQLite itself runs
            // out of space while writing, and the import's transaction is rolled back.
            fill_disk(&filler, NEARLY_FULL_SPARE);
            let line = cli.fails(&["library", "import", bigger]);
            let db = dir.join("library.db");
            for needle in [&db.display().to_string(), "is full", "free some space"] {
                assert!(line.contains(needle), "{line:?} lacks {needle:?}");
            }

            std::fs::remove_file(&filler).expect("the filler can be removed");
            assert_eq!(
                cli.json(&["books", "list", "--sort", "title"]),
                books,
                "every book imported before the disk filled is intact"
            );
            assert_eq!(
                std::fs::read(dir.join("settings.json")).expect("settings still there"),
                settings,
                "settings.json is neither truncated nor changed"
            );
            assert_eq!(integrity_check(&db), "ok");
            let retried = cli.import(Path::new(bigger));
            assert_eq!(
                retried["rows"].as_u64(),
                Some(BIGGER_LIST_BOOKS as u64),
                "{retried}"
            );
            let total = cli.json(&["books", "list"])["total"].as_u64();
            assert_eq!(
                total,
                Some(6 + BIGGER_LIST_BOOKS as u64),
                "with space again, the retried import adds every book"
            );
        },
    );
}

/// Writes zeros to `path` until the disk is full, then gives back `spare` bytes.
fn fill_disk(path: &Path, spare: u64) {
    let mut file = File::create(path).expect("the filler can be created");
    let chunk = vec![0u8; 64 * 1024];
    loop {
        match file.write_all(&chunk) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::StorageFull => break,
            Err(e) => panic!("filling the disk failed: {e}"),
        }
    }
    let len = file.metadata().expect("filler size").len();
    file.set_len(len.saturating_sub(spare))
        .expect("the filler can be shrunk");
}

/// A list of made-up books with ASINs no fixture uses.
fn bigger_list(dir: &Path) -> PathBuf {
    let mut text = String::from(
        "asin,title,authors,narrators,series,series_position,runtime_minutes,status\n",
    );
    for i in 0..BIGGER_LIST_BOOKS {
        text.push_str(&format!(
            "B9{i:08},Made-up Book {i},Author {},Narrator {},Series {},{},{},wanted\n",
            i % 97,
            i % 31,
            i % 53,
            i % 7 + 1,
            300 + i % 500
        ));
    }
    let path = dir.join("bigger.csv");
    std::fs::write(&path, text).expect("the list can be written");
    path
}
