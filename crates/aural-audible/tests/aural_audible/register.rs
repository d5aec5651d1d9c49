use aural_audible::maplanding::authorization_code;
use aural_audible::pkce::CodeVerifier;
use aural_audible::register::{
    AuthAnswerError, DEVICE_NAME, deregister_body, parse_refresh_answer, parse_register_answer,
    refresh_form, register_body,
};
use aural_audible::{DeviceProfile, Marketplace, SignIn};
use aural_core::{Sensitive, Timestamp};

use crate::{ADP_TOKEN, bytes};

pub fn sign_in(profile: DeviceProfile) -> SignIn {
    SignIn {
        marketplace: Marketplace::Uk,
        profile,
        serial: "0123456789ABCDEF0123456789ABCDEF".parse().expect("valid"),
        verifier: CodeVerifier::from_secret(Sensitive::new(
            "test-verifier-0123456789-abcdefghijklmnopq".to_owned(),
        )),
    }
}

#[test]
fn register_body_has_the_apps_registration_data_and_the_pkce_pair() {
    let code = authorization_code(
        "https://www.amazon.co.uk/ap/maplanding?openid.oa2.authorization_code=ANtest",
    )
    .expect("valid");
    for (profile, domain, device_type, app_name) in [
        (DeviceProfile::Iphone, "Device", "A2CZJZGLK2JJVM", "Audible"),
        (
            DeviceProfile::Android,
            "DeviceLegacy",
            "A10KISP2GWF0E4",
            "com.audible.application",
        ),
    ] {
        let body = register_body(&sign_in(profile), &code);
        assert_eq!(
            body["requested_token_type"],
            serde_json::json!([
                "bearer",
                "mac_dms",
                "website_cookies",
                "store_authentication_cookie"
            ])
        );
        assert_eq!(body["cookies"]["domain"], ".amazon.co.uk");
        let reg = &body["registration_data"];
        assert_eq!(reg["domain"], domain, "{profile}");
        assert_eq!(reg["device_type"], device_type);
        assert_eq!(reg["app_name"], app_name);
        assert_eq!(reg["device_serial"], "0123456789ABCDEF0123456789ABCDEF");
        assert_eq!(reg["device_name"], DEVICE_NAME);
        let auth = &body["auth_data"];
        assert_eq!(auth["authorization_code"], "ANtest");
        assert_eq!(
            auth["code_verifier"],
            "test-verifier-0123456789-abcdefghijklmnopq"
        );
        assert_eq!(auth["code_algorithm"], "SHA-256");
        assert_eq!(auth["client_domain"], "DeviceLegacy");
        let client_id = hex::decode(auth["client_id"].as_str().expect("text")).expect("hex");
        assert_eq!(
            client_id,
            format!("0123456789ABCDEF0123456789ABCDEF#{device_type}").into_bytes(),
            "bare client id, no device: prefix"
        );
        assert_eq!(
            body["requested_extensions"],
            serde_json::json!(["device_info", "customer_info"])
        );
    }
}

#[test]
fn a_registration_answer_gives_every_token() {
    let tokens = parse_register_answer(&bytes("audible/auth_register_ok.json"), Timestamp(1_000))
        .expect("valid answer");
    assert_eq!(tokens.access.token.expose(), "Atna|test-access-token");
    assert_eq!(
        tokens.access.expires_at,
        Timestamp(1_000 + 3_600_000),
        "expires_in (text) seconds from now"
    );
    assert_eq!(tokens.refresh_token.expose(), "Atnr|test-refresh-token");
    assert_eq!(tokens.signing.adp_token.expose(), ADP_TOKEN);
    assert_eq!(
        tokens
            .website_cookies
            .get("x-acbuk")
            .map(|v| v.expose().as_str()),
        Some("test-x"),
        "quotes are stripped"
    );
    assert_eq!(tokens.website_cookies.names(), ["x-acbuk", "session-id"]);
    assert_eq!(
        tokens.device.device_serial_number,
        "0123456789ABCDEF0123456789ABCDEF"
    );
    assert_eq!(tokens.customer.home_region.as_deref(), Some("EU"));
    let shown = format!("{tokens:?}");
    for secret in [
        "test-access-token",
        "test-refresh-token",
        "dGVzdA",
        "test-x",
        "test-store-cookie",
    ] {
        assert!(!shown.contains(secret), "Debug shows {secret}");
    }
}

#[test]
fn refused_or_odd_registration_answers_are_typed() {
    assert_eq!(
        parse_register_answer(&bytes("audible/auth_register_error.json"), Timestamp(0))
            .expect_err("error answer"),
        AuthAnswerError::Refused {
            code: "InvalidValue".to_owned()
        }
    );
    assert_eq!(
        parse_register_answer(b"<html>", Timestamp(0)).expect_err("HTML"),
        AuthAnswerError::NotJson {
            endpoint: "/auth/register"
        }
    );
    assert!(matches!(
        parse_register_answer(br#"{"response": {}}"#, Timestamp(0)),
        Err(AuthAnswerError::Missing { .. })
    ));
    let mut broken: serde_json::Value =
        serde_json::from_slice(&bytes("audible/auth_register_ok.json")).expect("JSON");
    broken["response"]["success"]["tokens"]["mac_dms"]["device_private_key"] =
        serde_json::json!("garbage");
    assert_eq!(
        parse_register_answer(&serde_json::to_vec(&broken).expect("JSON"), Timestamp(0))
            .expect_err("bad key"),
        AuthAnswerError::BadKey
    );
}

#[test]
fn refresh_form_and_answer() {
    let form = refresh_form(DeviceProfile::Iphone, &Sensitive::new("Atnr|r".to_owned()));
    assert_eq!(
        form,
        [
            ("app_name", "Audible".to_owned()),
            ("app_version", "3.56.2".to_owned()),
            ("source_token", "Atnr|r".to_owned()),
            ("requested_token_type", "access_token".to_owned()),
            ("source_token_type", "refresh_token".to_owned()),
        ]
    );
    let token =
        parse_refresh_answer(&bytes("audible/auth_token_ok.json"), Timestamp(5)).expect("valid");
    assert_eq!(token.token.expose(), "Atna|test-refreshed-token");
    assert_eq!(token.expires_at, Timestamp(5 + 3_600_000));
    assert!(matches!(
        parse_refresh_answer(
            &bytes("audible/auth_token_invalid_grant.json"),
            Timestamp(0)
        ),
        Err(AuthAnswerError::Missing { .. })
    ));
    assert_eq!(
        deregister_body(),
        serde_json::json!({"deregister_all_existing_accounts": false})
    );
}
