use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::time::SystemTime;

use super::document::Settings;
use super::file::{SettingsFile, Unreadable, to_bytes};
use super::keys::with_key;
use crate::error::ServiceError;
use crate::private_file;

pub const FILE: &str = "settings.json";

#[derive(Debug)]
pub struct SettingsStore {
    path: PathBuf,
    cache: RwLock<Cached>,
    repair: Option<Repair>,
}

/// What loading `settings.json` had to put right: each value that could not be used (it is at its
/// default now), and where the file as it was is kept. Shown on the CLI's stderr and in the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub problems: Vec<String>,
    /// `settings.json.bad-<ms>`; `None` when the folder could not take the copy (read-only).
    pub aside: Option<PathBuf>,
}

/// The settings with the bytes they come from (`None`: no file). Comparing bytes, not the
/// modification time, sees every change: two writes within one timestamp tick, or another process
/// writing between our write and our look at the file, would leave a time-keyed cache stale.
#[derive(Debug, Clone)]
struct Cached {
    settings: Settings,
    bytes: Option<Vec<u8>>,
}

impl SettingsStore {
    /// Loads `settings.json`. A value that cannot be used falls back to its default alone; a file
    /// that is not a JSON object gives the defaults. Either way the file as it was is kept aside as
    /// `settings.json.bad-<ms>` and the problems are kept for [`SettingsStore::repair`], so a bad
    /// edit never stops the app and loses nothing.
    pub fn load(data_dir: &Path) -> Result<SettingsStore, ServiceError> {
        let path = data_dir.join(FILE);
        let on_disk = read_bytes(&path).map_err(|e| e.to_string());
        let bytes = on_disk.clone().ok().flatten();
        let (settings, repair) = match on_disk.and_then(|bytes| parse(bytes.as_deref())) {
            Ok(file) if file.problems.is_empty() => (file.settings, None),
            Ok(file) => {
                let repair = put_right(&path).into_repair(file.problems);
                (file.settings, repair)
            }
            Err(reason) => {
                let problem = format!("{FILE}: {reason}; every setting uses its default");
                let repair = put_right(&path).into_repair(vec![problem]);
                (Settings::default(), repair)
            }
        };
        if let Some(repair) = &repair {
            for problem in &repair.problems {
                tracing::warn!(file = %path.display(), %problem, "a setting could not be used");
            }
        }
        Ok(SettingsStore {
            // The bytes as read, not as repaired: a repaired file differs, so the first
            // `current` reads it again (and finds nothing left to warn about).
            cache: RwLock::new(Cached { settings, bytes }),
            path,
            repair,
        })
    }

    /// The settings in `data_dir` without keeping a store, for what must run before the app opens
    /// its context (logging); an unreadable file gives the defaults and is left for `load` to handle.
    pub fn peek(data_dir: &Path) -> Settings {
        read_bytes(&data_dir.join(FILE))
            .ok()
            .and_then(|bytes| parse(bytes.as_deref()).ok())
            .map(|file| file.settings)
            .unwrap_or_default()
    }

    /// The settings now in force, re-read when the file changed since the last read.
    pub fn current(&self) -> Settings {
        let on_disk = match read_bytes(&self.path) {
            Ok(bytes) => bytes,
            Err(reason) => {
                tracing::warn!(%reason, "settings file cannot be read; keeping the previous settings");
                return self.cached();
            }
        };
        if let Ok(cache) = self.cache.read()
            && cache.bytes == on_disk
        {
            return cache.settings.clone();
        }
        match parse(on_disk.as_deref()) {
            Ok(file) => {
                for problem in &file.problems {
                    tracing::warn!(%problem, "settings file changed; a value in it cannot be used");
                }
                let settings = file.settings;
                if let Ok(mut cache) = self.cache.write() {
                    *cache = Cached {
                        settings: settings.clone(),
                        bytes: on_disk,
                    };
                }
                settings
            }
            Err(reason) => {
                tracing::warn!(%reason, "settings file changed but is invalid; keeping the previous settings");
                self.cached()
            }
        }
    }

    fn cached(&self) -> Settings {
        self.cache
            .read()
            .map(|c| c.settings.clone())
            .unwrap_or_default()
    }

    /// What loading the file had to put right, if anything.
    pub fn repair(&self) -> Option<&Repair> {
        self.repair.as_ref()
    }

    /// Where the settings file was kept aside at start-up, if that happened.
    pub fn recovered_from(&self) -> Option<&Path> {
        self.repair.as_ref().and_then(|r| r.aside.as_deref())
    }

    /// Validates and writes one setting. [`super::set`] also tells other processes.
    pub(super) async fn set_key(&self, key: &str, raw: &str) -> Result<Settings, ServiceError> {
        let (key, raw) = (key.to_owned(), raw.to_owned());
        self.modify(move |settings| with_key(settings, &key, &raw))
            .await
    }

    /// A read-modify-write of the file under its lock, so two processes changing different
    /// settings at once both keep theirs. `change` turns the settings on disk into the new ones
    /// (validated: nothing is written when it fails); only the values it changed are written, so
    /// keys this version does not know stay in the file.
    pub(super) async fn modify(
        &self,
        change: impl FnOnce(&Settings) -> Result<Settings, ServiceError> + Send + 'static,
    ) -> Result<Settings, ServiceError> {
        let path = self.path.clone();
        let (updated, bytes) = tokio::task::spawn_blocking(move || modify_file(&path, change))
            .await
            .map_err(|e| ServiceError::JobPanicked(e.to_string()))??;
        if let Ok(mut cache) = self.cache.write() {
            *cache = Cached {
                settings: updated.clone(),
                bytes: Some(bytes),
            };
        }
        Ok(updated)
    }
}

/// The new settings and the bytes written for them.
fn modify_file(
    path: &Path,
    change: impl FnOnce(&Settings) -> Result<Settings, ServiceError>,
) -> Result<(Settings, Vec<u8>), ServiceError> {
    private_file::update(path, |bytes| {
        let file = match bytes {
            None => SettingsFile::default(),
            Some(bytes) => SettingsFile::parse(&bytes).map_err(|Unreadable(reason)| {
                SetError::Service(ServiceError::SaveDataFile {
                    what: "settings",
                    path: path.to_path_buf(),
                    source: io::Error::other(format!(
                        "it cannot be read ({reason}); fix or remove it, then change the setting again"
                    )),
                })
            })?,
        };
        let updated = change(&file.settings).map_err(SetError::Service)?;
        let bytes = to_bytes(&file.with_changes(&updated));
        Ok((Some(bytes.clone()), (updated, bytes)))
    })
    .map_err(|e| match e {
        SetError::Service(e) => e,
        SetError::Io(source) => ServiceError::SaveDataFile {
            what: "settings",
            path: path.to_path_buf(),
            source,
        },
    })
}

/// A failed change: the value was refused, or the file could not be written.
enum SetError {
    Service(ServiceError),
    Io(io::Error),
}

impl From<io::Error> for SetError {
    fn from(e: io::Error) -> SetError {
        SetError::Io(e)
    }
}

/// The file's bytes; `None` when there is no file.
fn read_bytes(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The settings in the file's bytes; no file gives the defaults.
fn parse(bytes: Option<&[u8]>) -> Result<SettingsFile, String> {
    match bytes {
        Some(bytes) => SettingsFile::parse(bytes).map_err(|Unreadable(reason)| reason),
        None => Ok(SettingsFile::default()),
    }
}

/// What [`put_right`] did with a file that had problems.
enum Aside {
    Kept(PathBuf),
    /// Another process starting at the same time put the file right first and reported it.
    AlreadyPutRight,
    /// The folder could not take the copy (read-only); the file is left as it was.
    NotKept,
}

impl Aside {
    fn into_repair(self, problems: Vec<String>) -> Option<Repair> {
        match self {
            Aside::Kept(aside) => Some(Repair {
                problems,
                aside: Some(aside),
            }),
            Aside::AlreadyPutRight => None,
            Aside::NotKept => Some(Repair {
                problems,
                aside: None,
            }),
        }
    }
}

/// Under the file's lock (another process may be doing the same): keeps the file as it is aside,
/// then writes it back without the values that cannot be used, or removes it when nothing in it
/// can be read.
fn put_right(path: &Path) -> Aside {
    let result = private_file::update(path, |bytes| -> Result<_, io::Error> {
        let Some(bytes) = bytes else {
            return Ok((None, Aside::AlreadyPutRight));
        };
        let repaired = match SettingsFile::parse(&bytes) {
            Ok(file) if file.problems.is_empty() => return Ok((None, Aside::AlreadyPutRight)),
            Ok(file) => Some(to_bytes(&file.without_problems())),
            Err(_) => None,
        };
        let aside = path.with_extension(format!("json.bad-{}", unix_millis()));
        fs::write(&aside, &bytes)?;
        if repaired.is_none() {
            fs::remove_file(path)?;
        }
        Ok((repaired, Aside::Kept(aside)))
    });
    result.unwrap_or_else(|e| {
        tracing::warn!(file = %path.display(), error = %e, "could not keep the settings file aside");
        Aside::NotKept
    })
}

fn unix_millis() -> u128 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}
