//! A clock tests move by hand.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use aural_core::{Clock, Timestamp};

/// 2025-11-24, a fixed "now" so that stored times do not depend on when the test runs.
pub const NOW: i64 = 1_764_000_000_000;

#[derive(Debug)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn at(millis: i64) -> FixedClock {
        FixedClock(AtomicI64::new(millis))
    }

    pub fn set(&self, millis: i64) {
        self.0.store(millis, Ordering::SeqCst);
    }

    pub fn advance(&self, by: Duration) {
        let by =
            i64::try_from(by.as_millis()).expect("tests advance by less than 292 million years");
        self.0.fetch_add(by, Ordering::SeqCst);
    }
}

impl Default for FixedClock {
    fn default() -> FixedClock {
        FixedClock::at(NOW)
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}
