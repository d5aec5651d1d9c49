//! ADP request signing: every account call to `api.audible.<tld>` carries an RSA signature
//! (SHA256withRSA, PKCS#1 v1.5) made with the key Amazon issued at registration.

use std::fmt;

use aural_core::Sensitive;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs1v15;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;
use time::OffsetDateTime;
use time::macros::format_description;

pub const HEADER_TOKEN: &str = "x-adp-token";
pub const HEADER_ALG: &str = "x-adp-alg";
pub const HEADER_SIGNATURE: &str = "x-adp-signature";
pub const ALGORITHM: &str = "SHA256withRSA:1.0";

/// Why a device key cannot be used; never includes any of the key's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the device private key is not an RSA key in PEM (PKCS#1 or PKCS#8) or base64 DER form")]
pub struct InvalidKey;

/// The device's RSA key, parsed once per account. `Debug` shows no part of it.
#[derive(Clone)]
pub struct DeviceKey(RsaPrivateKey);

impl DeviceKey {
    /// Reads what `/auth/register` and audible-cli files hold (a PKCS#1 PEM block), PKCS#8 PEM,
    /// or bare base64 of either DER form.
    pub fn parse(text: &str) -> Result<DeviceKey, InvalidKey> {
        let text = text.trim().replace("\\n", "\n");
        let key = if text.contains("BEGIN RSA PRIVATE KEY") {
            RsaPrivateKey::from_pkcs1_pem(&text).ok()
        } else if text.contains("BEGIN PRIVATE KEY") {
            RsaPrivateKey::from_pkcs8_pem(&text).ok()
        } else {
            let compact: String = text.split_whitespace().collect();
            STANDARD.decode(compact).ok().and_then(|der| {
                RsaPrivateKey::from_pkcs1_der(&der)
                    .ok()
                    .or_else(|| RsaPrivateKey::from_pkcs8_der(&der).ok())
            })
        };
        key.map(DeviceKey).ok_or(InvalidKey)
    }

    pub fn public_key(&self) -> RsaPublicKey {
        self.0.to_public_key()
    }

    /// The one stored form: PKCS#1 PEM, as Amazon issues it and audible-cli writes it.
    pub fn to_pem(&self) -> Sensitive<String> {
        let pem = self
            .0
            .to_pkcs1_pem(rsa::pkcs1::LineEnding::LF)
            .expect("an RSA key parsed from PEM or DER encodes back to PEM");
        Sensitive::new(pem.to_string())
    }
}

impl fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeviceKey(<redacted>)")
    }
}

/// What is signed of one request: exactly what goes on the wire.
#[derive(Debug, Clone, Copy)]
pub struct RequestToSign<'a> {
    /// Upper case: `GET`, `POST`, …
    pub method: &'a str,
    /// Path and query as sent (`/1.0/library?num_results=1000&page=1`).
    pub path_and_query: &'a str,
    pub body: &'a [u8],
    pub at: OffsetDateTime,
}

/// The three `x-adp-*` headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdpHeaders {
    pub token: Sensitive<String>,
    /// `<base64 signature>:<timestamp>`.
    pub signature: String,
}

impl AdpHeaders {
    /// Name/value pairs in the order they are added to a request.
    pub fn pairs(&self) -> [(&'static str, &str); 3] {
        [
            (HEADER_TOKEN, self.token.expose().as_str()),
            (HEADER_ALG, ALGORITHM),
            (HEADER_SIGNATURE, self.signature.as_str()),
        ]
    }
}

/// UTC ISO-8601 with microseconds and `Z`, e.g. `2026-12-07T11:49:36.000000Z`.
pub fn timestamp(at: OffsetDateTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .expect("every UTC date-time formats")
}

/// `METHOD\nPATH?QUERY\nTIMESTAMP\nBODY\nADP_TOKEN`: the bytes the signature covers.
pub fn string_to_sign(request: &RequestToSign<'_>, stamp: &str, adp_token: &str) -> Vec<u8> {
    let mut data = Vec::with_capacity(request.body.len() + adp_token.len() + 128);
    for part in [
        request.method.as_bytes(),
        request.path_and_query.as_bytes(),
        stamp.as_bytes(),
    ] {
        data.extend_from_slice(part);
        data.push(b'\n');
    }
    data.extend_from_slice(request.body);
    data.push(b'\n');
    data.extend_from_slice(adp_token.as_bytes());
    data
}

/// Signs one request. PKCS#1 v1.5 is deterministic: the same inputs give the same signature.
pub fn sign(
    key: &DeviceKey,
    adp_token: &Sensitive<String>,
    request: &RequestToSign<'_>,
) -> AdpHeaders {
    let stamp = timestamp(request.at);
    let data = string_to_sign(request, &stamp, adp_token.expose());
    let signer = pkcs1v15::SigningKey::<Sha256>::new(key.0.clone());
    let signature = signer.sign(&data);
    AdpHeaders {
        token: adp_token.clone(),
        signature: format!("{}:{stamp}", STANDARD.encode(signature.to_bytes())),
    }
}

/// Checks an `x-adp-signature` value against a request, as Audible does; for fakes and tests.
pub fn verify(
    public_key: &RsaPublicKey,
    adp_token: &str,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    signature_header: &str,
) -> bool {
    let Some((signature, stamp)) = signature_header.split_once(':') else {
        return false;
    };
    let Ok(bytes) = STANDARD.decode(signature) else {
        return false;
    };
    let Ok(signature) = pkcs1v15::Signature::try_from(bytes.as_slice()) else {
        return false;
    };
    let request = RequestToSign {
        method,
        path_and_query,
        body,
        at: OffsetDateTime::UNIX_EPOCH,
    };
    let data = string_to_sign(&request, stamp, adp_token);
    pkcs1v15::VerifyingKey::<Sha256>::new(public_key.clone())
        .verify(&data, &signature)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_to_sign_joins_the_parts_with_newlines() {
        let request = RequestToSign {
            method: "POST",
            path_and_query: "/1.0/wishlist?x=1",
            body: br#"{"asin":"B017V4IM1G"}"#,
            at: OffsetDateTime::UNIX_EPOCH,
        };
        let data = string_to_sign(&request, "1970-01-01T00:00:00.000000Z", "{enc:t}");
        assert_eq!(
            String::from_utf8(data).expect("UTF-8"),
            "POST\n/1.0/wishlist?x=1\n1970-01-01T00:00:00.000000Z\n{\"asin\":\"B017V4IM1G\"}\n{enc:t}"
        );
    }

    #[test]
    fn timestamps_are_utc_with_z() {
        let at =
            OffsetDateTime::from_unix_timestamp_nanos(1_765_108_176_123_456_000).expect("valid");
        assert_eq!(timestamp(at), "2025-12-07T11:49:36.123456Z");
    }

    #[test]
    fn garbage_is_not_a_key_and_the_error_shows_none_of_it() {
        for bad in [
            "",
            "not a key",
            "-----BEGIN RSA PRIVATE KEY-----\nfake-key-not-a-key\n-----END RSA PRIVATE KEY-----",
            "fake-key-not-a-key",
        ] {
            let err = DeviceKey::parse(bad).expect_err("not a key");
            assert_eq!(err, InvalidKey, "input {bad:?}");
            assert!(!err.to_string().contains("fake-key-not-a-key"));
        }
    }
}
