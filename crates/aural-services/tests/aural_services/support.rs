use std::path::{Path, PathBuf};
use std::time::Duration;

use aural_services::AppContext;

pub use aural_testkit::{NOW, TestApp};

pub async fn open(dir: &Path) -> AppContext {
    aural_testkit::open_at(dir).await
}

/// A list of `tests/fixtures/lists/`.
pub fn fixture(name: &str) -> PathBuf {
    aural_testkit::fixture(&format!("lists/{name}"))
}

/// [`aural_testkit::wait_until`] with the deadline these tests share.
pub async fn wait_until<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    aural_testkit::wait_until(Duration::from_secs(10), what, check).await
}
