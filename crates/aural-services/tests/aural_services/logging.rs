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
