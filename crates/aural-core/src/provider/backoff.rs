//! How long a failing provider rests (SPEC §2.7): each consecutive failure disables it for longer,
//! up to a cap, so a dead indexer stops costing a timeout per search without being forgotten.

use crate::clock::Timestamp;

const MINUTE_MS: i64 = 60_000;
/// The rest after the 1st, 2nd, … consecutive failure; from the last one on it repeats.
const SCHEDULE_MS: [i64; 5] = [
    5 * MINUTE_MS,
    15 * MINUTE_MS,
    60 * MINUTE_MS,
    3 * 60 * MINUTE_MS,
    6 * 60 * MINUTE_MS,
];

/// What is known of a provider's recent failures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderHealth {
    /// Consecutive failures since the last success or re-enable.
    pub failure_count: u32,
    /// Skipped by searches and automation until then.
    pub disabled_until: Option<Timestamp>,
    /// The last failure's message, already free of secrets.
    pub last_error: Option<String>,
    pub last_error_at: Option<Timestamp>,
}

/// How long to rest after `failures` consecutive failures (≥ 1).
pub fn rest_after(failures: u32) -> i64 {
    let index = (failures.max(1) as usize - 1).min(SCHEDULE_MS.len() - 1);
    SCHEDULE_MS[index]
}

impl ProviderHealth {
    /// One more failure at `now`: counted, remembered, and the provider rests per the schedule.
    pub fn after_failure(&self, message: &str, now: Timestamp) -> ProviderHealth {
        let failure_count = self.failure_count.saturating_add(1);
        ProviderHealth {
            failure_count,
            disabled_until: Some(Timestamp(now.millis() + rest_after(failure_count))),
            last_error: Some(message.to_owned()),
            last_error_at: Some(now),
        }
    }

    /// A success (or the user's "Enable now") ends the rest and the count; the last error stays
    /// visible with its time, so the user can still read what went wrong.
    pub fn after_success(&self) -> ProviderHealth {
        ProviderHealth {
            failure_count: 0,
            disabled_until: None,
            ..self.clone()
        }
    }

    /// Whether the provider is resting at `now`.
    pub fn is_resting(&self, now: Timestamp) -> bool {
        self.disabled_until.is_some_and(|until| until > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_failures_rest_longer_up_to_six_hours() {
        for (failures, minutes) in [
            (1, 5),
            (2, 15),
            (3, 60),
            (4, 180),
            (5, 360),
            (6, 360),
            (50, 360),
            (u32::MAX, 360),
        ] {
            assert_eq!(
                rest_after(failures),
                minutes * MINUTE_MS,
                "failure {failures}"
            );
        }
    }

    #[test]
    fn failures_escalate_and_a_success_resets_the_count() {
        let t0 = Timestamp(1_000_000);
        let once = ProviderHealth::default().after_failure("timed out", t0);
        assert_eq!(once.failure_count, 1);
        assert_eq!(
            once.disabled_until,
            Some(Timestamp(t0.millis() + 5 * MINUTE_MS))
        );
        assert!(once.is_resting(t0));
        assert!(
            !once.is_resting(Timestamp(t0.millis() + 5 * MINUTE_MS)),
            "rest over"
        );

        let twice = once.after_failure("HTTP 503", Timestamp(t0.millis() + 6 * MINUTE_MS));
        assert_eq!(twice.failure_count, 2);
        assert_eq!(
            twice.disabled_until,
            Some(Timestamp(t0.millis() + 21 * MINUTE_MS)),
            "the second rest is 15 min from the second failure"
        );
        assert_eq!(twice.last_error.as_deref(), Some("HTTP 503"));

        let ok = twice.after_success();
        assert_eq!((ok.failure_count, ok.disabled_until), (0, None));
        assert_eq!(ok.last_error.as_deref(), Some("HTTP 503"), "still readable");
        let again = ok.after_failure("timed out", t0);
        assert_eq!(again.failure_count, 1, "a success starts the schedule over");
    }
}
