use std::collections::BTreeMap;

use aural_http::{HttpError, bytes, json, send};
use aural_testkit::{FakeServer, Fault};
use axum::Router;
use axum::routing::get;
use tokio_util::sync::CancellationToken;

use crate::{client, quick_policy};

async fn server() -> FakeServer {
    FakeServer::start(Router::new().route(
        "/book",
        get(|| async { axum::Json(BTreeMap::from([("asin", "B017V4IM1G")])) }),
    ))
    .await
}

async fn fetch(server: &FakeServer) -> aural_http::Response {
    let request = client().get(server.url("/book")).build().expect("request");
    send(
        &client(),
        request,
        &quick_policy(1),
        &CancellationToken::new(),
    )
    .await
    .expect("the headers arrive")
}

#[tokio::test]
async fn json_is_read_when_the_server_says_it_is_json() {
    let server = server().await;
    let book: BTreeMap<String, String> = json(fetch(&server).await).await.expect("json");
    assert_eq!(book["asin"], "B017V4IM1G");
}

#[tokio::test]
async fn a_truncated_body_is_an_error_not_a_short_result() {
    let server = server().await;
    server.inject("/book", [Fault::Truncated { missing: 50 }]);
    let err = bytes(fetch(&server).await)
        .await
        .expect_err("the body is short");
    assert!(matches!(err, HttpError::Body { .. }), "{err:?}");
    assert!(
        err.to_string().contains("broke off"),
        "the message says the answer was incomplete: {err}"
    );
}

#[tokio::test]
async fn a_wrong_content_type_is_named_instead_of_a_parse_error() {
    let server = server().await;
    server.inject("/book", [Fault::ContentType("text/html; charset=utf-8")]);
    let err = json::<BTreeMap<String, String>>(fetch(&server).await)
        .await
        .expect_err("HTML is not JSON");
    assert!(
        matches!(&err, HttpError::ContentType { found, .. } if found == "text/html"),
        "{err:?}"
    );
    assert!(err.to_string().contains("text/html"), "{err}");
}
