//! Whole library scans: concurrent pages when the total is known, continuation tokens
//! otherwise, and nothing after a failed page.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aural_audible::library::LibraryQuery;
use aural_audible::{
    AudibleClient, AudibleError, BaseUrlOverrides, Endpoints, Marketplace, SigningIdentity,
};
use aural_core::Sensitive;
use aural_http::{ClientSettings, RetryPolicy, build_client};
use aural_testkit::{FakeServer, Fault, FixedClock, NOW};
use axum::Router;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::{ADP_TOKEN, test_key};

const TOTAL: u64 = 5000;

fn query(uri: &Uri) -> HashMap<String, String> {
    url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn items(from: u64, count: u64) -> Vec<u8> {
    let items: Vec<_> = (from..from + count)
        .map(|n| serde_json::json!({"asin": format!("B{n:09}"), "title": format!("Book {n}"), "authors": [{"name": "Test Author"}], "status": "Active"}))
        .collect();
    serde_json::to_vec(&serde_json::json!({"items": items, "response_groups": ["product_desc"]}))
        .expect("JSON")
}

fn answer(body: Vec<u8>, headers: &[(&'static str, String)]) -> Response {
    let mut response =
        (StatusCode::OK, [("content-type", "application/json")], body).into_response();
    for (name, value) in headers {
        response
            .headers_mut()
            .insert(*name, value.parse().expect("valid header"));
    }
    response
}

/// `Total-Count` paging over [`TOTAL`] titles; `/gap` answers 400 for page 2.
async fn counted(uri: Uri) -> Response {
    let q = query(&uri);
    let page: u64 = q["page"].parse().expect("a page number");
    let size: u64 = q["num_results"].parse().expect("a page size");
    if uri.path().starts_with("/gap") && page == 2 {
        return (
            StatusCode::BAD_REQUEST,
            [("content-type", "application/json")],
            r#"{"message": "bad page"}"#,
        )
            .into_response();
    }
    let from = (page - 1) * size;
    let count = size.min(TOTAL.saturating_sub(from));
    answer(
        items(from, count),
        &[
            ("Total-Count", TOTAL.to_string()),
            ("State-Token", "1765108176000".to_owned()),
        ],
    )
}

/// Three pages linked by `Continuation-Token`, no total.
async fn continued(uri: Uri) -> Response {
    let q = query(&uri);
    let (from, next) = match q.get("continuation_token").map(String::as_str) {
        None => (0, Some("ct-2")),
        Some("ct-2") => (2, Some("ct-3")),
        Some(_) => (4, None),
    };
    let mut headers = vec![("State-Token", "1765108176000".to_owned())];
    if let Some(next) = next {
        headers.push(("Continuation-Token", next.to_owned()));
    }
    answer(items(from, 2), &headers)
}

/// A delta with nothing new: no items, a total of 0, the same state token back.
async fn unchanged() -> Response {
    answer(
        items(0, 0),
        &[
            ("Total-Count", "0".to_owned()),
            ("State-Token", "1765108176000".to_owned()),
        ],
    )
}

async fn setup(prefix: &str) -> (FakeServer, AudibleClient) {
    let server = FakeServer::start(
        Router::new()
            .route("/scan/1.0/library", get(counted))
            .route("/gap/1.0/library", get(counted))
            .route("/cont/1.0/library", get(continued))
            .route("/empty/1.0/library", get(unchanged)),
    )
    .await;
    let overrides = BaseUrlOverrides {
        audible_api: Some(server.url(prefix)),
        amazon: None,
    };
    let endpoints = Endpoints::for_marketplace(Marketplace::Us).with_overrides(&overrides);
    let http = build_client(&ClientSettings::for_version("test")).expect("the client builds");
    let quick = RetryPolicy {
        max_tries: 2,
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(1),
    };
    let client = AudibleClient::new(
        http,
        Marketplace::Us,
        endpoints,
        Arc::new(FixedClock::at(NOW)),
    )
    .with_retry(quick);
    (server, client)
}

fn identity() -> SigningIdentity {
    SigningIdentity {
        adp_token: Sensitive::new(ADP_TOKEN.to_owned()),
        key: test_key(),
    }
}

#[tokio::test]
async fn a_known_total_is_fetched_concurrently_after_the_first_page() {
    let (server, client) = setup("/scan").await;
    server.inject(
        "/scan/1.0/library",
        (0..5).map(|_| Fault::Latency(Duration::from_millis(150))),
    );
    let cancel = CancellationToken::new();
    let identity = identity();
    let started = Instant::now();
    let pages: Vec<_> = client
        .library_pages(&identity, LibraryQuery::full(1, 1000), 10, &cancel)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let pages: Vec<_> = pages
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every page arrives");
    assert_eq!(pages.len(), 5);
    assert_eq!(
        pages.iter().map(|p| p.items.len()).sum::<usize>(),
        TOTAL as usize,
        "every title once"
    );
    let mut asins: Vec<_> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.product.asin.clone()))
        .collect();
    asins.sort();
    asins.dedup();
    assert_eq!(asins.len(), TOTAL as usize, "no page twice");

    let requests = server.requests_to("/scan/1.0/library");
    let rest: Vec<_> = requests[1..].iter().map(|r| r.at).collect();
    let spread =
        *rest.iter().max().expect("four more pages") - *rest.iter().min().expect("four more pages");
    assert!(
        spread < Duration::from_millis(400),
        "pages 2–5 are asked for together, not one 150 ms answer after another: {spread:?}"
    );
    eprintln!("library scan of {TOTAL} titles in pages of 1000 with 150 ms per page: {elapsed:?}");
}

#[tokio::test]
async fn without_a_total_continuation_tokens_are_followed() {
    let (server, client) = setup("/cont").await;
    let cancel = CancellationToken::new();
    let identity = identity();
    let pages: Vec<_> = client
        .library_pages(&identity, LibraryQuery::full(1, 2), 10, &cancel)
        .collect()
        .await;
    let pages: Vec<_> = pages
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every page arrives");
    let asins: Vec<_> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.product.asin.as_str().to_owned()))
        .collect();
    assert_eq!(
        asins,
        [
            "B000000000",
            "B000000001",
            "B000000002",
            "B000000003",
            "B000000004",
            "B000000005"
        ],
        "in order"
    );
    let sent: Vec<_> = server
        .requests_to("/cont/1.0/library")
        .iter()
        .map(|r| {
            query_of(r.query.as_deref())
                .get("continuation_token")
                .cloned()
        })
        .collect();
    assert_eq!(
        sent,
        [None, Some("ct-2".to_owned()), Some("ct-3".to_owned())]
    );
}

fn query_of(query: Option<&str>) -> HashMap<String, String> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

#[tokio::test]
async fn a_failed_page_ends_the_scan_with_its_error() {
    let (_server, client) = setup("/gap").await;
    let cancel = CancellationToken::new();
    let identity = identity();
    let results: Vec<_> = client
        .library_pages(&identity, LibraryQuery::full(1, 1000), 1, &cancel)
        .collect()
        .await;
    let last = results.last().expect("something arrives");
    assert!(
        matches!(
            last,
            Err(AudibleError::Http(aural_http::HttpError::Status {
                status: 400,
                ..
            }))
        ),
        "{last:?}"
    );
    assert_eq!(
        results.iter().filter(|r| r.is_err()).count(),
        1,
        "nothing follows the error"
    );
    assert!(results[0].is_ok(), "page 1 arrived before page 2 failed");
}

#[tokio::test]
async fn a_failed_first_page_is_the_only_result() {
    let (server, client) = setup("/scan").await;
    server.inject(
        "/scan/1.0/library",
        [Fault::Status(StatusCode::UNAUTHORIZED)],
    );
    let cancel = CancellationToken::new();
    let identity = identity();
    let results: Vec<_> = client
        .library_pages(&identity, LibraryQuery::full(1, 1000), 10, &cancel)
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert!(
        matches!(results[0], Err(AudibleError::Unauthorized { .. })),
        "{:?}",
        results[0]
    );
}

#[tokio::test]
async fn a_delta_without_changes_is_one_request() {
    let (server, client) = setup("/empty").await;
    let cancel = CancellationToken::new();
    let identity = identity();
    let token = aural_audible::library::StateToken::from_header("1765108176000").expect("a token");
    let pages: Vec<_> = client
        .library_pages(
            &identity,
            LibraryQuery::delta(token.clone(), 1, 1000),
            10,
            &cancel,
        )
        .collect()
        .await;
    assert_eq!(pages.len(), 1);
    let page = pages[0].as_ref().expect("the delta page arrives");
    assert!(page.items.is_empty());
    assert_eq!(page.headers.state_token.as_ref(), Some(&token));
    assert_eq!(
        server.requests_to("/empty/1.0/library").len(),
        1,
        "an unchanged library costs one request"
    );
}
