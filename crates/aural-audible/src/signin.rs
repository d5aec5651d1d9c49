//! The sign-in URL a login window (or a browser) opens, and the cookies the app sets first.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use rand::RngCore;
use url::Url;

use crate::device::{DeviceProfile, DeviceSerial};
use crate::marketplace::{Endpoints, Marketplace};
use crate::pkce::CodeVerifier;

/// One sign-in attempt: everything registration needs besides the authorization code.
/// The caller keeps it until the maplanding URL arrives.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub marketplace: Marketplace,
    pub profile: DeviceProfile,
    pub serial: DeviceSerial,
    pub verifier: CodeVerifier,
}

/// A cookie to set on the sign-in domain before the first navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitCookie {
    pub name: &'static str,
    pub value: String,
    /// `.amazon.<tld>` (or the overridden host).
    pub domain: String,
    pub path: &'static str,
}

const IDENTIFIER_SELECT: &str = "http://specs.openid.net/auth/2.0/identifier_select";

impl SignIn {
    /// A fresh attempt with a new serial and verifier.
    pub fn start(marketplace: Marketplace, profile: DeviceProfile) -> SignIn {
        SignIn {
            marketplace,
            profile,
            serial: DeviceSerial::generate(profile),
            verifier: CodeVerifier::generate(),
        }
    }

    /// `…/ap/signin?…` with the OpenID/OAuth parameters the real app sends.
    pub fn url(&self, endpoints: &Endpoints) -> Url {
        let m = self.marketplace;
        let return_base = match self.profile {
            DeviceProfile::Iphone => &endpoints.signin,
            // The Android app returns to www.audible.<tld> (Libation, from the 25.38 apk).
            DeviceProfile::Android => &endpoints.audible_www,
        };
        let return_to = Endpoints::join(return_base, "/ap/maplanding");
        let client_id = format!("device:{}", self.serial.client_id(self.profile));
        let mut url = Endpoints::join(&endpoints.signin, "/ap/signin");
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("openid.oa2.response_type", "code")
                .append_pair("openid.oa2.code_challenge_method", "S256")
                .append_pair("openid.oa2.code_challenge", &self.verifier.challenge())
                .append_pair("openid.return_to", return_to.as_str())
                .append_pair("openid.assoc_handle", &self.profile.assoc_handle(m))
                .append_pair("openid.identity", IDENTIFIER_SELECT)
                .append_pair("pageId", &self.profile.page_id(m))
                .append_pair("accountStatusPolicy", "P1")
                .append_pair("openid.claimed_id", IDENTIFIER_SELECT)
                .append_pair("openid.mode", "checkid_setup")
                .append_pair("openid.ns.oa2", "http://www.amazon.com/ap/ext/oauth/2")
                .append_pair("openid.oa2.client_id", &client_id)
                .append_pair(
                    "openid.ns.pape",
                    "http://specs.openid.net/extensions/pape/1.0",
                )
                .append_pair("marketPlaceId", m.marketplace_id())
                .append_pair("openid.oa2.scope", "device_auth_access")
                .append_pair("openid.ns", "http://specs.openid.net/auth/2.0")
                .append_pair("openid.pape.max_auth_age", "0")
                .append_pair("language", &m.signin_language());
            match self.profile {
                DeviceProfile::Iphone => q.append_pair("forceMobileLayout", "true"),
                DeviceProfile::Android => q.append_pair("disableLoginPrepopulate", "1"),
            };
        }
        url
    }

    /// `frc`, `map-md` and (iPhone) `amzn-app-id`: without them Amazon shows a CAPTCHA far
    /// more often, because the page does not look like it runs inside the app.
    pub fn init_cookies(&self, endpoints: &Endpoints) -> Vec<InitCookie> {
        let host = endpoints.signin.host_str().unwrap_or_default();
        let domain = match host.strip_prefix("www.") {
            Some(rest) => format!(".{rest}"),
            None => host.to_owned(),
        };
        let app = self.profile.app();
        let mut frc = [0u8; 313];
        rand::rngs::OsRng.fill_bytes(&mut frc);
        let map_md = match self.profile {
            DeviceProfile::Iphone => serde_json::json!({
                "device_user_dictionary": [],
                "device_registration_data": {"software_version": app.software_version},
                "app_identifier": {"app_version": app.app_version, "bundle_id": "com.audible.iphone"},
            }),
            DeviceProfile::Android => serde_json::json!({
                "device_registration_data": {"software_version": app.software_version},
                "app_identifier": {"package": app.app_name, "SHA-256": null, "app_version": app.app_version,
                    "app_version_name": "25.38.26", "app_sms_hash": null, "map_version": "MAPAndroidLib-1.3.40908.0"},
                "app_info": {"auto_pv": 0, "auto_pv_with_smsretriever": 1, "smartlock_supported": 0, "permission_runtime_grant": 2},
            }),
        };
        let cookie = |name, value| InitCookie {
            name,
            value,
            domain: domain.clone(),
            path: "/",
        };
        let mut cookies = vec![
            cookie("frc", STANDARD_NO_PAD.encode(frc)),
            cookie("map-md", STANDARD_NO_PAD.encode(map_md.to_string())),
        ];
        if self.profile == DeviceProfile::Iphone {
            cookies.push(cookie(
                "amzn-app-id",
                "MAPiOSLib/6.0/ToHideRetailLink".to_owned(),
            ));
        }
        cookies
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use aural_core::Sensitive;

    use super::*;

    fn sign_in(profile: DeviceProfile, marketplace: Marketplace) -> SignIn {
        SignIn {
            marketplace,
            profile,
            serial: "0123456789ABCDEF0123456789ABCDEF"
                .parse()
                .expect("valid serial"),
            verifier: CodeVerifier::from_secret(Sensitive::new(
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned(),
            )),
        }
    }

    fn params(url: &Url) -> HashMap<String, String> {
        url.query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    #[test]
    fn iphone_url_carries_every_openid_parameter() {
        let s = sign_in(DeviceProfile::Iphone, Marketplace::Uk);
        let url = s.url(&Endpoints::for_marketplace(Marketplace::Uk));
        assert_eq!(url.host_str(), Some("www.amazon.co.uk"));
        assert_eq!(url.path(), "/ap/signin");
        let p = params(&url);
        for (key, want) in [
            ("openid.oa2.response_type", "code"),
            ("openid.oa2.code_challenge_method", "S256"),
            (
                "openid.oa2.code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ),
            ("openid.return_to", "https://www.amazon.co.uk/ap/maplanding"),
            ("openid.assoc_handle", "amzn_audible_ios_uk"),
            ("openid.identity", IDENTIFIER_SELECT),
            ("openid.claimed_id", IDENTIFIER_SELECT),
            ("openid.mode", "checkid_setup"),
            ("openid.ns", "http://specs.openid.net/auth/2.0"),
            ("openid.ns.oa2", "http://www.amazon.com/ap/ext/oauth/2"),
            (
                "openid.ns.pape",
                "http://specs.openid.net/extensions/pape/1.0",
            ),
            ("openid.pape.max_auth_age", "0"),
            ("openid.oa2.scope", "device_auth_access"),
            ("marketPlaceId", "A2I9A3Q2GNFNGQ"),
            ("accountStatusPolicy", "P1"),
            ("pageId", "amzn_audible_ios"),
            ("forceMobileLayout", "true"),
            ("language", "en_GB"),
        ] {
            assert_eq!(
                p.get(key).map(String::as_str),
                Some(want),
                "parameter {key}"
            );
        }
        let client_id = p["openid.oa2.client_id"]
            .strip_prefix("device:")
            .expect("device: prefix");
        assert_eq!(
            hex::decode(client_id).expect("hex"),
            b"0123456789ABCDEF0123456789ABCDEF#A2CZJZGLK2JJVM"
        );
        assert!(
            !url.as_str().contains("dBjftJeZ4CVP"),
            "the verifier itself never leaves the app"
        );
    }

    #[test]
    fn android_url_returns_to_audible_and_overrides_apply() {
        let s = sign_in(DeviceProfile::Android, Marketplace::Jp);
        let p = params(&s.url(&Endpoints::for_marketplace(Marketplace::Jp)));
        assert_eq!(
            p["openid.return_to"],
            "https://www.audible.co.jp/ap/maplanding"
        );
        assert_eq!(p["openid.assoc_handle"], "amzn_audible_android_aui_jp");
        assert_eq!(p["disableLoginPrepopulate"], "1");
        assert!(!p.contains_key("forceMobileLayout"));

        let fake = crate::marketplace::BaseUrlOverrides {
            amazon: Some(Url::parse("http://127.0.0.1:4000").expect("valid")),
            ..Default::default()
        };
        let endpoints = Endpoints::for_marketplace(Marketplace::Jp).with_overrides(&fake);
        let url = s.url(&endpoints);
        assert!(
            url.as_str().starts_with("http://127.0.0.1:4000/ap/signin?"),
            "{url}"
        );
        assert_eq!(
            params(&url)["openid.return_to"],
            "http://127.0.0.1:4000/ap/maplanding"
        );
    }

    #[test]
    fn init_cookies_are_set_on_the_amazon_domain() {
        let s = sign_in(DeviceProfile::Iphone, Marketplace::De);
        let cookies = s.init_cookies(&Endpoints::for_marketplace(Marketplace::De));
        let names: Vec<_> = cookies.iter().map(|c| c.name).collect();
        assert_eq!(names, ["frc", "map-md", "amzn-app-id"]);
        assert!(cookies.iter().all(|c| c.domain == ".amazon.de"));
        let map_md = STANDARD_NO_PAD
            .decode(&cookies[1].value)
            .expect("base64 without padding");
        let map_md: serde_json::Value = serde_json::from_slice(&map_md).expect("JSON");
        assert_eq!(map_md["app_identifier"]["bundle_id"], "com.audible.iphone");
        let android = sign_in(DeviceProfile::Android, Marketplace::De)
            .init_cookies(&Endpoints::for_marketplace(Marketplace::De));
        assert_eq!(android.len(), 2, "the Android app sets no amzn-app-id");
    }
}
