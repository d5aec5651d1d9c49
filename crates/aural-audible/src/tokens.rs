//! What a registration yields: tokens, the signing key, cookies, and who the device and
//! customer are. Every secret is [`Sensitive`], so `Debug` of any of these types shows none.

use aural_core::{Sensitive, Timestamp};
use serde::Deserialize;

use crate::device::DeviceSerial;
use crate::signing::DeviceKey;

/// Refresh once less than this remains (SPEC §3.5).
pub const REFRESH_MARGIN_MS: i64 = 5 * 60 * 1000;

/// A bearer access token (`Atna|…`, valid about an hour).
#[derive(Debug, Clone)]
pub struct AccessToken {
    pub token: Sensitive<String>,
    pub expires_at: Timestamp,
}

impl AccessToken {
    /// Whether to refresh before the next call: expired or within five minutes of it.
    pub fn needs_refresh(&self, now: Timestamp) -> bool {
        self.expires_at.millis() - now.millis() < REFRESH_MARGIN_MS
    }
}

/// What signs requests: the `adp_token` and the device key, both from `tokens.mac_dms`.
#[derive(Debug, Clone)]
pub struct SigningIdentity {
    pub adp_token: Sensitive<String>,
    pub key: DeviceKey,
}

/// `extensions.device_info` of the registration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DeviceInfo {
    #[serde(default)]
    pub device_name: Option<String>,
    pub device_serial_number: String,
    pub device_type: String,
}

/// `extensions.customer_info`. `user_id` feeds the AAXC voucher key, so it is kept with the
/// secrets; `name` may be shown.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomerInfo {
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub home_region: Option<String>,
    #[serde(default)]
    pub account_pool: Option<String>,
}

/// `Name=Value` cookies for `.amazon.<tld>`, quotes stripped as the app does.
#[derive(Debug, Clone, Default)]
pub struct WebsiteCookies(pub Vec<(String, Sensitive<String>)>);

impl WebsiteCookies {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&Sensitive<String>> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Names only; safe to log.
    pub fn names(&self) -> Vec<&str> {
        self.0.iter().map(|(n, _)| n.as_str()).collect()
    }
}

/// Everything one registered device needs, as stored in the keychain (one secret per account).
#[derive(Debug, Clone)]
pub struct AccountTokens {
    pub access: AccessToken,
    pub refresh_token: Sensitive<String>,
    pub signing: SigningIdentity,
    pub website_cookies: WebsiteCookies,
    pub store_authentication_cookie: Option<Sensitive<String>>,
    pub device: DeviceInfo,
    pub customer: CustomerInfo,
    /// AAX activation bytes (8 hex digits) once fetched or imported.
    pub activation_bytes: Option<Sensitive<String>>,
}

impl AccountTokens {
    /// The serial the device was registered with, when Amazon's answer has a valid one.
    pub fn serial(&self) -> Option<DeviceSerial> {
        self.device.device_serial_number.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_refresh_five_minutes_before_expiry() {
        let token = AccessToken {
            token: Sensitive::new("Atna|x".to_owned()),
            expires_at: Timestamp(10 * 60 * 1000),
        };
        for (now_min, want) in [(0, false), (4, false), (5, false), (6, true), (11, true)] {
            assert_eq!(
                token.needs_refresh(Timestamp(now_min * 60 * 1000)),
                want,
                "{now_min} min after start"
            );
        }
    }
}
