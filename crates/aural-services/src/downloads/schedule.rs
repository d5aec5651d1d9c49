//! How often the monitor asks the clients, and how long a problem may last before it fails a
//! download (SPEC §6.1, §6.2).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// How often clients are asked and how long a problem may last before it fails the download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitorSchedule {
    /// While something is `sent` or `downloading`.
    pub busy: Duration,
    /// While everything is paused or stalled.
    pub quiet: Duration,
    /// With nothing to watch: only the database is read.
    pub idle: Duration,
    /// Stalled this long: the download becomes `stalled` (`stallMinutes`).
    pub stall_after: Duration,
    /// Stalled this long: it fails (`stallFailHours`).
    pub stall_fail_after: Duration,
    /// A client unreachable or in error this long fails its downloads.
    pub grace: Duration,
    /// Successful answers of a client without the download before it counts as removed...
    pub missing_answers: u32,
    /// ...over at least this long: a restarted client answers before it has loaded its
    /// torrents.
    pub missing_after: Duration,
}

impl Default for MonitorSchedule {
    fn default() -> MonitorSchedule {
        MonitorSchedule {
            busy: Duration::from_secs(2),
            quiet: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            stall_after: Duration::from_secs(60 * 60),
            stall_fail_after: Duration::from_secs(24 * 60 * 60),
            grace: Duration::from_secs(6 * 60 * 60),
            missing_answers: 2,
            missing_after: Duration::from_secs(2 * 60),
        }
    }
}

/// `pause` give or take a tenth, so clients polled by several processes or after a common
/// start do not all answer at the same instant.
pub(super) fn jittered(pause: Duration) -> Duration {
    let random = RandomState::new().build_hasher().finish();
    let spread = pause / 5;
    let offset = spread.mul_f64((random % 1_000) as f64 / 1_000.0);
    pause - pause / 10 + offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_a_tenth_either_way() {
        let pause = Duration::from_secs(10);
        for _ in 0..200 {
            let got = jittered(pause);
            assert!(
                (Duration::from_secs(9)..=Duration::from_secs(11)).contains(&got),
                "{got:?}"
            );
        }
    }
}
