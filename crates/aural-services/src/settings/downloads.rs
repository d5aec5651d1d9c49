//! Settings of the download pipeline (SPEC §6.9, §9): automatic downloads of Wanted books and
//! the seeding rule after import.

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
    pub seeding: SeedingRule,
}

/// When an imported torrent has seeded enough and is removed from its client (its files stay).
/// Whichever limit is reached first ends it; 0 switches a limit off, and with both off the
/// torrent seeds until it leaves the client.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SeedingRule {
    pub ratio: f64,
    pub minutes: u32,
}

impl Default for DownloadSettings {
    fn default() -> DownloadSettings {
        DownloadSettings {
            automatic: false,
            automatic_minutes: 6 * 60,
            searches_per_run: 20,
            min_score: 70,
            releases_per_book_per_day: 3,
            seeding: SeedingRule::default(),
        }
    }
}

impl Default for SeedingRule {
    fn default() -> SeedingRule {
        SeedingRule {
            ratio: 2.0,
            minutes: 7 * 24 * 60,
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
        if !(self.seeding.ratio.is_finite() && self.seeding.ratio >= 0.0) {
            return invalid("seeding.ratio", "must be 0 (off) or a positive ratio");
        }
        Ok(())
    }
}

impl SeedingRule {
    /// Whether a torrent at `ratio` that has seeded `seeded_minutes` has done its share.
    pub fn is_met(&self, ratio: f64, seeded_minutes: u64) -> bool {
        let by_ratio = self.ratio > 0.0 && ratio >= self.ratio;
        let by_time = self.minutes > 0 && seeded_minutes >= u64::from(self.minutes);
        by_ratio || by_time
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeding_ends_at_whichever_limit_comes_first_and_never_with_both_off() {
        let rule = SeedingRule {
            ratio: 2.0,
            minutes: 60,
        };
        for (ratio, minutes, met) in [
            (0.5, 10, false),
            (2.0, 10, true),
            (0.1, 60, true),
            (1.99, 59, false),
        ] {
            assert_eq!(
                rule.is_met(ratio, minutes),
                met,
                "ratio {ratio}, {minutes} min"
            );
        }
        let off = SeedingRule {
            ratio: 0.0,
            minutes: 0,
        };
        assert!(!off.is_met(100.0, 1_000_000), "no limit: seeds on");
        let ratio_only = SeedingRule { ratio: 0.0, ..rule };
        assert!(!ratio_only.is_met(5.0, 59));
        assert!(ratio_only.is_met(0.0, 60));
    }
}
