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

/// The fake test key as PEM: `fake_device_key.pem` from its BEGIN line on (the lines before say
/// it is fake).
fn fake_key_pem() -> String {
    let text = fixture_text("audible/fake_device_key.pem");
    let begin = text
        .find("-----BEGIN")
        .expect("the fixture holds a PEM key");
    text[begin..].to_owned()
}

/// A fixture's bytes. The fake test key is kept once, in `fake_device_key.pem`; JSON fixtures
/// that carry a device key say `"@fake_device_key.pem"` where it goes.
pub fn bytes(name: &str) -> Vec<u8> {
    let raw =
        std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("cannot read fixture {name}: {e}"));
    let pem = serde_json::to_string(&fake_key_pem()).expect("a string");
    match String::from_utf8(raw) {
        Ok(text) => text.replace("\"@fake_device_key.pem\"", &pem).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

pub fn test_key() -> DeviceKey {
    DeviceKey::parse(&fake_key_pem()).expect("the fixture key is an RSA key")
}

pub fn test_public_key() -> rsa::RsaPublicKey {
    use rsa::pkcs8::DecodePublicKey;
    rsa::RsaPublicKey::from_public_key_pem(&fixture_text("audible/fake_device_key.pub.pem"))
        .expect("the fixture public key parses")
}
