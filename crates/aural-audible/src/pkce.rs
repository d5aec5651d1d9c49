//! PKCE (RFC 7636) with the S256 method, as the Audible apps use it for sign-in.

use aural_core::Sensitive;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The secret half of PKCE: kept from building the sign-in URL until the registration that
/// proves the same client asked for the code.
#[derive(Debug, Clone)]
pub struct CodeVerifier(Sensitive<String>);

impl CodeVerifier {
    /// 32 random bytes, base64url without padding (43 characters).
    pub fn generate() -> CodeVerifier {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        CodeVerifier(Sensitive::new(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// A verifier kept from an earlier step (the CLI's paste flow across two prompts).
    pub fn from_secret(verifier: Sensitive<String>) -> CodeVerifier {
        CodeVerifier(verifier)
    }

    /// base64url(SHA-256(verifier)) without padding: what the sign-in URL carries.
    pub fn challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.0.expose().as_bytes()))
    }

    pub fn secret(&self) -> &Sensitive<String> {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenge_matches_the_rfc_7636_example() {
        // RFC 7636 appendix B.
        let v = CodeVerifier::from_secret(Sensitive::new(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned(),
        ));
        assert_eq!(v.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn generated_verifiers_are_43_url_safe_characters_and_hidden() {
        let v = CodeVerifier::generate();
        let s = v.secret().expose();
        assert_eq!(s.len(), 43);
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(s, CodeVerifier::generate().secret().expose());
        assert!(
            !format!("{v:?}").contains(s.as_str()),
            "Debug hides the verifier"
        );
    }
}
