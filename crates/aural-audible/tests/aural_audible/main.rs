//! aural-audible against the public samples and fixtures in `tests/fixtures/audible` and
//! `tests/fixtures/audnexus`, and against loopback fakes that answer like Audible.

mod audnexus;
mod auth_file;
mod catalog;
mod chapters;
mod client;
mod library;
mod library_scan;
mod register;
mod signing;
mod wishlist;

use aural_audible::signing::DeviceKey;
use aural_testkit::{fixture, fixture_text};

pub const ADP_TOKEN: &str =
    "{enc:dGVzdA==}{key:a2V5}{iv:aXY=}{name:QURQVG9rZW5FbmNyeXB0aW9uS2V5}{serial:Mg==}";

/// A fixture's bytes. The throwaway test key is kept once, in `test_device_key.pem`; JSON fixtures
/// that carry a device key say `"@test_device_key.pem"` where it goes.
pub fn bytes(name: &str) -> Vec<u8> {
    let raw =
        std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("cannot read fixture {name}: {e}"));
    let pem =
        serde_json::to_string(&fixture_text("audible/test_device_key.pem")).expect("a string");
    match String::from_utf8(raw) {
        Ok(text) => text.replace("\"@test_device_key.pem\"", &pem).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

pub fn test_key() -> DeviceKey {
    DeviceKey::parse(&fixture_text("audible/test_device_key.pem"))
        .expect("the fixture key is an RSA key")
}

pub fn test_public_key() -> rsa::RsaPublicKey {
    use rsa::pkcs8::DecodePublicKey;
    rsa::RsaPublicKey::from_public_key_pem(&fixture_text("audible/test_device_key.pub.pem"))
        .expect("the fixture public key parses")
}
