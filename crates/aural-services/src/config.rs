//! Start-up configuration, read once from the environment and flags.

use std::ffi::OsString;
use std::path::PathBuf;

use url::Url;

use crate::error::ServiceError;

pub const DATA_DIR_ENV: &str = "AURALARCHIVE_DATA_DIR";
pub const AUDIBLE_API_URL_ENV: &str = "AURALARCHIVE_AUDIBLE_API_URL";
pub const AMAZON_URL_ENV: &str = "AURALARCHIVE_AMAZON_URL";
pub const AUDNEXUS_URL_ENV: &str = "AURALARCHIVE_AUDNEXUS_URL";

const AUDNEXUS_URL: &str = "https://api.audnex.us";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConfig {
    pub data_dir: PathBuf,
    pub urls: ServiceUrls,
}

/// Where the remote services live. Tests point these at loopback fakes; users behind a proxy
/// or mirror set them through the environment. Per-provider URLs (AudioBookShelf, indexers,
/// download clients) are stored with each provider, not here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceUrls {
    /// Replaces `https://api.audible.<tld>` of every marketplace; `None` keeps each marketplace's host.
    pub audible_api: Option<Url>,
    /// Replaces `https://www.amazon.<tld>` and `https://api.amazon.<tld>` (sign-in, registration);
    /// `None` keeps each marketplace's host.
    pub amazon: Option<Url>,
    pub audnexus: Url,
}

impl Default for ServiceUrls {
    fn default() -> ServiceUrls {
        ServiceUrls {
            audible_api: None,
            amazon: None,
            audnexus: Url::parse(AUDNEXUS_URL).expect("the Audnexus URL is valid"),
        }
    }
}

impl ServiceUrls {
    /// The defaults with the overrides found through `var` (the environment, in production).
    pub fn from_vars(
        var: impl Fn(&'static str) -> Option<OsString>,
    ) -> Result<ServiceUrls, ServiceError> {
        let defaults = ServiceUrls::default();
        Ok(ServiceUrls {
            audible_api: service_url(AUDIBLE_API_URL_ENV, var(AUDIBLE_API_URL_ENV))?,
            amazon: service_url(AMAZON_URL_ENV, var(AMAZON_URL_ENV))?,
            audnexus: service_url(AUDNEXUS_URL_ENV, var(AUDNEXUS_URL_ENV))?
                .unwrap_or(defaults.audnexus),
        })
    }
}

/// An unset or empty variable is no override; anything else must be an http(s) URL.
fn service_url(var: &'static str, value: Option<OsString>) -> Result<Option<Url>, ServiceError> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let value = value.to_string_lossy().into_owned();
    let invalid = |reason: String| ServiceError::ServiceUrl {
        var,
        value: value.clone(),
        reason,
    };
    let url = Url::parse(value.trim()).map_err(|e| invalid(e.to_string()))?;
    match url.scheme() {
        "http" | "https" if url.has_host() => Ok(Some(url)),
        "http" | "https" => Err(invalid("it has no host".to_owned())),
        other => Err(invalid(format!(
            "its scheme is {other:?}, not http or https"
        ))),
    }
}

impl AppConfig {
    /// The data folder `data_dir` with the production service URLs.
    pub fn at(data_dir: PathBuf) -> AppConfig {
        AppConfig {
            data_dir,
            urls: ServiceUrls::default(),
        }
    }

    /// The data folder of [`AppConfig::resolve_data_dir`]; service URLs from their
    /// `AURALARCHIVE_*_URL` variables.
    pub fn resolve(flag: Option<PathBuf>) -> Result<AppConfig, ServiceError> {
        Ok(AppConfig {
            data_dir: AppConfig::resolve_data_dir(flag)?,
            urls: ServiceUrls::from_vars(std::env::var_os)?,
        })
    }

    /// `--data-dir` wins, then `AURALARCHIVE_DATA_DIR`, then the OS data dir for the app.
    pub fn resolve_data_dir(flag: Option<PathBuf>) -> Result<PathBuf, ServiceError> {
        let from_env = std::env::var_os(DATA_DIR_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        match flag.or(from_env) {
            Some(dir) => Ok(dir),
            None => directories::ProjectDirs::from("app", "AuralArchive", "AuralArchive")
                .map(|dirs| dirs.data_dir().to_path_buf())
                .ok_or(ServiceError::NoDataDir),
        }
    }
}
