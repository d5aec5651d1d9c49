use aural_audible::Marketplace;
use aural_audible::auth_file::{AuthFileError, parse_auth_file, to_auth_file};
use aural_audible::signing::{RequestToSign, sign};
use aural_core::Timestamp;
use time::OffsetDateTime;

use crate::{ADP_TOKEN, bytes, test_key};

#[test]
fn a_complete_audible_cli_file_is_imported() {
    let imported =
        parse_auth_file(&bytes("audible/audible_cli_auth.json")).expect("the file is valid");
    assert_eq!(imported.marketplace, Marketplace::Uk);
    assert!(!imported.with_username);
    let t = &imported.tokens;
    assert_eq!(t.access.token.expose(), "Atna|test-access-token");
    assert_eq!(
        t.access.expires_at,
        Timestamp(1_765_108_176_500),
        "expires is Unix seconds with a fraction"
    );
    assert_eq!(t.refresh_token.expose(), "Atnr|test-refresh-token");
    assert_eq!(t.signing.adp_token.expose(), ADP_TOKEN);
    assert_eq!(t.device.device_type, "A2CZJZGLK2JJVM");
    assert_eq!(
        t.serial().map(|s| s.to_string()).as_deref(),
        Some("0123456789ABCDEF0123456789ABCDEF")
    );
    assert_eq!(
        t.customer.user_id.as_deref(),
        Some("amzn1.account.TESTTESTTESTTEST")
    );
    assert_eq!(t.customer.name.as_deref(), Some("Test User"));
    assert_eq!(
        t.activation_bytes.as_ref().map(|a| a.expose().as_str()),
        Some("1ceb00da")
    );
    assert_eq!(
        t.website_cookies
            .get("session-id")
            .map(|v| v.expose().as_str()),
        Some("000-0000000-0000000")
    );
    assert_eq!(
        t.store_authentication_cookie
            .as_ref()
            .map(|c| c.expose().as_str()),
        Some("test-store-cookie")
    );

    let request = RequestToSign {
        method: "GET",
        path_and_query: "/1.0/library",
        body: b"",
        at: OffsetDateTime::UNIX_EPOCH,
    };
    assert_eq!(
        sign(&t.signing.key, &t.signing.adp_token, &request),
        sign(&test_key(), &t.signing.adp_token, &request),
        "the imported key is the fixture key"
    );

    let shown = format!("{imported:?}");
    for secret in [
        "test-access-token",
        "test-refresh-token",
        "dGVzdA",
        "test-store-cookie",
        "test-at-cookie",
        "1CEB00DA",
        "1ceb00da",
        "MII",
    ] {
        assert!(
            !shown.contains(secret),
            "Debug of an imported account shows {secret}"
        );
    }
}

#[test]
fn an_exported_file_imports_back_to_the_same_account() {
    let imported = parse_auth_file(&bytes("audible/audible_cli_auth.json")).expect("valid");
    let exported = to_auth_file(
        imported.marketplace,
        &imported.tokens,
        imported.with_username,
    );
    let again =
        parse_auth_file(exported.expose().as_bytes()).expect("our own export is a valid auth file");
    assert_eq!(again.marketplace, imported.marketplace);
    assert_eq!(again.tokens.refresh_token, imported.tokens.refresh_token);
    assert_eq!(
        again.tokens.access.expires_at,
        imported.tokens.access.expires_at
    );
    assert_eq!(again.tokens.device, imported.tokens.device);
    assert_eq!(again.tokens.customer, imported.tokens.customer);
    assert_eq!(
        again.tokens.website_cookies.names(),
        imported.tokens.website_cookies.names()
    );
    assert_eq!(
        again.tokens.signing.key.to_pem(),
        imported.tokens.signing.key.to_pem()
    );
    assert_eq!(format!("{exported:?}"), "<redacted>");
}

#[test]
fn a_file_without_signing_data_names_what_is_missing() {
    let err = parse_auth_file(&bytes("audible/audible_cli_auth_partial.json"))
        .expect_err("no adp token, no key");
    assert_eq!(
        err,
        AuthFileError::Missing {
            fields: vec!["adp_token", "device_private_key"]
        }
    );
    assert!(
        err.to_string().contains("adp_token, device_private_key"),
        "{err}"
    );
}

#[test]
fn an_access_token_is_optional_and_then_counts_as_expired() {
    let mut file: serde_json::Value =
        serde_json::from_slice(&bytes("audible/audible_cli_auth.json")).expect("JSON");
    let map = file.as_object_mut().expect("object");
    for field in [
        "access_token",
        "expires",
        "website_cookies",
        "customer_info",
        "activation_bytes",
        "store_authentication_cookie",
    ] {
        map.remove(field);
    }
    let imported = parse_auth_file(&serde_json::to_vec(&file).expect("JSON"))
        .expect("only signing data and the refresh token are required");
    assert!(
        imported.tokens.access.needs_refresh(Timestamp(0)),
        "no access token means refresh first"
    );
    assert!(imported.tokens.website_cookies.is_empty());
    assert!(imported.tokens.activation_bytes.is_none());
}

#[test]
fn malformed_and_encrypted_files_get_clear_errors() {
    let cases: Vec<(&str, Vec<u8>, AuthFileError)> = vec![
        (
            "encrypted as JSON",
            bytes("audible/audible_cli_auth_encrypted.json"),
            AuthFileError::Encrypted,
        ),
        (
            "encrypted as bytes",
            vec![0x8f, 0x00, 0xff, 0x13, 0x37, 0xc3],
            AuthFileError::Encrypted,
        ),
        (
            "cut off",
            bytes("audible/audible_cli_auth_truncated.json"),
            AuthFileError::NotJson,
        ),
        ("a list", b"[1, 2]".to_vec(), AuthFileError::NotJson),
        ("empty", Vec::new(), AuthFileError::NotJson),
    ];
    for (what, input, want) in cases {
        assert_eq!(parse_auth_file(&input).expect_err(what), want, "{what}");
    }
    let valid: serde_json::Value =
        serde_json::from_slice(&bytes("audible/audible_cli_auth.json")).expect("JSON");
    for (field, value, want_field) in [
        (
            "adp_token",
            serde_json::json!("Atna|not-an-adp-token"),
            "adp_token",
        ),
        (
            "device_private_key",
            serde_json::json!(
                "-----BEGIN RSA PRIVATE KEY-----\nfake-key\n-----END RSA PRIVATE KEY-----"
            ),
            "device_private_key",
        ),
        ("locale_code", serde_json::json!("nl"), "locale_code"),
        (
            "device_info",
            serde_json::json!({"device_name": "x"}),
            "device_info",
        ),
        ("expires", serde_json::json!("tomorrow"), "expires"),
        (
            "activation_bytes",
            serde_json::json!("xyz"),
            "activation_bytes",
        ),
        (
            "website_cookies",
            serde_json::json!(["a", "b"]),
            "website_cookies",
        ),
        ("refresh_token", serde_json::json!(42), "refresh_token"),
    ] {
        let mut file = valid.clone();
        file[field] = value;
        match parse_auth_file(&serde_json::to_vec(&file).expect("JSON")) {
            Err(AuthFileError::Invalid { field: got, .. }) => {
                assert_eq!(got, want_field, "bad {field}")
            }
            other => panic!("bad {field} gave {other:?}"),
        }
    }
}

#[test]
fn errors_never_quote_the_file() {
    let mut file: serde_json::Value =
        serde_json::from_slice(&bytes("audible/audible_cli_auth.json")).expect("JSON");
    file["adp_token"] = serde_json::json!("Atna|secret-looking-value");
    let err =
        parse_auth_file(&serde_json::to_vec(&file).expect("JSON")).expect_err("bad adp token");
    assert!(!format!("{err} {err:?}").contains("secret-looking-value"));
}
