use std::path::Path;

use aural_core::naming::{NamingPreset, NamingTemplate};
use serde::{Deserialize, Serialize};

use super::downloads::DownloadSettings;
use crate::error::ServiceError;

pub const VERSION: u32 = 1;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub version: u32,
    pub general: General,
    pub library: LibrarySettings,
    pub downloads: DownloadSettings,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct General {
    pub theme: Theme,
    /// Closing the window hides it to the tray instead of quitting.
    pub close_to_tray: bool,
    /// The app starts with its window hidden in the tray.
    pub start_minimised: bool,
    pub log_level: LogLevel,
    /// Languages whose books the app suggests, lower-case English names ("english", "german").
    pub preferred_languages: Vec<String>,
    pub notifications: Notifications,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Notifications {
    /// A desktop notification when a library list import or another import finishes.
    pub import_finished: bool,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LibrarySettings {
    /// Where imported books are placed; nothing is imported until it is set.
    pub root: Option<String>,
    /// Where downloads and files waiting for import are picked up.
    pub staging_dir: Option<String>,
    /// The book's folder under the root (SPEC §7.5 template syntax).
    pub folder_template: String,
    /// Each audio file's name in its folder, without the extension.
    pub file_template: String,
    /// Whether an import leaves the source files where they were.
    pub import_mode: ImportMode,
}

/// What an import does with the files it placed in the library.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportMode {
    /// Keep the sources (a seeding torrent keeps its files).
    #[default]
    Copy,
    /// Delete each source once its copy is verified and recorded.
    Move,
}

impl Default for LibrarySettings {
    fn default() -> LibrarySettings {
        let (folder, file) = NamingPreset::default().templates();
        LibrarySettings {
            root: None,
            staging_dir: None,
            folder_template: folder.to_owned(),
            file_template: file.to_owned(),
            import_mode: ImportMode::default(),
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Dark,
    Light,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    #[default]
    Info,
    Debug,
    Trace,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            version: VERSION,
            general: General::default(),
            library: LibrarySettings::default(),
            downloads: DownloadSettings::default(),
        }
    }
}

impl Default for General {
    fn default() -> General {
        General {
            theme: Theme::Dark,
            close_to_tray: true,
            start_minimised: false,
            log_level: LogLevel::Info,
            preferred_languages: vec!["english".to_owned()],
            notifications: Notifications::default(),
        }
    }
}

impl Default for Notifications {
    fn default() -> Notifications {
        Notifications {
            import_finished: true,
        }
    }
}

impl Settings {
    /// Checks what the types cannot: folders are absolute, languages are named.
    pub fn validate(&self) -> Result<(), ServiceError> {
        for (key, dir) in [
            ("library.root", &self.library.root),
            ("library.stagingDir", &self.library.staging_dir),
        ] {
            if let Some(dir) = dir
                && !Path::new(dir).is_absolute()
            {
                return Err(ServiceError::SettingValue {
                    key: key.to_owned(),
                    message: format!(
                        "{dir:?} is not an absolute path; give the full path of the folder"
                    ),
                });
            }
        }
        for (key, template) in [
            ("library.folderTemplate", &self.library.folder_template),
            ("library.fileTemplate", &self.library.file_template),
        ] {
            if let Err(e) = template.parse::<NamingTemplate>() {
                return Err(ServiceError::SettingValue {
                    key: key.to_owned(),
                    message: e.to_string(),
                });
            }
        }
        if self
            .general
            .preferred_languages
            .iter()
            .any(|l| l.trim().is_empty())
        {
            return Err(ServiceError::SettingValue {
                key: "general.preferredLanguages".to_owned(),
                message: "a language name is empty".to_owned(),
            });
        }
        self.downloads.validate()
    }
}
