use std::time::{Duration, SystemTime};

use aural_http::{HttpError, send};
use aural_testkit::{FakeServer, Fault, wait_until};
use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use tokio_util::sync::CancellationToken;

use crate::{client, client_with_read_timeout, quick_policy};

async fn server() -> FakeServer {
    FakeServer::start(Router::new().route("/ok", get(|| async { "fine" })).route(
        "/status/{code}",
        get(
            |axum::extract::Path(code): axum::extract::Path<u16>| async move {
                StatusCode::from_u16(code).expect("tests use real status codes")
            },
        ),
    ))
    .await
}

fn get_request(server: &FakeServer, path: &str) -> aural_http::Request {
    client()
        .get(server.url(path))
        .build()
        .expect("a GET builds")
}

fn gap(server: &FakeServer, path: &str) -> Duration {
    let requests = server.requests_to(path);
    assert_eq!(requests.len(), 2, "one retry: {requests:?}");
    requests[1].at - requests[0].at
}

#[tokio::test]
async fn a_429_waits_the_seconds_of_retry_after_then_succeeds() {
    let server = server().await;
    server.inject(
        "/ok",
        [Fault::RetryAfter {
            status: StatusCode::TOO_MANY_REQUESTS,
            value: "1".to_owned(),
        }],
    );
    let answer = send(
        &client(),
        get_request(&server, "/ok"),
        &quick_policy(3),
        &CancellationToken::new(),
    )
    .await
    .expect("the retry succeeds");
    assert_eq!(answer.status(), 200);
    assert!(
        gap(&server, "/ok") >= Duration::from_secs(1),
        "the server's 1 s, not our 10 ms backoff, was waited"
    );
}

#[tokio::test]
async fn a_503_with_an_http_date_waits_until_that_date() {
    let server = server().await;
    // HTTP dates have whole seconds: "in 3 s" is read as at least 2 s from now, so even a slow
    // first answer leaves more than 1 s to wait.
    let at = SystemTime::now() + Duration::from_secs(3);
    server.inject(
        "/ok",
        [Fault::RetryAfter {
            status: StatusCode::SERVICE_UNAVAILABLE,
            value: httpdate::fmt_http_date(at),
        }],
    );
    send(
        &client(),
        get_request(&server, "/ok"),
        &quick_policy(3),
        &CancellationToken::new(),
    )
    .await
    .expect("the retry succeeds");
    assert!(
        gap(&server, "/ok") >= Duration::from_secs(1),
        "the date was honoured, not our 10 ms backoff"
    );
}

#[tokio::test]
async fn transient_server_errors_are_retried_until_success() {
    let server = server().await;
    server.inject(
        "/ok",
        [
            Fault::Status(StatusCode::SERVICE_UNAVAILABLE),
            Fault::Status(StatusCode::BAD_GATEWAY),
            Fault::Status(StatusCode::REQUEST_TIMEOUT),
        ],
    );
    let answer = send(
        &client(),
        get_request(&server, "/ok"),
        &quick_policy(4),
        &CancellationToken::new(),
    )
    .await
    .expect("the fourth try succeeds");
    assert_eq!(answer.text().await.expect("text"), "fine");
    assert_eq!(
        server.requests_to("/ok").len(),
        4,
        "three failures, one success"
    );
}

#[tokio::test]
async fn client_errors_other_than_408_and_429_are_not_retried() {
    for code in [400u16, 401, 403, 404, 410, 422] {
        let server = server().await;
        let path = format!("/status/{code}");
        let err = send(
            &client(),
            get_request(&server, &path),
            &quick_policy(4),
            &CancellationToken::new(),
        )
        .await
        .expect_err("a client error fails");
        assert!(
            matches!(err, HttpError::Status { status, .. } if status == code),
            "HTTP {code} is reported as such: {err:?}"
        );
        assert_eq!(
            server.requests_to(&path).len(),
            1,
            "HTTP {code} would fail the same way again, so it is sent once"
        );
    }
}

#[tokio::test]
async fn tries_are_bounded_and_the_last_failure_is_reported() {
    let server = server().await;
    let err = send(
        &client(),
        get_request(&server, "/status/500"),
        &quick_policy(3),
        &CancellationToken::new(),
    )
    .await
    .expect_err("the server keeps failing");
    assert!(
        matches!(err, HttpError::Status { status: 500, .. }),
        "{err:?}"
    );
    assert_eq!(
        server.requests_to("/status/500").len(),
        3,
        "exactly max_tries"
    );
}

#[tokio::test]
async fn a_wait_longer_than_the_policy_allows_is_reported_at_once() {
    let server = server().await;
    server.inject(
        "/ok",
        [Fault::RetryAfter {
            status: StatusCode::TOO_MANY_REQUESTS,
            value: "3600".to_owned(),
        }],
    );
    let err = send(
        &client(),
        get_request(&server, "/ok"),
        &quick_policy(3),
        &CancellationToken::new(),
    )
    .await
    .expect_err("an hour is too long to wait silently");
    assert!(
        matches!(err, HttpError::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(3600)),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("3600 s"),
        "the message says how long: {err}"
    );
    assert_eq!(server.requests_to("/ok").len(), 1, "no retry");
}

#[tokio::test]
async fn a_server_that_hangs_times_out_on_every_try() {
    let server = server().await;
    server.inject("/ok", [Fault::Hang, Fault::Hang]);
    let err = send(
        &client_with_read_timeout(Duration::from_millis(200)),
        get_request(&server, "/ok"),
        &quick_policy(2),
        &CancellationToken::new(),
    )
    .await
    .expect_err("no answer");
    assert!(matches!(err, HttpError::Timeout { .. }), "{err:?}");
    assert_eq!(server.requests_to("/ok").len(), 2, "a timeout is retried");
}

#[tokio::test]
async fn cancelling_ends_a_request_that_is_still_waiting() {
    let server = server().await;
    server.inject("/ok", [Fault::Hang]);
    let cancel = CancellationToken::new();
    let request = get_request(&server, "/ok");
    let sending = tokio::spawn({
        let cancel = cancel.clone();
        async move { send(&client(), request, &quick_policy(3), &cancel).await }
    });
    wait_until(
        Duration::from_secs(10),
        "the request to reach the server",
        || std::future::ready((!server.requests_to("/ok").is_empty()).then_some(())),
    )
    .await;
    cancel.cancel();
    let err = sending
        .await
        .expect("the task ends")
        .expect_err("cancelled");
    assert!(matches!(err, HttpError::Cancelled), "{err:?}");
}

#[tokio::test]
async fn a_closed_port_is_unreachable_and_secrets_stay_out_of_the_message() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let url = format!("http://127.0.0.1:{port}/api?t=search&apikey=k3y-0f-t3st");
    let request = client().get(&url).build().expect("request");
    let err = send(
        &client(),
        request,
        &quick_policy(2),
        &CancellationToken::new(),
    )
    .await
    .expect_err("nothing listens");
    assert!(matches!(err, HttpError::Unreachable { .. }), "{err:?}");
    let mut shown = format!("{err} / {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        shown.push_str(&format!(" / {s} / {s:?}"));
        source = s.source();
    }
    assert!(
        !shown.contains("k3y-0f-t3st"),
        "the key is redacted everywhere: {shown}"
    );
    assert!(
        shown.contains("apikey=<redacted>"),
        "the URL is still named: {shown}"
    );
}
