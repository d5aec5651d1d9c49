use std::fs;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::time::SystemTime;

use super::document::Settings;
use super::keys::with_key;
use crate::error::ServiceError;
use crate::private_file;

pub const FILE: &str = "settings.json";

#[derive(Debug)]
pub struct SettingsStore {
    path: PathBuf,
    cache: RwLock<Cached>,
    recovered_from: Option<PathBuf>,
}

#[derive(Debug, Clone)]
struct Cached {
    settings: Settings,
    modified: Option<SystemTime>,
}

impl SettingsStore {
    /// Loads `settings.json`; a file that does not parse or validate is kept aside as
    /// `settings.json.bad-<ms>` and the defaults are used, so a bad edit never stops the app.
    pub fn load(data_dir: &Path) -> Result<SettingsStore, ServiceError> {
        let path = data_dir.join(FILE);
        let mut recovered_from = None;
        let settings = match read(&path) {
            Ok(Some(settings)) => settings,
            Ok(None) => Settings::default(),
            Err(reason) => {
                let aside = path.with_extension(format!("json.bad-{}", unix_millis()));
                fs::rename(&path, &aside).map_err(|e| ServiceError::WriteFile {
                    path: aside.clone(),
                    source: e,
                })?;
                tracing::warn!(file = %aside.display(), %reason, "settings file was invalid; using defaults");
                recovered_from = Some(aside);
                Settings::default()
            }
        };
        Ok(SettingsStore {
            cache: RwLock::new(Cached {
                settings,
                modified: modified(&path),
            }),
            path,
            recovered_from,
        })
    }

    /// The settings in `data_dir` without keeping a store, for what must run before the app opens
    /// its context (logging); an unreadable file gives the defaults and is left for `load` to handle.
    pub fn peek(data_dir: &Path) -> Settings {
        read(&data_dir.join(FILE))
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// The settings now in force, re-read when the file changed since the last read.
    pub fn current(&self) -> Settings {
        let on_disk = modified(&self.path);
        if let Ok(cache) = self.cache.read()
            && cache.modified == on_disk
        {
            return cache.settings.clone();
        }
        match read(&self.path) {
            Ok(loaded) => {
                let settings = loaded.unwrap_or_default();
                if let Ok(mut cache) = self.cache.write() {
                    *cache = Cached {
                        settings: settings.clone(),
                        modified: on_disk,
                    };
                }
                settings
            }
            Err(reason) => {
                tracing::warn!(%reason, "settings file changed but is invalid; keeping the previous settings");
                self.cache
                    .read()
                    .map(|c| c.settings.clone())
                    .unwrap_or_default()
            }
        }
    }

    /// Where an invalid settings file was moved at start-up, if that happened.
    pub fn recovered_from(&self) -> Option<&Path> {
        self.recovered_from.as_deref()
    }

    /// Validates and writes one setting; [`super::set`] also tells other processes.
    pub(super) async fn set_key(&self, key: &str, raw: &str) -> Result<Settings, ServiceError> {
        let (key, raw) = (key.to_owned(), raw.to_owned());
        self.modify(move |settings| {
            *settings = with_key(settings, &key, &raw)?;
            Ok(())
        })
        .await
    }

    /// Applies `change` to the settings on disk and saves them, holding the settings lock from the
    /// read to the write so a change made meanwhile by another process is kept, not overwritten.
    /// `change` validates what it sets; nothing is written when it fails.
    pub(super) async fn modify(
        &self,
        change: impl FnOnce(&mut Settings) -> Result<(), ServiceError> + Send + 'static,
    ) -> Result<Settings, ServiceError> {
        let path = self.path.clone();
        let updated = tokio::task::spawn_blocking(move || modify_file(&path, change))
            .await
            .map_err(|e| ServiceError::JobPanicked(e.to_string()))??;
        if let Ok(mut cache) = self.cache.write() {
            *cache = Cached {
                settings: updated.clone(),
                modified: modified(&self.path),
            };
        }
        Ok(updated)
    }
}

/// What can stop [`modify_file`]: the file itself, or the change it was asked to make.
enum ModifyError {
    Io(std::io::Error),
    Service(ServiceError),
}

impl From<std::io::Error> for ModifyError {
    fn from(e: std::io::Error) -> ModifyError {
        ModifyError::Io(e)
    }
}

fn modify_file(
    path: &Path,
    change: impl FnOnce(&mut Settings) -> Result<(), ServiceError>,
) -> Result<Settings, ServiceError> {
    let result = private_file::update(path, |bytes| {
        let mut settings = match bytes {
            Some(bytes) => parse(&bytes).map_err(|reason| {
                ModifyError::Service(ServiceError::SaveDataFile {
                    what: "settings",
                    path: path.to_path_buf(),
                    source: std::io::Error::other(format!(
                        "the file changed on disk and is no longer valid ({reason})"
                    )),
                })
            })?,
            None => Settings::default(),
        };
        change(&mut settings).map_err(ModifyError::Service)?;
        Ok((Some(render(&settings)?), settings))
    });
    result.map_err(|e| match e {
        ModifyError::Service(e) => e,
        ModifyError::Io(source) => ServiceError::SaveDataFile {
            what: "settings",
            path: path.to_path_buf(),
            source,
        },
    })
}

fn read(path: &Path) -> Result<Option<Settings>, String> {
    match fs::read(path) {
        Ok(bytes) => parse(&bytes).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

fn parse(bytes: &[u8]) -> Result<Settings, String> {
    let settings: Settings = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    settings.validate().map_err(|e| e.to_string())?;
    Ok(settings)
}

fn render(settings: &Settings) -> std::io::Result<Vec<u8>> {
    let mut text = serde_json::to_vec_pretty(settings).map_err(std::io::Error::other)?;
    text.push(b'\n');
    Ok(text)
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn unix_millis() -> u128 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}
