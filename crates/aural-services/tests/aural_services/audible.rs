//! Audible accounts: importing an audible-cli auth file, listing, and removing with
//! deregistration, against a loopback Amazon that answers `/auth/token` and `/auth/deregister`
//! as the real one does (answers from tests/fixtures/audible).

use std::path::{Path, PathBuf};
use std::time::Duration;

use aural_core::{AccountState, ErrorCode, SecretKind, SecretRef, Sensitive};
use aural_services::ServiceUrls;
use aural_services::audible::{self, AccountKey};
use aural_testkit::{FakeServer, Fault, TestApp, fixture, fixture_bytes, fixture_text};
use axum::Router;
use axum::http::{StatusCode, header};
use axum::routing::post;
use tokio_util::sync::CancellationToken;

const REFRESH_TOKEN: &str = "Atnr|test-refresh-token";

/// audible-cli's auth file (the fixture, with the fake test key) where a user would keep it.
fn auth_file(app: &TestApp) -> PathBuf {
    let path = app.data_dir().join("audible-cli-auth.json");
    std::fs::write(&path, fixture_bytes("audible/audible_cli_auth.json")).expect("written");
    path
}

/// Amazon's auth host: a refresh answers a new access token, a deregistration answers `{}`.
async fn amazon() -> FakeServer {
    FakeServer::start(
        Router::new()
            .route(
                "/auth/token",
                post(|| async {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        fixture_text("audible/auth_token_ok.json"),
                    )
                }),
            )
            .route(
                "/auth/deregister",
                post(|| async { ([(header::CONTENT_TYPE, "application/json")], "{}") }),
            ),
    )
    .await
}

async fn app_with(amazon: &FakeServer) -> TestApp {
    TestApp::builder()
        .urls(ServiceUrls {
            amazon: Some(amazon.url("/")),
            ..ServiceUrls::default()
        })
        .open()
        .await
}

fn library_file(app: &TestApp) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["library.db", "library.db-wal"] {
        if let Ok(b) = std::fs::read(app.data_dir().join(name)) {
            bytes.extend(b);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn an_auth_file_becomes_an_account_whose_tokens_are_a_secret_not_a_row() {
    let app = TestApp::new().await;
    let account = audible::import_auth_file(&app.ctx, &auth_file(&app), None)
        .await
        .expect("the audible-cli file imports");
    assert_eq!(account.label, "Test User (uk)");
    assert_eq!(
        (account.marketplace.as_str(), account.device_type.as_str()),
        ("uk", "iphone")
    );
    assert_eq!(account.state, AccountState::Ok);
    assert_eq!(
        audible::list(&app.ctx).await.expect("list"),
        std::slice::from_ref(&account)
    );

    let secret = account.secret.clone().expect("the tokens are stored");
    assert_eq!(
        secret,
        SecretRef::new(SecretKind::AudibleAccount, account.id.0)
    );
    let stored: Sensitive<String> = app
        .ctx
        .secrets()
        .get(&secret)
        .await
        .expect("the store answers")
        .expect("the secret is there");
    let stored: serde_json::Value = serde_json::from_str(stored.expose()).expect("JSON");
    assert_eq!(stored["refresh_token"], REFRESH_TOKEN);
    assert_eq!(stored["locale_code"], "uk");

    app.ctx.close().await.expect("close");
    let db = library_file(&app);
    for secret in [
        REFRESH_TOKEN,
        "Atna|test-access-token",
        "amzn1.account.TESTTESTTESTTEST",
    ] {
        assert!(!contains(&db, secret), "the library file holds {secret}");
    }
}

#[tokio::test]
async fn the_same_account_twice_is_refused_naming_the_one_there() {
    let app = TestApp::new().await;
    let first = audible::import_auth_file(&app.ctx, &auth_file(&app), Some("Mine".into()))
        .await
        .expect("first");
    let err = audible::import_auth_file(&app.ctx, &auth_file(&app), None)
        .await
        .expect_err("the same customer and marketplace");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("\"Mine\""), "{err}");
    assert_eq!(audible::list(&app.ctx).await.expect("list"), [first]);
}

#[tokio::test]
async fn unusable_files_are_refused_and_nothing_is_kept() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().expect("dir");
    let fifo = dir.path().join("auth.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let huge = dir.path().join("huge.json");
    std::fs::write(&huge, vec![b' '; 2 * 1024 * 1024]).expect("write");
    let cases: [(&Path, &str); 5] = [
        (
            &fixture("audible/audible_cli_auth_encrypted.json"),
            "encrypted",
        ),
        (
            &fixture("audible/audible_cli_auth_truncated.json"),
            "auth file",
        ),
        (&fifo, "not a regular file"),
        (&huge, "too large"),
        (&dir.path().join("missing.json"), "cannot read"),
    ];
    for (path, says) in cases {
        let err = tokio::time::timeout(
            Duration::from_secs(5),
            audible::import_auth_file(&app.ctx, path, None),
        )
        .await
        .expect("answers at once, even for a FIFO")
        .expect_err("refused");
        assert!(err.to_string().contains(says), "{}: {err}", path.display());
        assert!(
            err.hint().is_some() || err.code() == ErrorCode::NotFound,
            "{err}"
        );
        assert_eq!(err.field(), Some("file"));
    }
    assert!(audible::list(&app.ctx).await.expect("list").is_empty());
}

#[tokio::test]
async fn removing_deregisters_the_device_then_forgets_the_account_and_its_secret() {
    let amazon = amazon().await;
    let app = app_with(&amazon).await;
    let account = audible::import_auth_file(&app.ctx, &auth_file(&app), None)
        .await
        .expect("import");
    let secret = account.secret.clone().expect("secret");

    audible::remove(
        &app.ctx,
        &AccountKey::parse("test user (UK)"),
        true,
        &CancellationToken::new(),
    )
    .await
    .expect("removed");
    let calls = amazon.requests_to("/auth/deregister");
    assert_eq!(calls.len(), 1, "one deregistration");
    assert_eq!(
        calls[0].headers["x-amz-access-token"], "Atna|test-access-token",
        "sent with the account's access token, still valid"
    );
    assert!(amazon.requests_to("/auth/token").is_empty());
    assert!(audible::list(&app.ctx).await.expect("list").is_empty());
    assert!(
        app.ctx
            .secrets()
            .get::<String>(&secret)
            .await
            .expect("store")
            .is_none(),
        "the secret is gone with the account"
    );
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_before_deregistering() {
    let amazon = amazon().await;
    let app = app_with(&amazon).await;
    let account = audible::import_auth_file(&app.ctx, &auth_file(&app), None)
        .await
        .expect("import");
    app.clock.advance(Duration::from_secs(30 * 24 * 60 * 60));

    audible::remove(
        &app.ctx,
        &AccountKey::Id(account.id),
        true,
        &CancellationToken::new(),
    )
    .await
    .expect("removed");
    let refresh = amazon.requests_to("/auth/token");
    assert_eq!(refresh.len(), 1);
    let form = String::from_utf8_lossy(&refresh[0].body).into_owned();
    assert!(form.contains("source_token="), "{form}");
    assert_eq!(
        amazon.requests_to("/auth/deregister")[0].headers["x-amz-access-token"],
        "Atna|test-refreshed-token"
    );
}

#[tokio::test]
async fn a_failed_deregistration_keeps_the_account_and_says_what_to_do() {
    let amazon = amazon().await;
    amazon.inject("/auth/deregister", [Fault::Status(StatusCode::FORBIDDEN)]);
    let app = app_with(&amazon).await;
    let account = audible::import_auth_file(&app.ctx, &auth_file(&app), None)
        .await
        .expect("import");

    let err = audible::remove(
        &app.ctx,
        &AccountKey::Id(account.id),
        true,
        &CancellationToken::new(),
    )
    .await
    .expect_err("Amazon refused");
    assert!(err.to_string().contains("could not deregister"), "{err}");
    assert!(err.hint().expect("a hint").contains("here only"));
    assert_eq!(
        audible::list(&app.ctx).await.expect("list"),
        std::slice::from_ref(&account),
        "nothing is removed"
    );

    audible::remove(
        &app.ctx,
        &AccountKey::Id(account.id),
        false,
        &CancellationToken::new(),
    )
    .await
    .expect("removed here only");
    assert_eq!(
        amazon.requests_to("/auth/deregister").len(),
        1,
        "keeping the device asks Amazon nothing"
    );
    assert!(audible::list(&app.ctx).await.expect("list").is_empty());
}

#[tokio::test]
async fn an_unknown_account_is_not_found() {
    let app = TestApp::new().await;
    let err = audible::remove(
        &app.ctx,
        &AccountKey::parse("nobody"),
        false,
        &CancellationToken::new(),
    )
    .await
    .expect_err("none");
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(err.field(), Some("account"));
}
