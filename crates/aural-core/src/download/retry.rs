//! When failed steps of a download are tried again (SPEC §6.1): a hand-over to the download
//! client (`found → sent`) three more times, 1, 5 and 15 minutes apart; a search that found
//! nothing good enough (`searching → queued`) three more times, 1, 6 and 24 hours apart. Then
//! the download fails.

use std::time::Duration;

/// The waits before the second, third and fourth try.
const HANDOVER_WAITS: [Duration; 3] = [
    Duration::from_secs(60),
    Duration::from_secs(5 * 60),
    Duration::from_secs(15 * 60),
];

/// The waits before the second, third and fourth search.
const SEARCH_WAITS: [Duration; 3] = [
    Duration::from_secs(60 * 60),
    Duration::from_secs(6 * 60 * 60),
    Duration::from_secs(24 * 60 * 60),
];

/// How long to wait after hand-over number `attempt` (1 for the first) failed, or `None` when
/// that was the last try and the download fails.
pub fn handover_retry_after(attempt: u32) -> Option<Duration> {
    wait_after(&HANDOVER_WAITS, attempt)
}

/// How long to wait after search number `attempt` found nothing to grab, or `None` when that
/// was the last.
pub fn search_retry_after(attempt: u32) -> Option<Duration> {
    wait_after(&SEARCH_WAITS, attempt)
}

fn wait_after(waits: &[Duration], attempt: u32) -> Option<Duration> {
    let index = usize::try_from(attempt.checked_sub(1)?).ok()?;
    waits.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_over_is_tried_four_times_one_five_and_fifteen_minutes_apart() {
        let minutes = |m: u64| Some(Duration::from_secs(m * 60));
        for (attempt, wait) in [
            (0, None),
            (1, minutes(1)),
            (2, minutes(5)),
            (3, minutes(15)),
            (4, None),
            (u32::MAX, None),
        ] {
            assert_eq!(handover_retry_after(attempt), wait, "after try {attempt}");
        }
    }

    #[test]
    fn a_search_that_found_nothing_is_tried_again_after_one_six_and_twenty_four_hours() {
        let hours = |h: u64| Some(Duration::from_secs(h * 60 * 60));
        for (attempt, wait) in [(1, hours(1)), (2, hours(6)), (3, hours(24)), (4, None)] {
            assert_eq!(search_retry_after(attempt), wait, "after search {attempt}");
        }
    }
}
