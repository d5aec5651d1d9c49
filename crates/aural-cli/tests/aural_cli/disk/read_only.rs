//! A data folder on a read-only file system: the library can still be browsed, each write fails
//! with one line naming the read-only file and what to do, and nothing changes.

use super::namespace::{isolated, make_read_only, unmount};
use super::{cli_in, file_names, integrity_check};
use crate::{cli_at, error_line, fixture};

#[test]
fn a_read_only_library_can_be_browsed_but_not_changed() {
    isolated(
        module_path!(),
        "a_read_only_library_can_be_browsed_but_not_changed",
        |scratch| {
            let cli = cli_in(scratch);
            let dir = cli.dir.path();
            let db = dir.join("library.db");
            cli.import(&fixture("library.csv"));
            cli.json(&["settings", "set", "general.theme", "dark"]);
            let books = cli.json(&["books", "list", "--sort", "title"]);
            let settings = std::fs::read(dir.join("settings.json")).expect("settings written");
            let other_list = fixture("libation_export.csv");

            // SQLite reads a WAL database in a read-only folder differently depending on whether
            // the -wal file a process leaves behind is still there, so both states are checked.
            for (state, checkpoint) in [
                ("-wal file left by the CLI", false),
                ("-wal file checkpointed away", true),
            ] {
                if checkpoint {
                    assert_eq!(integrity_check(&db), "ok");
                    assert!(
                        !dir.join("library.db-wal").exists(),
                        "sqlite3 removed the -wal file when it closed"
                    );
                }
                let files = file_names(dir);
                make_read_only(dir);
                assert_eq!(
                    cli.json(&["books", "list", "--sort", "title"]),
                    books,
                    "{state}: reading works in a read-only folder"
                );
                cli.json(&["stats"]);
                let exported = scratch.join(format!("export-{checkpoint}.csv"));
                let report =
                    cli.json(&["library", "export", exported.to_str().expect("utf-8 path")]);
                assert_eq!(
                    report["rows"], 6,
                    "{state}: exporting only reads the library, so it needs no job row"
                );
                let theme = cli.json(&["settings", "get", "general.theme"]);
                assert_eq!(theme["value"], "dark", "{state}: settings are read");
                let db_name = db.display().to_string();
                let settings_name = dir.join("settings.json").display().to_string();
                for (args, needles) in [
                    (
                        &["books", "set-status", "B079LRSMNN", "ignored"][..],
                        [db_name.as_str(), "read-only", "make them writable"],
                    ),
                    (
                        &[
                            "library",
                            "import",
                            other_list.to_str().expect("utf-8 path"),
                        ],
                        [db_name.as_str(), "read-only", "make them writable"],
                    ),
                    (
                        &["settings", "set", "general.theme", "light"],
                        [
                            settings_name.as_str(),
                            "Read-only file system",
                            "Make the folder writable",
                        ],
                    ),
                ] {
                    let line = cli.fails(args);
                    for needle in needles {
                        assert!(
                            line.contains(needle),
                            "{state}: {args:?}: {line:?} lacks {needle:?}"
                        );
                    }
                }
                unmount(dir);
                assert_eq!(
                    file_names(dir),
                    files,
                    "{state}: nothing was created or removed"
                );
            }

            assert_eq!(
                cli.json(&["books", "list", "--sort", "title"]),
                books,
                "every book is as it was"
            );
            assert_eq!(
                std::fs::read(dir.join("settings.json")).expect("settings still there"),
                settings,
                "settings.json is as it was"
            );
            assert_eq!(integrity_check(&db), "ok");
            let changed = cli.json(&["books", "set-status", "B079LRSMNN", "ignored"]);
            assert_eq!(
                changed["book"]["status"], "ignored",
                "writable again, the same change works"
            );
        },
    );
}

#[test]
fn a_first_start_in_a_read_only_folder_names_the_folder() {
    isolated(
        module_path!(),
        "a_first_start_in_a_read_only_folder_names_the_folder",
        |scratch| {
            let cli = cli_in(scratch);
            let dir = cli.dir.path();
            make_read_only(dir);
            // The folder itself, and one the CLI would have to create in it.
            let below = dir.join("AuralArchive");
            for data_dir in [dir, below.as_path()] {
                let line = error_line(cli_at(data_dir).args(["books", "list"]));
                for needle in [
                    &format!("cannot use the data folder {}", data_dir.display()),
                    "Read-only file system",
                    "Make the folder writable",
                    "--data-dir",
                ] {
                    assert!(line.contains(needle), "{line:?} lacks {needle:?}");
                }
            }
            unmount(dir);
            assert!(file_names(dir).is_empty(), "nothing was left in the folder");
        },
    );
}
