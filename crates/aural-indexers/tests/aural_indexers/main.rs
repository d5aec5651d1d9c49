//! The Torznab/Newznab protocol against the public sample feeds, served by the test kit's fake
//! server on 127.0.0.1 where transport matters.

mod abb;
mod caps;
mod check;
mod feed;
mod fetch;
mod mam;
mod mutated;
mod search;

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use aural_core::{ProviderKind, Sensitive};
use aural_http::{ClientSettings, RetryPolicy, build_client};
use aural_indexers::{ZnabIndexer, ZnabSettings};
use aural_testkit::FakeServer;
use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// Obviously fake, and distinctive enough that finding it in any text is a leak.
pub const API_KEY: &str = "test-key-7f3a9c";

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(aural_testkit::fixture(&format!("indexers/{name}")))
        .expect("the fixture is readable")
}

/// What the fake indexer answers for each `t=`; a wrong key gets Newznab's error 100 like a
/// real indexer, so wrong-key tests exercise the real path.
pub async fn fake_indexer(answers: &[(&'static str, Vec<u8>)]) -> FakeServer {
    let answers: Arc<HashMap<&'static str, Vec<u8>>> = Arc::new(answers.iter().cloned().collect());
    let handler = move |Query(q): Query<HashMap<String, String>>| {
        let answers = answers.clone();
        async move {
            if q.get("apikey").map(String::as_str) != Some(API_KEY) {
                return xml(fixture("prowlarr_newznab_unauthorized.xml"));
            }
            let t = q.get("t").map(String::as_str).unwrap_or("");
            let key =
                if t == "book" && !q.contains_key("author") && answers.contains_key("book-title") {
                    "book-title"
                } else {
                    t
                };
            match answers.get(key) {
                Some(body) => xml(body.clone()),
                None => StatusCode::NOT_FOUND.into_response(),
            }
        }
    };
    FakeServer::start(Router::new().route("/api", get(handler))).await
}

fn xml(body: Vec<u8>) -> Response {
    ([(CONTENT_TYPE, "application/xml; charset=utf-8")], body).into_response()
}

pub fn quick_policy(max_tries: usize) -> RetryPolicy {
    RetryPolicy {
        max_tries,
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(10),
    }
}

pub fn settings(url: &str, kind: ProviderKind) -> ZnabSettings {
    ZnabSettings {
        kind,
        endpoint: aural_indexers::torznab::request::endpoint(url).expect("test URLs are valid"),
        api_key: Some(Sensitive::new(API_KEY.to_owned())),
        categories: vec![3030],
        timeout: Duration::from_secs(5),
        extra_params: BTreeMap::new(),
        retry: quick_policy(1),
    }
}

pub fn indexer(settings: ZnabSettings) -> ZnabIndexer {
    let client = build_client(&ClientSettings::for_version("test")).expect("the client builds");
    ZnabIndexer::new(client, settings)
}

/// Asserts that neither the message nor the debug form of `value` shows the key.
pub fn assert_no_key(what: &str, display: &str, debug: &str) {
    assert!(
        !display.contains(API_KEY),
        "{what} shows the key: {display}"
    );
    assert!(
        !debug.contains(API_KEY),
        "{what} debug shows the key: {debug}"
    );
}
