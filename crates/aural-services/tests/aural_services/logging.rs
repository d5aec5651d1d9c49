use aural_services::logging;
use aural_services::settings::LogLevel;

#[test]
fn logs_go_to_the_data_folder_at_the_level_of_the_settings() {
    let dir = tempfile::tempdir().expect("temp");
    let (logging, _scope) = logging::init_for_thread(dir.path(), LogLevel::Info);
    tracing::info!("first-marker");
    logging.apply(LogLevel::Error);
    tracing::info!("second-marker");
    tracing::error!("third-marker");
    drop(logging);
    let logs: String = std::fs::read_dir(dir.path().join("logs"))
        .expect("logs folder")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("log file"))
        .collect();
    assert!(
        logs.contains("first-marker"),
        "info is logged at the info level:\n{logs}"
    );
    assert!(
        !logs.contains("second-marker"),
        "a level change applies at once:\n{logs}"
    );
    assert!(
        logs.contains("third-marker"),
        "errors pass the error level:\n{logs}"
    );
}

/// Set in the child run of the test below: the data folder for its first start.
const FIRST_START_DIR: &str = "AURALARCHIVE_TEST_FIRST_START_DIR";

#[test]
fn a_first_start_prints_nothing_about_a_missing_log_folder() {
    if let Some(dir) = std::env::var_os(FIRST_START_DIR) {
        drop(logging::init(std::path::Path::new(&dir), LogLevel::Info));
        return;
    }
    // The warning comes from tracing-appender's own eprintln!, which only a separate process
    // shows: run this test again as a child, on a data folder that has no logs/ yet.
    let dir = tempfile::tempdir().expect("temp");
    let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "logging::a_first_start_prints_nothing_about_a_missing_log_folder",
            "--nocapture",
        ])
        .env(FIRST_START_DIR, dir.path())
        .output()
        .expect("the child runs");
    assert!(out.status.success(), "the child test passed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("Error reading the log"),
        "a first start says nothing alarming: {stderr}"
    );
    assert!(
        dir.path().join("logs").is_dir(),
        "the log folder is made on the first start"
    );
}
