use std::time::Duration;

use aural_http::{ClientSettings, build_client};
use aural_testkit::{FakeServer, Fault};
use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};

fn client(read_timeout: Duration) -> aural_http::Client {
    build_client(&ClientSettings {
        read_timeout,
        ..ClientSettings::for_version("test")
    })
    .expect("client")
}

async fn server() -> FakeServer {
    FakeServer::start(
        Router::new()
            .route("/hello", get(|| async { "hello, world" }))
            .route("/echo", post(|body: String| async move { body })),
    )
    .await
}

#[tokio::test]
async fn requests_are_recorded_with_method_path_query_headers_and_body() {
    let server = server().await;
    let answer = client(Duration::from_secs(5))
        .post(server.url("/echo?t=caps&q=dune"))
        .header("x-test", "yes")
        .body("the body")
        .send()
        .await
        .expect("send")
        .text()
        .await
        .expect("text");
    assert_eq!(answer, "the body", "the route still answers");
    let recorded = server.requests();
    assert_eq!(recorded.len(), 1, "one request: {recorded:?}");
    let r = &recorded[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/echo");
    assert_eq!(r.query.as_deref(), Some("t=caps&q=dune"));
    assert_eq!(
        r.headers.get("x-test").map(|v| v.as_bytes()),
        Some(&b"yes"[..])
    );
    assert_eq!(&r.body[..], b"the body");
}

#[tokio::test]
async fn faults_apply_in_order_to_their_path_then_the_route_answers_again() {
    let server = server().await;
    server.inject(
        "/hello",
        [
            Fault::Status(StatusCode::BAD_GATEWAY),
            Fault::RetryAfter {
                status: StatusCode::TOO_MANY_REQUESTS,
                value: "7".to_owned(),
            },
        ],
    );
    let client = client(Duration::from_secs(5));
    let first = client.get(server.url("/hello")).send().await.expect("send");
    assert_eq!(first.status(), 502, "the first fault");
    let second = client.get(server.url("/hello")).send().await.expect("send");
    assert_eq!(second.status(), 429, "the second fault");
    assert_eq!(
        second.headers().get("retry-after").map(|v| v.as_bytes()),
        Some(&b"7"[..]),
        "with its Retry-After"
    );
    let third = client.get(server.url("/hello")).send().await.expect("send");
    assert_eq!(third.status(), 200, "faults are used up");
    assert_eq!(third.text().await.expect("text"), "hello, world");
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let server = server().await;
    server.inject("/hello", [Fault::Latency(Duration::from_millis(300))]);
    let started = std::time::Instant::now();
    let answer = client(Duration::from_secs(5))
        .get(server.url("/hello"))
        .send()
        .await
        .expect("send");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "the answer waited for the injected latency"
    );
    assert_eq!(answer.status(), 200, "then came normally");
}

#[tokio::test]
async fn a_hang_never_answers() {
    let server = server().await;
    server.inject("/hello", [Fault::Hang]);
    let err = client(Duration::from_millis(200))
        .get(server.url("/hello"))
        .send()
        .await
        .expect_err("no answer");
    assert!(
        err.is_timeout(),
        "only the client's timeout ends it: {err:?}"
    );
}

#[tokio::test]
async fn a_truncated_body_breaks_off_before_its_declared_length() {
    let server = server().await;
    server.inject("/hello", [Fault::Truncated { missing: 100 }]);
    let answer = client(Duration::from_secs(5))
        .get(server.url("/hello"))
        .send()
        .await
        .expect("the headers arrive");
    assert_eq!(
        answer.content_length(),
        Some("hello, world".len() as u64 + 100),
        "the declared length is longer than the body"
    );
    let err = answer.bytes().await.expect_err("the body is short");
    assert!(
        err.is_body() || err.is_decode(),
        "reading the body fails: {err:?}"
    );
}

#[tokio::test]
async fn a_wrong_content_type_replaces_the_routes() {
    let server = server().await;
    server.inject("/hello", [Fault::ContentType("text/html")]);
    let answer = client(Duration::from_secs(5))
        .get(server.url("/hello"))
        .send()
        .await
        .expect("send");
    assert_eq!(
        answer.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"text/html"[..])
    );
    assert_eq!(
        answer.text().await.expect("text"),
        "hello, world",
        "the body is the route's"
    );
}
