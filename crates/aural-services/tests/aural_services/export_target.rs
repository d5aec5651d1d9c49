//! Where `library export` writes: special files are written into, not replaced; the library's own
//! files are refused however they are named.

use std::io::Read;
use std::path::Path;

use aural_core::ErrorCode;
use aural_services::library::{self, ListFormat};

use crate::support::{TestApp, fixture};

async fn app_with_books() -> TestApp {
    let app = TestApp::new().await;
    library::spawn_list_import(&app.ctx, fixture("library.csv"))
        .await
        .expect("import starts")
        .wait()
        .await
        .expect("import");
    app
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial") || n.ends_with(".tmp"))
        .collect()
}

#[cfg(unix)]
#[tokio::test]
async fn exporting_to_dev_null_keeps_it_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let app = app_with_books().await;
    let rows = library::export_list(&app.ctx, Path::new("/dev/null"), ListFormat::Csv)
        .await
        .expect("a device is written into");
    assert_eq!(rows, 6);
    let kind = std::fs::metadata("/dev/null").expect("exists").file_type();
    assert!(
        kind.is_char_device(),
        "/dev/null must stay a character device, not become a file: {kind:?}"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fifo_receives_the_rows_and_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let app = app_with_books().await;
    let fifo = app.dir.path().join("list.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo made the FIFO");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo)
                .expect("the FIFO opens for reading")
                .read_to_string(&mut text)
                .expect("the FIFO is read to its end");
            text
        })
    };
    let rows = library::export_list(&app.ctx, &fifo, ListFormat::Csv)
        .await
        .expect("a FIFO is written into");
    let text = reader.join().expect("reader thread");
    assert_eq!(rows, 6);
    assert_eq!(
        text.lines().count(),
        7,
        "the reader gets the header and every row:\n{text}"
    );
    assert!(
        std::fs::metadata(&fifo)
            .expect("exists")
            .file_type()
            .is_fifo(),
        "the FIFO is not replaced by a file"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_symlink_to_the_library_database_is_refused_and_the_library_survives() {
    let app = app_with_books().await;
    let outside = tempfile::tempdir().expect("temp");
    let link = outside.path().join("export.csv");
    std::os::unix::fs::symlink(app.dir.path().join("library.db"), &link).expect("symlink");
    let before = std::fs::read(app.dir.path().join("library.db")).expect("db");
    let err = library::export_list(&app.ctx, &link, ListFormat::Csv)
        .await
        .expect_err("the database is the library, not an export");
    assert_eq!(err.code(), ErrorCode::Validation, "{err}");
    assert!(err.to_string().contains("database"), "{err}");
    assert_eq!(
        std::fs::read(app.dir.path().join("library.db")).expect("db"),
        before,
        "the database is untouched"
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link is left as it was"
    );
    assert_eq!(leftovers(outside.path()), Vec::<String>::new());
}

#[tokio::test]
async fn a_dotdot_path_to_the_settings_is_refused() {
    let app = app_with_books().await;
    aural_services::settings::set(&app.ctx, "general.theme", "light")
        .await
        .expect("a settings file exists");
    std::fs::create_dir(app.dir.path().join("covers-x")).expect("folder");
    let sneaky = app.dir.path().join("covers-x/../settings.json");
    let err = library::export_list(&app.ctx, &sneaky, ListFormat::Json)
        .await
        .expect_err("settings are not an export");
    assert!(err.to_string().contains("settings"), "{err}");
    let text = std::fs::read_to_string(app.dir.path().join("settings.json")).expect("settings");
    assert!(text.contains("light"), "the settings are untouched: {text}");
    for name in ["library.db-wal", "secrets.json"] {
        let err = library::export_list(&app.ctx, &app.dir.path().join(name), ListFormat::Csv)
            .await
            .expect_err(name);
        assert_eq!(err.field(), Some("file"), "{name}: {err}");
    }
    assert_eq!(leftovers(app.dir.path()), Vec::<String>::new());
}

#[cfg(unix)]
#[tokio::test]
async fn a_symlink_to_a_list_replaces_the_list_and_keeps_the_link() {
    let app = app_with_books().await;
    let outside = tempfile::tempdir().expect("temp");
    let real = outside.path().join("real.csv");
    std::fs::write(&real, "old contents\n").expect("old list");
    let link = outside.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    library::export_list(&app.ctx, &link, ListFormat::Csv)
        .await
        .expect("export through the link");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    let text = std::fs::read_to_string(&real).expect("target");
    assert_eq!(
        text.lines().count(),
        7,
        "the target holds the list:\n{text}"
    );
    assert_eq!(leftovers(outside.path()), Vec::<String>::new());
}

#[tokio::test]
async fn a_folder_is_refused_with_a_reason() {
    let app = app_with_books().await;
    let outside = tempfile::tempdir().expect("temp");
    let err = library::export_list(&app.ctx, outside.path(), ListFormat::Csv)
        .await
        .expect_err("a folder is not a file");
    assert!(err.to_string().contains("folder"), "{err}");
    assert_eq!(leftovers(outside.path()), Vec::<String>::new());
}
