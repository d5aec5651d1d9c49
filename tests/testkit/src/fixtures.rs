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

/// The fake test key as PEM: `audible/fake_device_key.pem` from its BEGIN line on (the lines
/// before say it is fake).
pub fn fake_device_key_pem() -> String {
    let text = fixture_text("audible/fake_device_key.pem");
    let begin = text
        .find("-----BEGIN")
        .expect("the fixture holds a PEM key");
    text[begin..].to_owned()
}

/// A fixture's bytes. The fake test key is kept once, in `audible/fake_device_key.pem`; JSON
/// fixtures that carry a device key say `"@fake_device_key.pem"` where it goes.
pub fn fixture_bytes(relative: &str) -> Vec<u8> {
    let path = fixture(relative);
    let raw = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    let pem = serde_json::to_string(&fake_device_key_pem()).expect("a string");
    match String::from_utf8(raw) {
        Ok(text) => text.replace("\"@fake_device_key.pem\"", &pem).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}
