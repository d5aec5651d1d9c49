//! Start-up configuration, read once from the environment and flags.

use std::path::PathBuf;

use crate::error::ServiceError;

pub const DATA_DIR_ENV: &str = "AURALARCHIVE_DATA_DIR";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConfig {
    pub data_dir: PathBuf,
}

impl AppConfig {
    /// `--data-dir` wins, then `AURALARCHIVE_DATA_DIR`, then the OS data dir for the app.
    pub fn resolve(flag: Option<PathBuf>) -> Result<AppConfig, ServiceError> {
        let from_env = std::env::var_os(DATA_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let data_dir = match flag.or(from_env) {
            Some(dir) => dir,
            None => directories::ProjectDirs::from("app", "AuralArchive", "AuralArchive")
                .map(|dirs| dirs.data_dir().to_path_buf())
                .ok_or(ServiceError::NoDataDir)?,
        };
        Ok(AppConfig { data_dir })
    }

    pub fn from_env() -> Result<AppConfig, ServiceError> {
        AppConfig::resolve(None)
    }
}
