use std::time::Duration;

use aural_core::{Clock, Timestamp};
use aural_testkit::{FixedClock, NOW};

#[test]
fn a_fixed_clock_moves_only_when_told() {
    let clock = FixedClock::default();
    assert_eq!(clock.now(), Timestamp(NOW), "it starts at the fixed now");
    assert_eq!(clock.now(), Timestamp(NOW), "time does not pass by itself");
    clock.advance(Duration::from_secs(90));
    assert_eq!(
        clock.now(),
        Timestamp(NOW + 90_000),
        "advance moves it by that much"
    );
    clock.set(5);
    assert_eq!(clock.now(), Timestamp(5), "set puts it anywhere");
}
