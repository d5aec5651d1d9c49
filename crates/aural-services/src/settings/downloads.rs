//! Settings of the download pipeline (SPEC §6.9, §9): automatic downloads of Wanted books. The
//! seeding rule belongs to each torrent client (`ProviderSettings::seeding`).

use serde::{Deserialize, Serialize};

use crate::error::ServiceError;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DownloadSettings {
    /// Search for Wanted books on a schedule and grab the best release; off until the user
    /// turns it on.
    pub automatic: bool,
    /// Minutes between two automatic passes.
    pub automatic_minutes: u32,
    /// Books searched in one automatic pass at most.
    pub searches_per_run: u32,
    /// The score (0–100) a release needs to be grabbed without the user choosing it.
    pub min_score: u8,
    /// Releases tried per book in a day when a failed download is replaced by the next best.
    pub releases_per_book_per_day: u32,
}

impl Default for DownloadSettings {
    fn default() -> DownloadSettings {
        DownloadSettings {
            automatic: false,
            automatic_minutes: 6 * 60,
            searches_per_run: 20,
            min_score: 70,
            releases_per_book_per_day: 3,
        }
    }
}

impl DownloadSettings {
    pub(super) fn validate(&self) -> Result<(), ServiceError> {
        let invalid = |key: &str, message: &str| {
            Err(ServiceError::SettingValue {
                key: format!("downloads.{key}"),
                message: message.to_owned(),
            })
        };
        if self.automatic_minutes == 0 {
            return invalid("automaticMinutes", "must be at least 1 minute");
        }
        if self.min_score > 100 {
            return invalid("minScore", "a score is between 0 and 100");
        }
        Ok(())
    }
}
