//! AudiobookBay against a fake site serving hand-written pages in the documented structure.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use aural_core::ProviderKind;
use aural_core::provider::Severity;
use aural_http::{ClientSettings, build_client};
use aural_indexers::{
    AbbConfig, AbbIndexer, DownloadRef, Indexer, IndexerError, Query, QueryMode, SearchRequest,
};
use aural_testkit::{FakeServer, Fault};
use axum::Router;
use axum::extract::Query as Params;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_util::sync::CancellationToken;

use crate::quick_policy;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(aural_testkit::fixture(&format!("audiobookbay/{name}")))
        .expect("the fixture is readable")
}

/// Serves `/` and `/page/2/` by the `s` keywords, and one release page; unknown keywords get
/// `missing`.
async fn fake_abb(pages: &[(&'static str, u32, Vec<u8>)], missing: Vec<u8>) -> FakeServer {
    let pages: Arc<HashMap<(String, u32), Vec<u8>>> = Arc::new(
        pages
            .iter()
            .map(|(s, n, body)| (((*s).to_owned(), *n), body.clone()))
            .collect(),
    );
    let missing = Arc::new(missing);
    let page = move |n: u32| {
        let pages = pages.clone();
        let missing = missing.clone();
        move |Params(q): Params<HashMap<String, String>>| async move {
            let s = q.get("s").cloned().unwrap_or_default();
            html(
                pages
                    .get(&(s, n))
                    .cloned()
                    .unwrap_or_else(|| (*missing).clone()),
            )
        }
    };
    FakeServer::start(
        Router::new()
            .route("/", get(page(1)))
            .route("/page/2/", get(page(2)))
            .route(
                "/abss/the-way-of-kings-brandon-sanderson/",
                get(|| async { html(fixture("detail.html")) }),
            )
            .route(
                "/abss/odd-one/",
                get(|| async { html(fixture("changed_layout.html")) }),
            ),
    )
    .await
}

fn html(body: Vec<u8>) -> Response {
    ([(CONTENT_TYPE, "text/html; charset=UTF-8")], body).into_response()
}

fn abb(server: &FakeServer) -> AbbIndexer {
    let client = build_client(&ClientSettings::for_version("test")).expect("the client builds");
    AbbIndexer::new(
        client,
        AbbConfig {
            base: aural_indexers::abb::request::base(server.url("/").as_str()).expect("valid"),
            timeout: Duration::from_secs(5),
            retry: quick_policy(1),
        },
    )
}

fn text(words: &str) -> SearchRequest {
    SearchRequest {
        query: Query::Text(words.to_owned()),
        categories: vec![],
        limit: None,
        offset: None,
    }
}

#[tokio::test]
async fn a_search_reads_two_pages_of_posts() {
    let server = fake_abb(
        &[
            ("way of kings", 1, fixture("search_page1.html")),
            ("way of kings", 2, fixture("search_page2.html")),
        ],
        fixture("search_nothing.html"),
    )
    .await;
    let indexer = abb(&server);
    assert_eq!(indexer.kind(), ProviderKind::AudiobookBay);
    let outcome = indexer
        .search(&text("Way of Kings"), &CancellationToken::new())
        .await
        .expect("the search succeeds");
    let titles: Vec<&str> = outcome.releases.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "The Way of Kings - Brandon Sanderson",
            "Words of Radiance (The Stormlight Archive, Book 2) - Brandon Sanderson",
            "Der Weg der Könige",
            "Oathbringer - Brandon Sanderson",
        ],
        "the post without a link and the advertisement are left out"
    );
    assert!(!outcome.truncated, "page 2 links to no page 3");
    assert_eq!(
        server.requests().len(),
        2,
        "two pages, no detail page while searching"
    );
    assert_eq!(server.requests()[1].path, "/page/2/");

    let base = server.url("/");
    let first = &outcome.releases[0];
    assert_eq!(
        first.info_url.as_deref(),
        Some(format!("{base}abss/the-way-of-kings-brandon-sanderson/").as_str())
    );
    assert_eq!(first.guid, first.info_url);
    assert_eq!(first.category_names, ["Fantasy Adults"]);
    assert_eq!(first.language.as_deref(), Some("English"));
    assert_eq!(first.file_types, ["m4b"]);
    assert_eq!(
        first.other_attrs.get("bitrate").map(String::as_str),
        Some("64 Kbps")
    );
    assert_eq!(first.size, Some(1_159_641_170), "1.08 GBs");
    assert_eq!(
        first.published.map(|t| t.date().to_string()).as_deref(),
        Some("2021-03-12")
    );
    assert_eq!(
        first.cover_url.as_deref(),
        Some(format!("{base}images/covers/wok.jpg").as_str())
    );
    assert_eq!(first.seeders, None, "ABB does not publish seeders");
    assert_eq!(first.categories, [3030]);

    let second = &outcome.releases[1];
    assert_eq!(second.size, Some(891_813_888), "850.5 MBs");
    assert_eq!(
        second.published.map(|t| t.date().to_string()).as_deref(),
        Some("2019-01-02")
    );
    let odd = &outcome.releases[2];
    assert_eq!(
        (odd.size, odd.published),
        (None, None),
        "unreadable values stay unknown"
    );
    assert_eq!(odd.language.as_deref(), Some("German"));
    assert!(odd.file_types.is_empty());
}

#[tokio::test]
async fn nothing_found_is_zero_results_and_a_book_retries_its_title() {
    let server = fake_abb(
        &[("the way of kings", 1, fixture("search_page2.html"))],
        fixture("search_nothing.html"),
    )
    .await;
    let indexer = abb(&server);
    let outcome = indexer
        .search(
            &SearchRequest {
                query: Query::Book {
                    title: "The Way of Kings".to_owned(),
                    author: Some("Brandon Sanderson".to_owned()),
                },
                ..text("")
            },
            &CancellationToken::new(),
        )
        .await
        .expect("nothing found is no failure");
    assert_eq!(outcome.queries, [QueryMode::Search, QueryMode::Search]);
    assert_eq!(outcome.releases.len(), 1, "found by the title alone");
    let queries: Vec<String> = server
        .requests()
        .iter()
        .filter_map(|r| r.query.clone())
        .collect();
    assert_eq!(
        queries,
        ["s=the+way+of+kings+brandon+sanderson", "s=the+way+of+kings"]
    );
}

#[tokio::test]
async fn a_changed_layout_or_garbage_is_an_error_never_empty_results() {
    let server = fake_abb(
        &[
            ("layout", 1, fixture("changed_layout.html")),
            (
                "garbage",
                1,
                b"\x00\x01<<<div class=post <h2>>>{\"json\": true}".to_vec(),
            ),
            ("empty", 1, Vec::new()),
            ("cut", 1, fixture("search_page1.html")[..150].to_vec()),
        ],
        fixture("search_nothing.html"),
    )
    .await;
    let indexer = abb(&server);
    let cancel = CancellationToken::new();
    for words in ["layout", "garbage", "empty", "cut"] {
        let error = indexer
            .search(&text(words), &cancel)
            .await
            .expect_err("an unrecognised page fails");
        assert!(
            matches!(error, IndexerError::LayoutNotRecognised { .. }),
            "{words}: {error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("page layout not recognised at"),
            "{words}: {error}"
        );
    }
}

#[tokio::test]
async fn a_grab_reads_the_info_hash_and_trackers_into_a_magnet() {
    let server = fake_abb(
        &[("way of kings", 1, fixture("search_page1.html"))],
        fixture("search_nothing.html"),
    )
    .await;
    let indexer = abb(&server);
    let cancel = CancellationToken::new();
    let releases = indexer
        .search(
            &SearchRequest {
                limit: Some(3),
                ..text("way of kings")
            },
            &cancel,
        )
        .await
        .expect("found")
        .releases;
    assert_eq!(
        releases.len(),
        3,
        "the limit is met by page 1, so page 2 is not fetched"
    );
    assert_eq!(server.requests().len(), 1);
    let magnet = indexer
        .resolve(&releases[0], &cancel)
        .await
        .expect("resolved");
    assert_eq!(
        magnet,
        DownloadRef::Magnet(
            "magnet:?xt=urn:btih:9fb267cff5ae5603f07a347676ec3bf3e35f75e1\
             &dn=The%20Way%20of%20Kings%20-%20Brandon%20Sanderson\
             &tr=udp%3A%2F%2Ftracker.example.invalid%3A1337%2Fannounce\
             &tr=http%3A%2F%2Ftracker2.example.invalid%3A80%2Fannounce"
                .to_owned()
        )
    );
    let error = indexer
        .resolve(&releases[2], &cancel)
        .await
        .expect_err("a page without an info hash");
    assert!(
        matches!(error, IndexerError::LayoutNotRecognised { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_test_reports_a_wrong_domain_on_the_url() {
    let server = fake_abb(
        &[("test", 1, fixture("search_page1.html"))],
        fixture("search_nothing.html"),
    )
    .await;
    let report = abb(&server).test(&CancellationToken::new()).await;
    assert!(report.passed(), "{report:?}");
    assert!(
        report.issues[0].message.contains("listed 3 results"),
        "{report:?}"
    );

    let parked = FakeServer::start(Router::new().route(
        "/",
        get(|| async {
            html(b"<html><body><h1>This domain is for sale</h1></body></html>".to_vec())
        }),
    ))
    .await;
    let report = abb(&parked).test(&CancellationToken::new()).await;
    let issue = &report.issues[0];
    assert_eq!(issue.field.as_deref(), Some("url"), "{report:?}");
    assert_eq!(issue.severity, Severity::Error);
    assert!(
        issue.message.starts_with("Layout changed or wrong domain"),
        "{issue:?}"
    );
    assert!(
        issue.hint.as_deref().is_some_and(|h| h.contains("domain")),
        "{issue:?}"
    );

    parked.inject("/", [Fault::Status(StatusCode::NOT_FOUND)]);
    let report = abb(&parked).test(&CancellationToken::new()).await;
    assert!(
        report.issues[0].message.starts_with("Nothing at this URL"),
        "{report:?}"
    );
}
