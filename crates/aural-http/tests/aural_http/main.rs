//! The retry rule and the body readers against the test kit's fake server on 127.0.0.1.

mod response;
mod retry;

use std::time::Duration;

use aural_http::{Client, ClientSettings, RetryPolicy, build_client};

/// Quick backoffs so that retry tests take milliseconds, not seconds.
pub fn quick_policy(max_tries: usize) -> RetryPolicy {
    RetryPolicy {
        max_tries,
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(10),
    }
}

pub fn client() -> Client {
    client_with_read_timeout(Duration::from_secs(10))
}

pub fn client_with_read_timeout(read_timeout: Duration) -> Client {
    build_client(&ClientSettings {
        read_timeout,
        ..ClientSettings::for_version("test")
    })
    .expect("the client builds")
}
