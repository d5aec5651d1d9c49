//! `/auth/register` (turn a sign-in into a device with tokens), `/auth/token` (a new access
//! token from the refresh token) and `/auth/deregister`: bodies and answers.

use aural_core::{Sensitive, Timestamp};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::maplanding::AuthorizationCode;
use crate::signin::SignIn;
use crate::signing::DeviceKey;
use crate::tokens::{
    AccessToken, AccountTokens, CustomerInfo, DeviceInfo, SigningIdentity, WebsiteCookies,
};

/// The name Amazon lists the device under; the placeholders make it "Anna's AuralArchive".
pub const DEVICE_NAME: &str =
    "%FIRST_NAME%%FIRST_NAME_POSSESSIVE_STRING%%DUPE_STRATEGY_1ST%AuralArchive";

/// What is wrong with an answer of the auth endpoints. Never holds a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthAnswerError {
    #[error("Amazon refused the registration ({code})")]
    Refused { code: String },
    #[error("the answer of {endpoint} is not JSON")]
    NotJson { endpoint: &'static str },
    #[error("the answer of {endpoint} lacks {field}")]
    Missing {
        endpoint: &'static str,
        field: &'static str,
    },
    #[error("the device key in the registration answer is unusable")]
    BadKey,
}

/// The JSON body of `POST /auth/register` for a finished sign-in.
pub fn register_body(sign_in: &SignIn, code: &AuthorizationCode) -> Value {
    let app = sign_in.profile.app();
    let tld_domain = format!(".amazon.{}", sign_in.marketplace.tld());
    json!({
        "requested_token_type": ["bearer", "mac_dms", "website_cookies", "store_authentication_cookie"],
        "cookies": {"domain": tld_domain, "website_cookies": []},
        "registration_data": {
            "domain": app.registration_domain,
            "app_version": app.app_version,
            "device_serial": sign_in.serial.as_str(),
            "device_type": app.device_type,
            "device_name": DEVICE_NAME,
            "os_version": app.os_version,
            "software_version": app.software_version,
            "device_model": app.device_model,
            "app_name": app.app_name,
        },
        "auth_data": {
            "client_id": sign_in.serial.client_id(sign_in.profile),
            "authorization_code": code.0.expose(),
            "code_verifier": sign_in.verifier.secret().expose(),
            "code_algorithm": "SHA-256",
            "client_domain": "DeviceLegacy",
        },
        "requested_extensions": ["device_info", "customer_info"],
    })
}

#[derive(Deserialize)]
struct RegisterAnswer {
    response: RegisterResponse,
}

#[derive(Deserialize)]
struct RegisterResponse {
    success: Option<Success>,
    error: Option<AmazonError>,
}

#[derive(Deserialize)]
struct AmazonError {
    #[serde(default)]
    code: Option<String>,
}

#[derive(Deserialize)]
struct Success {
    tokens: Tokens,
    extensions: Extensions,
}

#[derive(Deserialize)]
struct Tokens {
    bearer: Bearer,
    mac_dms: MacDms,
    #[serde(default)]
    website_cookies: Vec<Cookie>,
    #[serde(default)]
    store_authentication_cookie: Option<StoreCookie>,
}

#[derive(Deserialize)]
struct Bearer {
    access_token: Sensitive<String>,
    refresh_token: Sensitive<String>,
    expires_in: Seconds,
}

#[derive(Deserialize)]
struct MacDms {
    adp_token: Sensitive<String>,
    device_private_key: Sensitive<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Cookie {
    name: String,
    value: Sensitive<String>,
}

#[derive(Deserialize)]
struct StoreCookie {
    cookie: Sensitive<String>,
}

#[derive(Deserialize)]
struct Extensions {
    device_info: DeviceInfo,
    customer_info: CustomerInfo,
}

/// Amazon sends `expires_in` as a number in `/auth/token` and as a string in `/auth/register`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Seconds {
    Number(i64),
    Text(String),
}

impl Seconds {
    fn get(&self) -> Option<i64> {
        match self {
            Seconds::Number(n) => Some(*n),
            Seconds::Text(t) => t.trim().parse().ok(),
        }
    }
}

/// The tokens of a `/auth/register` answer. An answer with `response.error` is
/// [`AuthAnswerError::Refused`] with Amazon's code (`InvalidValue`, `Unauthorized`, …).
pub fn parse_register_answer(
    body: &[u8],
    now: Timestamp,
) -> Result<AccountTokens, AuthAnswerError> {
    const ENDPOINT: &str = "/auth/register";
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| AuthAnswerError::NotJson { endpoint: ENDPOINT })?;
    let answer: RegisterAnswer =
        serde_json::from_value(value).map_err(|_| AuthAnswerError::Missing {
            endpoint: ENDPOINT,
            field: "response",
        })?;
    if let Some(error) = answer.response.error {
        return Err(AuthAnswerError::Refused {
            code: error.code.unwrap_or_else(|| "no code".to_owned()),
        });
    }
    let success = answer.response.success.ok_or(AuthAnswerError::Missing {
        endpoint: ENDPOINT,
        field: "response.success",
    })?;
    let tokens = success.tokens;
    let expires_in = tokens
        .bearer
        .expires_in
        .get()
        .ok_or(AuthAnswerError::Missing {
            endpoint: ENDPOINT,
            field: "tokens.bearer.expires_in",
        })?;
    let key = DeviceKey::parse(tokens.mac_dms.device_private_key.expose())
        .map_err(|_| AuthAnswerError::BadKey)?;
    Ok(AccountTokens {
        access: AccessToken {
            token: tokens.bearer.access_token,
            expires_at: Timestamp(now.millis() + expires_in * 1000),
        },
        refresh_token: tokens.bearer.refresh_token,
        signing: SigningIdentity {
            adp_token: tokens.mac_dms.adp_token,
            key,
        },
        website_cookies: WebsiteCookies(
            tokens
                .website_cookies
                .into_iter()
                .map(|c| (c.name, Sensitive::new(c.value.expose().replace('"', ""))))
                .collect(),
        ),
        store_authentication_cookie: tokens.store_authentication_cookie.map(|c| c.cookie),
        device: success.extensions.device_info,
        customer: success.extensions.customer_info,
        activation_bytes: None,
    })
}

/// The form fields of `POST /auth/token`.
pub fn refresh_form(
    sign_in_profile: crate::device::DeviceProfile,
    refresh_token: &Sensitive<String>,
) -> Vec<(&'static str, String)> {
    let app = sign_in_profile.app();
    vec![
        ("app_name", app.app_name.to_owned()),
        ("app_version", app.app_version.to_owned()),
        ("source_token", refresh_token.expose().clone()),
        ("requested_token_type", "access_token".to_owned()),
        ("source_token_type", "refresh_token".to_owned()),
    ]
}

#[derive(Deserialize)]
struct RefreshAnswer {
    access_token: Sensitive<String>,
    expires_in: Seconds,
}

/// The new access token of a `/auth/token` answer.
pub fn parse_refresh_answer(body: &[u8], now: Timestamp) -> Result<AccessToken, AuthAnswerError> {
    const ENDPOINT: &str = "/auth/token";
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| AuthAnswerError::NotJson { endpoint: ENDPOINT })?;
    let answer: RefreshAnswer =
        serde_json::from_value(value).map_err(|_| AuthAnswerError::Missing {
            endpoint: ENDPOINT,
            field: "access_token",
        })?;
    let expires_in = answer.expires_in.get().ok_or(AuthAnswerError::Missing {
        endpoint: ENDPOINT,
        field: "expires_in",
    })?;
    Ok(AccessToken {
        token: answer.access_token,
        expires_at: Timestamp(now.millis() + expires_in * 1000),
    })
}

/// The JSON body of `POST /auth/deregister`: this device only, never every device of the account.
pub fn deregister_body() -> Value {
    json!({"deregister_all_existing_accounts": false})
}
