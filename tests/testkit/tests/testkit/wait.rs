use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use aural_testkit::wait_until;

#[tokio::test]
async fn wait_until_returns_the_value_once_the_condition_holds() {
    let checks = Arc::new(AtomicU32::new(0));
    let value = wait_until(Duration::from_secs(10), "the third check", || {
        let n = checks.fetch_add(1, Ordering::SeqCst) + 1;
        std::future::ready((n == 3).then_some(n * 10))
    })
    .await;
    assert_eq!(value, 30, "the value of the check that held is returned");
}

#[tokio::test]
#[should_panic(expected = "waiting for a condition that never holds")]
async fn wait_until_names_what_it_waited_for_when_time_runs_out() {
    wait_until(
        Duration::from_millis(50),
        "a condition that never holds",
        || std::future::ready(None::<()>),
    )
    .await;
}
