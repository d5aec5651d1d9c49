//! Decides which progress steps are worth publishing: a move of at least 1 % or 250 ms since the last one.

use std::time::{Duration, Instant};

const MIN_INTERVAL: Duration = Duration::from_millis(250);
const MIN_FRACTION: f64 = 0.01;

#[derive(Debug, Default)]
pub(crate) struct Throttle {
    last: Option<(Instant, u64)>,
}

impl Throttle {
    /// True when `done` of `total` at `now` should be published; the first and the final step always are.
    pub(crate) fn admit(&mut self, now: Instant, done: u64, total: Option<u64>) -> bool {
        let admit = match self.last {
            None => true,
            Some((at, last_done)) => {
                let finished = total.is_some_and(|t| done >= t);
                let moved = total.filter(|t| *t > 0).is_some_and(|t| {
                    (done.saturating_sub(last_done)) as f64 / t as f64 >= MIN_FRACTION
                });
                finished || moved || now.duration_since(at) >= MIN_INTERVAL
            }
        };
        if admit {
            self.last = Some((now, done));
        }
        admit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_published_per_percent_or_quarter_second() {
        let t0 = Instant::now();
        let mut throttle = Throttle::default();
        assert!(
            throttle.admit(t0, 0, Some(10_000)),
            "the first step shows the job started"
        );
        assert!(
            !throttle.admit(t0, 50, Some(10_000)),
            "0.5 % within 250 ms is noise"
        );
        assert!(
            throttle.admit(t0, 100, Some(10_000)),
            "1 % is a visible move"
        );
        assert!(!throttle.admit(t0 + Duration::from_millis(100), 101, Some(10_000)));
        assert!(
            throttle.admit(t0 + Duration::from_millis(400), 102, Some(10_000)),
            "250 ms passed"
        );
        assert!(
            throttle.admit(t0 + Duration::from_millis(401), 10_000, Some(10_000)),
            "the end is always shown"
        );
        let mut unknown_total = Throttle::default();
        assert!(unknown_total.admit(t0, 0, None));
        assert!(!unknown_total.admit(t0 + Duration::from_millis(10), 5_000, None));
        assert!(unknown_total.admit(t0 + Duration::from_millis(260), 5_001, None));
    }
}
