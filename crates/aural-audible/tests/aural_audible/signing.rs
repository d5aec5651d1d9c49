use aural_audible::signing::{ALGORITHM, DeviceKey, RequestToSign, sign, timestamp, verify};
use aural_core::Sensitive;
use base64::Engine;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::EncodePrivateKey;
use time::macros::datetime;

use crate::{ADP_TOKEN, test_key, test_public_key};

const AT: time::OffsetDateTime = datetime!(2026-12-07 11:49:36 UTC);

/// Made with `openssl dgst -sha256 -sign fake_device_key.pem` over the same string to sign,
/// so the expectation comes from an implementation other than ours.
const GOLDEN_GET: &str = "yJVDRNIYIqiecgFY8TrOAyOLOdYqk0h/rdd2AsmX1OK6o2IgC6Nv0e4Sb81HF+tQba5iCzagqBWeYJ8YdHrHeJspWx4XPJdagVpeLIGcKVBPOqVzr0ufhkFcyswy12umzP+of+m+CK6bDf8VaWnJJmqUDjHPq4Z0120yE8tMb0Ib1Vf2cM4NnqTnEXzOo+otDEzT1o56V2JKka1qEndA7oUiLjNXMsg3hN7ieiy1NQl9/xrPIlHEuQzfFLhK7zvMjQOW4h+4NtoRKb+u2W3zEywQjXwM5BTNkFb92YkwpU9O7vvj+9s1HiEPvbIPKeG/uwOPFu1mglSMIRtrCmlN8g==";
const GOLDEN_POST: &str = "fVvjClYmgsiMTEQ4Ozlvk4S9qb3gvqGEEcTZWng256IO7u2b+uMpeyKHdlF5hXZ4Uz4oTVTFUvL5NHYIEyMuZq3KqQnq9YGAKHsr0gjcBnOQKm6WukEgLI7EUucd1Yp2mZ09rR74o4AJ304cHGsj2dd48T6fsdzWH+0jptBm7/1ROsc6ld3NOmHpXuSVmxEWgBnnShYLJgdvTB/OhGlpcsymN9/YC7hyqUFzpEhOgxBCc1ybmUQ24mb5B89G06C2By8Wjmaoa9M5dxPchFktc9ZDVRRyCmIb8OKterGYsqqIlmrTWNMEokqOhKtMEL6tv+fxLVdojBs1ybLxEhLYTg==";

fn token() -> Sensitive<String> {
    Sensitive::new(ADP_TOKEN.to_owned())
}

#[test]
fn signatures_match_openssl_for_known_inputs() {
    let key = test_key();
    for (method, path, body, golden) in [
        (
            "GET",
            "/1.0/library?num_results=50&page=1",
            &b""[..],
            GOLDEN_GET,
        ),
        (
            "POST",
            "/1.0/wishlist",
            &br#"{"asin":"B017V4IM1G"}"#[..],
            GOLDEN_POST,
        ),
    ] {
        let request = RequestToSign {
            method,
            path_and_query: path,
            body,
            at: AT,
        };
        let headers = sign(&key, &token(), &request);
        assert_eq!(
            headers.signature,
            format!("{golden}:2026-12-07T11:49:36.000000Z"),
            "{method} {path}"
        );
        assert_eq!(
            sign(&key, &token(), &request),
            headers,
            "PKCS#1 v1.5 signatures are deterministic"
        );
        assert!(
            verify(
                &test_public_key(),
                ADP_TOKEN,
                method,
                path,
                body,
                &headers.signature
            ),
            "the public key verifies {method} {path}"
        );
    }
}

#[test]
fn headers_carry_token_algorithm_and_signature_with_timestamp() {
    let request = RequestToSign {
        method: "GET",
        path_and_query: "/1.0/library",
        body: b"",
        at: AT,
    };
    let headers = sign(&test_key(), &token(), &request);
    let pairs = headers.pairs();
    assert_eq!(pairs[0], ("x-adp-token", ADP_TOKEN));
    assert_eq!(pairs[1], ("x-adp-alg", ALGORITHM));
    assert_eq!(ALGORITHM, "SHA256withRSA:1.0");
    assert!(pairs[2].1.ends_with(&format!(":{}", timestamp(AT))));
    assert!(
        !format!("{headers:?}").contains("enc:dGVzdA"),
        "Debug of the headers hides the adp token"
    );
}

#[test]
fn any_change_to_the_request_breaks_the_signature() {
    let body = br#"{"asin":"B017V4IM1G"}"#;
    let request = RequestToSign {
        method: "POST",
        path_and_query: "/1.0/wishlist",
        body,
        at: AT,
    };
    let sig = sign(&test_key(), &token(), &request).signature;
    let public = test_public_key();
    assert!(verify(
        &public,
        ADP_TOKEN,
        "POST",
        "/1.0/wishlist",
        body,
        &sig
    ));
    for (what, method, path, body, adp, sig) in [
        (
            "method",
            "PUT",
            "/1.0/wishlist",
            &body[..],
            ADP_TOKEN,
            sig.clone(),
        ),
        (
            "path",
            "POST",
            "/1.0/wishlist?x=1",
            &body[..],
            ADP_TOKEN,
            sig.clone(),
        ),
        (
            "body",
            "POST",
            "/1.0/wishlist",
            &br#"{"asin":"B000000000"}"#[..],
            ADP_TOKEN,
            sig.clone(),
        ),
        (
            "token",
            "POST",
            "/1.0/wishlist",
            &body[..],
            "{enc:other}",
            sig.clone(),
        ),
        (
            "timestamp",
            "POST",
            "/1.0/wishlist",
            &body[..],
            ADP_TOKEN,
            sig.replace(":2026-12-07T11", ":2026-12-07T12"),
        ),
        (
            "garbage",
            "POST",
            "/1.0/wishlist",
            &body[..],
            ADP_TOKEN,
            "not base64:now".to_owned(),
        ),
        (
            "no timestamp",
            "POST",
            "/1.0/wishlist",
            &body[..],
            ADP_TOKEN,
            "abc".to_owned(),
        ),
    ] {
        assert!(
            !verify(&public, adp, method, path, body, &sig),
            "a changed {what} must not verify"
        );
    }
}

#[test]
fn the_key_is_read_from_every_form_amazon_or_tools_write() {
    let key = test_key();
    let pem = key.to_pem();
    let rsa_key =
        rsa::RsaPrivateKey::from_pkcs1_pem(pem.expose()).expect("to_pem writes PKCS#1 PEM");
    let pkcs8_pem = rsa_key
        .to_pkcs8_pem(rsa::pkcs8::LineEnding::LF)
        .expect("encodes")
        .to_string();
    let pkcs1_der = base64::engine::general_purpose::STANDARD
        .encode(rsa_key.to_pkcs1_der().expect("encodes").as_bytes());
    let pkcs8_der = base64::engine::general_purpose::STANDARD
        .encode(rsa_key.to_pkcs8_der().expect("encodes").as_bytes());
    let escaped = pem.expose().replace('\n', "\\n");
    let request = RequestToSign {
        method: "GET",
        path_and_query: "/x",
        body: b"",
        at: AT,
    };
    let want = sign(&key, &token(), &request);
    for (form, text) in [
        ("PKCS#8 PEM", pkcs8_pem),
        ("PKCS#1 DER", pkcs1_der),
        ("PKCS#8 DER", pkcs8_der),
        ("escaped newlines", escaped),
    ] {
        let parsed = DeviceKey::parse(&text).unwrap_or_else(|e| panic!("{form}: {e}"));
        assert_eq!(
            sign(&parsed, &token(), &request),
            want,
            "{form} is the same key"
        );
    }
    assert_eq!(format!("{key:?}"), "DeviceKey(<redacted>)");
}
