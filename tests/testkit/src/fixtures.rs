//! The repository's `tests/fixtures/`: the only files outside its temp dir a test may read.

use std::path::{Path, PathBuf};

/// The path of `tests/fixtures/<relative>`; panics if it does not exist, naming it.
pub fn fixture(relative: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the test kit lives in tests/testkit")
        .join("fixtures")
        .join(relative);
    assert!(
        path.is_file(),
        "fixture {relative} is missing: add it under tests/fixtures/ and note its source in SOURCES.md"
    );
    path
}

pub fn fixture_text(relative: &str) -> String {
    let path = fixture(relative);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}
