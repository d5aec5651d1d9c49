use std::time::Duration;

use aural_http::{RetryPolicy, send};
use aural_services::ServiceError;
use aural_services::logging;
use aural_services::settings::LogLevel;
use aural_testkit::{FakeServer, TestApp};
use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use tokio_util::sync::CancellationToken;

/// Obviously fake, and unlike anything else a log line could contain.
const SECRETS: [&str; 6] = [
    "apikey-v4lue-1",
    "passkey-v4lue-2",
    "token-v4lue-3",
    "bearer-v4lue-4",
    "cookie-v4lue-5",
    "password-v4lue-6",
];

#[tokio::test]
async fn the_shared_client_names_itself_with_our_version() {
    let app = TestApp::new().await;
    let server = FakeServer::start(Router::new().route("/", get(|| async { "ok" }))).await;
    app.ctx
        .http()
        .get(server.url("/"))
        .send()
        .await
        .expect("the fake answers");
    let agent = server.requests()[0]
        .headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert_eq!(
        agent.as_deref(),
        Some(concat!("AuralArchive/", env!("CARGO_PKG_VERSION"))),
        "services see who is asking"
    );
}

#[tokio::test]
async fn secrets_of_a_failing_request_reach_neither_the_log_file_nor_the_error() {
    let logs = tempfile::tempdir().expect("temp");
    let (logging, _scope) = logging::init_for_thread(logs.path(), LogLevel::Debug);
    let app = TestApp::new().await;
    let server = FakeServer::start(
        Router::new().route("/api", get(|| async { StatusCode::INTERNAL_SERVER_ERROR })),
    )
    .await;
    let [apikey, passkey, token, bearer, cookie, password] = SECRETS;
    let url = server.url(&format!(
        "/api?t=search&q=dune&apikey={apikey}&passkey={passkey}&token={token}&password={password}"
    ));
    let request = app
        .ctx
        .http()
        .get(url)
        .header("Authorization", format!("Bearer {bearer}"))
        .header("Cookie", format!("session-token={cookie}"))
        .build()
        .expect("the request builds");
    // What a careless protocol crate might log; the log writer must still redact it.
    tracing::debug!(?request, "sending");
    let policy = RetryPolicy {
        max_tries: 3,
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    };
    let err: ServiceError = send(app.ctx.http(), request, &policy, &CancellationToken::new())
        .await
        .expect_err("the server fails")
        .into();
    tracing::error!(error = %err, details = ?err, "search failed");
    drop(logging);

    let log: String = std::fs::read_dir(logs.path().join("logs"))
        .expect("the logs folder exists")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("a log file"))
        .collect();
    let error_text = format!("{err} / {err:?} / {:?}", err.hint());
    assert_eq!(
        server.requests_to("/api").len(),
        3,
        "the secrets really were sent, and retried"
    );
    assert!(
        log.contains("retrying") && log.contains("search failed") && log.contains("sending"),
        "the request, its retries and its failure were logged:\n{log}"
    );
    assert!(
        log.contains("apikey=<redacted>") && error_text.contains("apikey=<redacted>"),
        "the URL is still shown, without its key:\n{log}\n{error_text}"
    );
    for secret in SECRETS {
        assert!(!log.contains(secret), "{secret} is in the log file:\n{log}");
        assert!(
            !error_text.contains(secret),
            "{secret} is in the error: {error_text}"
        );
    }
}
