//! The sections of the Settings page, each saved whole by one typed command.

use serde::{Deserialize, Serialize};

use super::document::{General, LibrarySettings, Settings};

/// One section of the settings with every value it holds. Provider sections (indexers, download
/// clients, AudioBookShelf) are rows of their own, not part of `settings.json`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "section", content = "values", rename_all = "camelCase")]
pub enum SettingsSection {
    General(General),
    Library(LibrarySettings),
}

impl SettingsSection {
    /// The section's key in `settings.json`, which is also the prefix of its dotted keys.
    pub fn name(&self) -> &'static str {
        match self {
            SettingsSection::General(_) => "general",
            SettingsSection::Library(_) => "library",
        }
    }

    pub(super) fn apply(self, settings: &mut Settings) {
        match self {
            SettingsSection::General(general) => settings.general = general,
            SettingsSection::Library(library) => settings.library = library,
        }
    }
}
