//! How long a failed loop waits before it runs again.

use std::time::Duration;

/// The first restart waits this long; each further failure in a row doubles it.
pub const FIRST_DELAY: Duration = Duration::from_secs(1);
/// A loop that keeps failing is retried this often at most, so it recovers soon after its cause
/// (a full disk, an unreachable service) goes away without flooding the log meanwhile.
pub const MAX_DELAY: Duration = Duration::from_secs(5 * 60);
/// A loop that ran this long before failing was healthy: its next failure starts a new streak.
pub const HEALTHY_RUN: Duration = Duration::from_secs(60);

/// The failures in a row of one loop.
#[derive(Debug, Default)]
pub(crate) struct Backoff {
    streak: u32,
}

impl Backoff {
    /// Records a failure after the loop ran for `ran_for` and returns the delay before its restart.
    pub(crate) fn after_failure(&mut self, ran_for: Duration) -> Duration {
        if ran_for >= HEALTHY_RUN {
            self.streak = 0;
        }
        let delay = FIRST_DELAY
            .checked_mul(2u32.saturating_pow(self.streak))
            .map_or(MAX_DELAY, |d| d.min(MAX_DELAY));
        self.streak = self.streak.saturating_add(1);
        delay
    }

    /// How many failures in a row this is: 1 for the first after a healthy run.
    pub(crate) fn streak(&self) -> u32 {
        self.streak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_in_a_row_double_the_delay_up_to_the_cap() {
        let mut backoff = Backoff::default();
        let delays: Vec<u64> = (0..12)
            .map(|_| backoff.after_failure(Duration::ZERO).as_secs())
            .collect();
        assert_eq!(
            delays,
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300],
            "the delay doubles from one second and stays at five minutes"
        );
        assert_eq!(backoff.streak(), 12, "twelve failures in a row");
    }

    #[test]
    fn a_healthy_run_starts_a_new_streak() {
        let mut backoff = Backoff::default();
        for _ in 0..5 {
            backoff.after_failure(Duration::from_millis(10));
        }
        assert_eq!(
            backoff.after_failure(HEALTHY_RUN),
            FIRST_DELAY,
            "a loop that ran a minute before failing restarts quickly again"
        );
        assert_eq!(backoff.streak(), 1, "the healthy run ended the old streak");
    }

    #[test]
    fn a_huge_streak_never_overflows() {
        let mut backoff = Backoff {
            streak: u32::MAX - 1,
        };
        assert_eq!(backoff.after_failure(Duration::ZERO), MAX_DELAY);
        assert_eq!(backoff.after_failure(Duration::ZERO), MAX_DELAY);
    }
}
