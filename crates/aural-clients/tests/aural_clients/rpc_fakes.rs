//! Deluge and NZBGet answers their Debian daemons do not give on demand, from a loopback fake:
//! the public captures of real answers (`tests/fixtures/clients/`), garbage, server errors and
//! silence.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::harness::fake::{FakeServer, Fault, fixture_text};
use aural_clients::{
    ClientError, Deluge, DownloadClient, InfoHash, ItemId, ItemState, NzbGet, Selection,
};
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::post;
use serde_json::Value;

use crate::harness::http_waiting;

const FIXTURE_HASH: &str = "0123456789abcdef0123456789abcdef01234567";
const PASSWORD: &str = "test-pass-fake-rpc";

fn connection(server: &FakeServer, username: Option<&str>) -> aural_clients::Connection {
    aural_clients::Connection {
        url: server.url("/"),
        username: username.map(str::to_owned),
        password: Some(PASSWORD.to_owned().into()),
    }
}

/// deluge-web answering each method with its captured body.
async fn fake_deluge() -> FakeServer {
    let routes = Router::new().route(
        "/json",
        post(|body: String| async move {
            let call: Value = serde_json::from_str(&body).unwrap_or_default();
            let answer = match call["method"].as_str().unwrap_or_default() {
                "auth.login" => {
                    return (
                        [(header::SET_COOKIE, "_session_id=fake0123; Path=/json")],
                        r#"{"result": true, "error": null, "id": 1}"#,
                    )
                        .into_response();
                }
                "web.connected" => r#"{"result": true, "error": null, "id": 2}"#.to_owned(),
                "daemon.get_version" => fixture_text("clients/deluge/daemon_get_version.json"),
                "core.get_enabled_plugins" => r#"{"result": [], "error": null, "id": 3}"#.to_owned(),
                "core.get_torrents_status" => {
                    fixture_text("clients/deluge/core_get_torrents_status.json")
                }
                _ => r#"{"result": null, "error": {"message": "Unknown method", "code": 2}, "id": 9}"#
                    .to_owned(),
            };
            answer.into_response()
        }),
    );
    FakeServer::start(routes).await
}

/// NZBGet answering each method with its captured body.
async fn fake_nzbget() -> FakeServer {
    let routes = Router::new().route(
        "/jsonrpc",
        post(|body: String| async move {
            let call: Value = serde_json::from_str(&body).unwrap_or_default();
            match call["method"].as_str().unwrap_or_default() {
                "version" => fixture_text("clients/nzbget/version.json"),
                "status" => fixture_text("clients/nzbget/status.json"),
                "listgroups" => fixture_text("clients/nzbget/listgroups.json"),
                "history" => fixture_text("clients/nzbget/history.json"),
                _ => r#"{"version": "1.1", "id": 1, "error": {"name": "JSONRPCError", "code": 1, "message": "Invalid procedure"}}"#
                    .to_owned(),
            }
        }),
    );
    FakeServer::start(routes).await
}

#[tokio::test]
async fn deluge_reads_a_captured_status_and_sends_its_session_cookie() {
    let server = fake_deluge().await;
    let client = Deluge::new(
        http_waiting(Duration::from_secs(5)),
        connection(&server, None),
    )
    .expect("a valid URL");
    let report = client.test().await;
    assert!(report.issues[0].message.contains("2.0.3"), "{report:?}");

    let id = ItemId::from(InfoHash::parse(FIXTURE_HASH).expect("a hash"));
    let status = client.status(&id).await.expect("read");
    assert_eq!(status.name, "Test Audiobook");
    assert_eq!(
        status.state,
        ItemState::FetchingMetadata,
        "downloading without files"
    );
    assert_eq!(status.save_path, "/var/lib/example/deluge/downloads");
    let calls = server.requests_to("/json");
    let status_call = calls
        .iter()
        .find(|r| String::from_utf8_lossy(&r.body).contains("core.get_torrents_status"))
        .expect("a status call");
    assert_eq!(status_call.method, "POST");
    assert_eq!(status_call.query, None, "the call is in the body only");
    assert_eq!(
        status_call
            .headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok()),
        Some("_session_id=fake0123")
    );
    let login = String::from_utf8_lossy(&calls[0].body).into_owned();
    assert!(
        login.contains("auth.login") && login.contains(PASSWORD),
        "{login}"
    );
}

#[tokio::test]
async fn deluge_garbage_errors_and_silence_are_typed_errors() {
    let server = fake_deluge().await;
    let client = Deluge::new(
        http_waiting(Duration::from_millis(500)),
        connection(&server, None),
    )
    .expect("a valid URL");
    let id = ItemId::from(InfoHash::parse(FIXTURE_HASH).expect("a hash"));
    server.inject("/json", [Fault::Status(StatusCode::OK)]);
    let err = client.status(&id).await.expect_err("an empty body");
    assert!(matches!(err, ClientError::NotTheClient { .. }), "{err:?}");
    server.inject("/json", [Fault::Body("<html><body>Sign in</body></html>")]);
    let err = client.status(&id).await.expect_err("a login page");
    assert!(matches!(err, ClientError::NotTheClient { .. }), "{err:?}");
    server.inject("/json", [Fault::Status(StatusCode::BAD_GATEWAY)]);
    let err = client.status(&id).await.expect_err("502");
    assert!(
        matches!(err, ClientError::Http { status: 502, .. }),
        "{err:?}"
    );
    server.inject("/json", [Fault::Hang]);
    let err = client.status(&id).await.expect_err("no answer");
    assert!(matches!(err, ClientError::Timeout { .. }), "{err:?}");
    assert!(client.status(&id).await.is_ok(), "it recovers");
    for text in [format!("{err} {err:?}"), format!("{client:?}")] {
        assert!(!text.contains(PASSWORD), "{text}");
    }
}

#[tokio::test]
async fn deluge_signs_in_again_once_when_its_session_expires() {
    // The first status call gets the captured "Not authenticated" error, as after a deluge-web
    // restart; every other call is answered normally.
    let expired_once = Arc::new(AtomicBool::new(false));
    let routes = Router::new().route(
        "/json",
        post(move |body: String| {
            let expired_once = expired_once.clone();
            async move {
                if body.contains("core.get_torrents_status")
                    && !expired_once.swap(true, Ordering::SeqCst)
                {
                    return fixture_text("clients/deluge/not_logged_in.json").into_response();
                }
                if body.contains("auth.login") {
                    return (
                        [(header::SET_COOKIE, "_session_id=fake0123; Path=/json")],
                        r#"{"result": true, "error": null, "id": 1}"#,
                    )
                        .into_response();
                }
                if body.contains("web.connected") {
                    return r#"{"result": true, "error": null, "id": 2}"#.into_response();
                }
                fixture_text("clients/deluge/core_get_torrents_status.json").into_response()
            }
        }),
    );
    let server = FakeServer::start(routes).await;
    let client = Deluge::new(
        http_waiting(Duration::from_secs(5)),
        connection(&server, None),
    )
    .expect("a valid URL");
    let id = ItemId::from(InfoHash::parse(FIXTURE_HASH).expect("a hash"));
    let status = client
        .status(&id)
        .await
        .expect("read after signing in again");
    assert_eq!(status.name, "Test Audiobook");
    let logins = server
        .requests_to("/json")
        .iter()
        .filter(|r| String::from_utf8_lossy(&r.body).contains("auth.login"))
        .count();
    assert_eq!(logins, 2, "one login, one more after the session expired");
}

#[tokio::test]
async fn nzbget_reads_captured_queue_and_history() {
    let server = fake_nzbget().await;
    let client = NzbGet::new(
        http_waiting(Duration::from_secs(5)),
        connection(&server, None),
    )
    .expect("a valid URL");
    let report = client.test().await;
    assert!(report.passed(), "{report:?}");
    assert!(report.issues[0].message.contains("21.0"), "{report:?}");

    let all = client.list(&Selection::All).await.expect("listed");
    let states: Vec<(String, ItemState, Option<String>)> = all
        .iter()
        .map(|s| (s.id.to_string(), s.state, s.error.clone()))
        .collect();
    assert_eq!(
        states,
        [
            ("1".to_owned(), ItemState::Paused, None),
            (
                "1".to_owned(),
                ItemState::Error,
                Some("removed in NZBGet".to_owned())
            ),
            (
                "2".to_owned(),
                ItemState::Error,
                Some("FAILURE/SCAN".to_owned())
            ),
        ]
    );
    assert_eq!(all[0].size, 1000);
    assert_eq!(all[0].category.as_deref(), Some("audiobooks"));
    assert_eq!(
        all[0].save_path,
        "/var/lib/example/nzbget/inter/Test Audiobook.#1"
    );
    let request = &server.requests_to("/jsonrpc")[0];
    let auth = request
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(auth.starts_with("Basic "), "basic auth: {auth}");
    assert!(!format!("{client:?}").contains(PASSWORD));
}

#[tokio::test]
async fn nzbget_garbage_errors_and_silence_are_typed_errors() {
    let server = fake_nzbget().await;
    let client = NzbGet::new(
        http_waiting(Duration::from_millis(500)),
        connection(&server, Some("nzbget")),
    )
    .expect("a valid URL");
    server.inject("/jsonrpc", [Fault::Status(StatusCode::OK)]);
    let err = client.list(&Selection::All).await.expect_err("empty");
    assert!(matches!(err, ClientError::NotTheClient { .. }), "{err:?}");
    server.inject("/jsonrpc", [Fault::Status(StatusCode::UNAUTHORIZED)]);
    let err = client.list(&Selection::All).await.expect_err("401");
    assert!(matches!(err, ClientError::Auth { .. }), "{err:?}");
    server.inject("/jsonrpc", [Fault::Status(StatusCode::SERVICE_UNAVAILABLE)]);
    let err = client.list(&Selection::All).await.expect_err("503");
    assert!(
        matches!(err, ClientError::Http { status: 503, .. }),
        "{err:?}"
    );
    server.inject("/jsonrpc", [Fault::Hang]);
    let err = client.list(&Selection::All).await.expect_err("silence");
    assert!(matches!(err, ClientError::Timeout { .. }), "{err:?}");
    assert_eq!(
        client.list(&Selection::All).await.expect("recovers").len(),
        3
    );
}
