use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::ServiceError;

pub const VERSION: u32 = 1;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub version: u32,
    pub general: General,
    pub library: LibrarySettings,
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LibrarySettings {
    /// Where imported books are placed; nothing is imported until it is set.
    pub root: Option<String>,
    /// Where downloads and files waiting for import are picked up.
    pub staging_dir: Option<String>,
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
        Ok(())
    }
}
