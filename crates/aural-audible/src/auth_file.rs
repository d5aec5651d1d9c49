//! The auth file of audible-cli / mkb79's `audible` package: imported so their users need not
//! sign in again, and written in the same shape as the one stored form of an account's secrets.

use std::collections::BTreeMap;

use aural_core::{Sensitive, Timestamp};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::marketplace::Marketplace;
use crate::signing::DeviceKey;
use crate::tokens::{
    AccessToken, AccountTokens, CustomerInfo, DeviceInfo, SigningIdentity, WebsiteCookies,
};

/// What is wrong with an auth file; names fields, never shows their values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthFileError {
    #[error(
        "the auth file is encrypted: export it without a password (audible-cli: `audible manage auth-file remove-encryption`) and import that copy"
    )]
    Encrypted,
    #[error("the file is not an audible-cli auth file (it is not a JSON object)")]
    NotJson,
    #[error("the auth file lacks {}: it may come from an older tool or be cut off; sign in instead", .fields.join(", "))]
    Missing { fields: Vec<&'static str> },
    #[error("the auth file's {field} is not valid: {reason}")]
    Invalid {
        field: &'static str,
        reason: &'static str,
    },
}

/// An account read from an auth file.
#[derive(Debug, Clone)]
pub struct ImportedAuth {
    pub marketplace: Marketplace,
    pub tokens: AccountTokens,
    /// A pre-Amazon Audible user-name account (us, uk, de): its auth hosts are `audible`, not `amazon`.
    pub with_username: bool,
}

#[derive(Deserialize)]
struct RawStoreCookie {
    cookie: Sensitive<String>,
}

/// Reads an unencrypted auth file. Required: `adp_token`, `device_private_key`,
/// `refresh_token`, `device_info` (with the serial) and `locale_code`; an absent or expired
/// `access_token` only means the first call refreshes it.
pub fn parse_auth_file(bytes: &[u8]) -> Result<ImportedAuth, AuthFileError> {
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else {
        // audible-cli's "bytes" encryption writes raw ciphertext, which is not even UTF-8 JSON.
        return Err(if std::str::from_utf8(bytes).is_err() {
            AuthFileError::Encrypted
        } else {
            AuthFileError::NotJson
        });
    };
    let Value::Object(map) = value else {
        return Err(AuthFileError::NotJson);
    };
    if map.contains_key("ciphertext") && !map.contains_key("adp_token") {
        return Err(AuthFileError::Encrypted);
    }
    let missing: Vec<&'static str> = [
        "adp_token",
        "device_private_key",
        "refresh_token",
        "device_info",
        "locale_code",
    ]
    .into_iter()
    .filter(|f| map.get(*f).is_none_or(Value::is_null))
    .collect();
    if !missing.is_empty() {
        return Err(AuthFileError::Missing { fields: missing });
    }

    let adp_token = text(&map, "adp_token")?;
    if !(adp_token.starts_with("{enc:")
        && adp_token.contains("}{key:")
        && adp_token.contains("}{serial:"))
    {
        return Err(AuthFileError::Invalid {
            field: "adp_token",
            reason: "it is not of the form {enc:…}{key:…}{iv:…}{name:…}{serial:…}",
        });
    }
    let key = DeviceKey::parse(&text(&map, "device_private_key")?).map_err(|_| {
        AuthFileError::Invalid {
            field: "device_private_key",
            reason: "it is not an RSA private key",
        }
    })?;
    let refresh_token = text(&map, "refresh_token")?;
    let marketplace: Marketplace =
        text(&map, "locale_code")?
            .parse()
            .map_err(|_| AuthFileError::Invalid {
                field: "locale_code",
                reason: "it is not one of us, uk, de, fr, ca, it, au, in, jp, es, br",
            })?;
    let device: DeviceInfo =
        serde_json::from_value(map["device_info"].clone()).map_err(|_| AuthFileError::Invalid {
            field: "device_info",
            reason: "it needs device_serial_number and device_type",
        })?;
    let customer: CustomerInfo = match map.get("customer_info") {
        None | Some(Value::Null) => CustomerInfo {
            user_id: None,
            name: None,
            given_name: None,
            home_region: None,
            account_pool: None,
        },
        Some(v) => serde_json::from_value(v.clone()).map_err(|_| AuthFileError::Invalid {
            field: "customer_info",
            reason: "it is not an object of strings",
        })?,
    };
    let access = match map.get("access_token") {
        Some(Value::String(token)) => {
            let expires = match map.get("expires") {
                Some(Value::Number(n)) => n.as_f64().ok_or(AuthFileError::Invalid {
                    field: "expires",
                    reason: "it is not a number",
                })?,
                None | Some(Value::Null) => 0.0,
                Some(_) => {
                    return Err(AuthFileError::Invalid {
                        field: "expires",
                        reason: "it is not a Unix time in seconds",
                    });
                }
            };
            AccessToken {
                token: Sensitive::new(token.clone()),
                expires_at: Timestamp((expires * 1000.0) as i64),
            }
        }
        None | Some(Value::Null) => AccessToken {
            token: Sensitive::new(String::new()),
            expires_at: Timestamp(0),
        },
        Some(_) => {
            return Err(AuthFileError::Invalid {
                field: "access_token",
                reason: "it is not text",
            });
        }
    };
    let website_cookies = match map.get("website_cookies") {
        None | Some(Value::Null) => WebsiteCookies::default(),
        Some(v) => {
            let cookies: BTreeMap<String, String> =
                serde_json::from_value(v.clone()).map_err(|_| AuthFileError::Invalid {
                    field: "website_cookies",
                    reason: "it is not an object of name and value",
                })?;
            WebsiteCookies(
                cookies
                    .into_iter()
                    .map(|(n, v)| (n, Sensitive::new(v)))
                    .collect(),
            )
        }
    };
    let store_authentication_cookie = match map.get("store_authentication_cookie") {
        None | Some(Value::Null) => None,
        Some(v) => serde_json::from_value::<RawStoreCookie>(v.clone())
            .ok()
            .map(|c| c.cookie),
    };
    let activation_bytes = match map.get("activation_bytes") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.len() == 8 && s.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Some(Sensitive::new(s.to_ascii_lowercase()))
        }
        Some(_) => {
            return Err(AuthFileError::Invalid {
                field: "activation_bytes",
                reason: "they are not 8 hexadecimal digits",
            });
        }
    };
    let with_username = matches!(map.get("with_username"), Some(Value::Bool(true)));

    Ok(ImportedAuth {
        marketplace,
        tokens: AccountTokens {
            access,
            refresh_token: Sensitive::new(refresh_token),
            signing: SigningIdentity {
                adp_token: Sensitive::new(adp_token),
                key,
            },
            website_cookies,
            store_authentication_cookie,
            device,
            customer,
            activation_bytes,
        },
        with_username,
    })
}

fn text(map: &Map<String, Value>, field: &'static str) -> Result<String, AuthFileError> {
    match map.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        _ => Err(AuthFileError::Invalid {
            field,
            reason: "it is not non-empty text",
        }),
    }
}

/// The account as an audible-cli auth file (unencrypted JSON). It is the stored form of an
/// account's secrets too, so it comes wrapped: only the keychain or an explicit export may see it.
pub fn to_auth_file(
    marketplace: Marketplace,
    tokens: &AccountTokens,
    with_username: bool,
) -> Sensitive<String> {
    let cookies: Map<String, Value> = tokens
        .website_cookies
        .0
        .iter()
        .map(|(n, v)| (n.clone(), Value::String(v.expose().clone())))
        .collect();
    let file = json!({
        "website_cookies": if cookies.is_empty() { Value::Null } else { Value::Object(cookies) },
        "adp_token": tokens.signing.adp_token.expose(),
        "access_token": tokens.access.token.expose(),
        "refresh_token": tokens.refresh_token.expose(),
        "device_private_key": tokens.signing.key.to_pem().expose(),
        "store_authentication_cookie": tokens.store_authentication_cookie.as_ref().map(|c| json!({"cookie": c.expose()})),
        "device_info": {
            "device_name": tokens.device.device_name,
            "device_serial_number": tokens.device.device_serial_number,
            "device_type": tokens.device.device_type,
        },
        "customer_info": {
            "account_pool": tokens.customer.account_pool,
            "user_id": tokens.customer.user_id,
            "home_region": tokens.customer.home_region,
            "name": tokens.customer.name,
            "given_name": tokens.customer.given_name,
        },
        "expires": tokens.access.expires_at.millis() as f64 / 1000.0,
        "locale_code": marketplace.code(),
        "with_username": with_username,
        "activation_bytes": tokens.activation_bytes.as_ref().map(|a| a.expose()),
    });
    Sensitive::new(serde_json::to_string_pretty(&file).expect("a JSON value serialises"))
}
