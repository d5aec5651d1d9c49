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
use aural_testkit::{fake_device_key_pem, fixture_bytes, fixture_text};

pub const ADP_TOKEN: &str =
    "{enc:dGVzdA==}{key:a2V5}{iv:aXY=}{name:QURQVG9rZW5FbmNyeXB0aW9uS2V5}{serial:Mg==}";

/// A fixture's bytes, with the fake test key where a JSON fixture names it.
pub fn bytes(name: &str) -> Vec<u8> {
    fixture_bytes(name)
}

pub fn test_key() -> DeviceKey {
    DeviceKey::parse(&fake_device_key_pem()).expect("the fixture key is an RSA key")
}

pub fn test_public_key() -> rsa::RsaPublicKey {
    use rsa::pkcs8::DecodePublicKey;
    rsa::RsaPublicKey::from_public_key_pem(&fixture_text("audible/fake_device_key.pub.pem"))
        .expect("the fixture public key parses")
}
