//! When a finished torrent leaves its client (SPEC §6.9): after a ratio and/or a seeding time,
//! or never, leaving it to the client's own limits. The imported copy is never touched.

use serde::{Deserialize, Serialize};

use crate::provider::settings::SettingsError;

const DEFAULT_RATIO: f64 = 2.0;
/// Seven days.
const DEFAULT_MINUTES: u32 = 10_080;
/// Far past any tracker's rule; a larger value is a typo.
const MAX_RATIO: f64 = 1_000.0;
/// One year.
const MAX_MINUTES: u32 = 525_600;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum SeedingRule {
    /// The client's own share limits decide; AuralArchive never removes the torrent.
    ClientLimits,
    /// Remove the torrent from the client as soon as either limit set is reached.
    Remove(SeedingLimits),
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedingLimits {
    /// Uploaded ÷ downloaded; `None` ignores the ratio.
    #[serde(default)]
    pub ratio: Option<f64>,
    /// Time spent seeding; `None` ignores the time.
    #[serde(default)]
    pub minutes: Option<u32>,
    /// Also delete the client's copy of the files when removing it (default: keep them).
    #[serde(default)]
    pub delete_data: bool,
}

impl Default for SeedingRule {
    fn default() -> SeedingRule {
        SeedingRule::Remove(SeedingLimits {
            ratio: Some(DEFAULT_RATIO),
            minutes: Some(DEFAULT_MINUTES),
            delete_data: false,
        })
    }
}

impl SeedingRule {
    /// Whether a torrent at `ratio` that has seeded `seeded_minutes` has done its share: either
    /// limit set is enough. Never under the client's own limits, or with neither limit set.
    pub fn is_met(&self, ratio: f64, seeded_minutes: u64) -> bool {
        let SeedingRule::Remove(limits) = self else {
            return false;
        };
        let by_ratio = limits.ratio.is_some_and(|r| ratio >= r);
        let by_time = limits
            .minutes
            .is_some_and(|m| seeded_minutes >= u64::from(m));
        by_ratio || by_time
    }

    /// Whether removing the torrent also deletes the client's copy of its files.
    pub fn deletes_data(&self) -> bool {
        matches!(self, SeedingRule::Remove(limits) if limits.delete_data)
    }

    /// Checks the limits; errors name `seeding`, `seeding.ratio` or `seeding.minutes`.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let SeedingRule::Remove(limits) = self else {
            return Ok(());
        };
        let fail = |field: &str, message: String| {
            Err(SettingsError {
                field: field.to_owned(),
                message,
            })
        };
        if limits.ratio.is_none() && limits.minutes.is_none() {
            return fail(
                "seeding",
                "set a ratio, a seeding time or both, or leave seeding to the client's own limits"
                    .to_owned(),
            );
        }
        if let Some(ratio) = limits.ratio
            && !(ratio.is_finite() && ratio > 0.0 && ratio <= MAX_RATIO)
        {
            return fail(
                "seeding.ratio",
                format!("the ratio must be above 0 and at most {MAX_RATIO}"),
            );
        }
        if let Some(minutes) = limits.minutes
            && !(1..=MAX_MINUTES).contains(&minutes)
        {
            return fail(
                "seeding.minutes",
                format!("the seeding time must be 1 to {MAX_MINUTES} minutes (one year)"),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remove(ratio: Option<f64>, minutes: Option<u32>) -> SeedingRule {
        SeedingRule::Remove(SeedingLimits {
            ratio,
            minutes,
            delete_data: false,
        })
    }

    #[test]
    fn seeding_limits_are_checked_field_by_field() {
        for (rule, field) in [
            (SeedingRule::default(), None),
            (SeedingRule::ClientLimits, None),
            (remove(Some(1.5), None), None),
            (remove(None, Some(60)), None),
            (remove(None, None), Some("seeding")),
            (remove(Some(0.0), None), Some("seeding.ratio")),
            (remove(Some(-1.0), Some(60)), Some("seeding.ratio")),
            (remove(Some(f64::NAN), None), Some("seeding.ratio")),
            (remove(Some(5000.0), None), Some("seeding.ratio")),
            (remove(Some(1.0), Some(0)), Some("seeding.minutes")),
            (remove(None, Some(MAX_MINUTES + 1)), Some("seeding.minutes")),
        ] {
            let got = rule.validate().err().map(|e| e.field);
            assert_eq!(got.as_deref(), field, "{rule:?}");
        }
    }

    #[test]
    fn the_default_seeds_to_ratio_two_or_a_week_and_keeps_the_files() {
        let json = serde_json::to_value(SeedingRule::default()).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"mode": "remove", "ratio": 2.0, "minutes": 10080, "deleteData": false}),
            "SPEC §6.9 defaults"
        );
        let client: SeedingRule =
            serde_json::from_str(r#"{"mode":"clientLimits"}"#).expect("parses");
        assert_eq!(client, SeedingRule::ClientLimits);
        let ratio_only: SeedingRule =
            serde_json::from_str(r#"{"mode":"remove","ratio":1.0}"#).expect("parses");
        assert_eq!(
            ratio_only,
            remove(Some(1.0), None),
            "missing limits are unset"
        );
    }

    #[test]
    fn seeding_ends_at_whichever_limit_comes_first_and_never_under_client_limits() {
        let rule = SeedingRule::Remove(SeedingLimits {
            ratio: Some(2.0),
            minutes: Some(60),
            delete_data: false,
        });
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
        assert!(!SeedingRule::ClientLimits.is_met(100.0, 1_000_000));
        let time_only = SeedingRule::Remove(SeedingLimits {
            ratio: None,
            minutes: Some(60),
            delete_data: true,
        });
        assert!(!time_only.is_met(5.0, 59));
        assert!(time_only.is_met(0.0, 60));
        assert!(time_only.deletes_data() && !rule.deletes_data());
    }
}
