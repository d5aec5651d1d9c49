use std::time::{Duration, Instant};

use aural_core::ProviderKind;
use aural_http::HttpError;
use aural_indexers::{ApiErrorCode, Caps, Indexer, IndexerError, Query, QueryMode, SearchRequest};
use aural_testkit::Fault;
use axum::http::StatusCode;
use tokio_util::sync::CancellationToken;

use crate::{API_KEY, assert_no_key, fake_indexer, fixture, indexer, quick_policy, settings};

fn book_request() -> SearchRequest {
    SearchRequest {
        query: Query::Book {
            title: "The Way of Kings".to_owned(),
            author: Some("Brandon Sanderson".to_owned()),
        },
        categories: vec![],
        limit: Some(50),
        offset: None,
    }
}

fn books_caps() -> Caps {
    Caps::parse(&fixture("jackett_torznab_caps_books.xml")).expect("caps parse")
}

#[tokio::test]
async fn a_book_search_sends_author_title_categories_and_the_key() {
    let server = fake_indexer(&[("book", fixture("jackett_torznab_audiobooks.xml"))]).await;
    let indexer = indexer(settings(server.url("/api").as_str(), ProviderKind::Torznab))
        .with_caps(books_caps());
    let outcome = indexer
        .search(&book_request(), &CancellationToken::new())
        .await
        .expect("the search succeeds");
    assert_eq!(outcome.releases.len(), 5);
    assert_eq!(
        outcome.queries,
        vec![QueryMode::BookFields { author: true }]
    );
    let sent = server.requests_to("/api");
    assert_eq!(sent.len(), 1);
    let query = sent[0].query.clone().unwrap_or_default();
    for part in [
        "t=book",
        "title=The+Way+of+Kings",
        "author=Brandon+Sanderson",
        "cat=3030",
        "limit=50",
        &format!("apikey={API_KEY}"),
    ] {
        assert!(query.contains(part), "{part} in {query}");
    }
}

#[tokio::test]
async fn nothing_by_title_and_author_retries_with_the_title_alone() {
    let server = fake_indexer(&[
        ("book", fixture("newznab_empty.xml")),
        ("book-title", fixture("jackett_torznab_audiobooks.xml")),
    ])
    .await;
    let indexer = indexer(settings(server.url("/api").as_str(), ProviderKind::Torznab))
        .with_caps(books_caps());
    let outcome = indexer
        .search(&book_request(), &CancellationToken::new())
        .await
        .expect("the search succeeds");
    assert_eq!(
        outcome.queries,
        vec![
            QueryMode::BookFields { author: true },
            QueryMode::BookFields { author: false }
        ]
    );
    assert_eq!(outcome.releases.len(), 5, "the title-only answer");
    let second = server.requests_to("/api")[1]
        .query
        .clone()
        .unwrap_or_default();
    assert!(!second.contains("author="), "{second}");
}

#[tokio::test]
async fn without_caps_a_plain_text_search_is_sent() {
    let server = fake_indexer(&[("search", fixture("prowlarr_newznab_nzb_su.xml"))]).await;
    let indexer = indexer(settings(server.url("/api").as_str(), ProviderKind::Newznab));
    let outcome = indexer
        .search(&book_request(), &CancellationToken::new())
        .await
        .expect("the search succeeds");
    assert_eq!(outcome.releases.len(), 100);
    let query = server.requests_to("/api")[0]
        .query
        .clone()
        .unwrap_or_default();
    assert!(
        query.contains("t=search&q=The+Way+of+Kings+Brandon+Sanderson"),
        "{query}"
    );
}

#[tokio::test]
async fn failures_are_typed_and_never_show_the_key() {
    let server = fake_indexer(&[
        ("caps", fixture("login_page.html")),
        ("search", fixture("malformed_feed.xml")),
    ])
    .await;
    let url = server.url("/api");
    let good = indexer(settings(url.as_str(), ProviderKind::Torznab));
    let cancel = CancellationToken::new();

    let html = good.caps(&cancel).await.expect_err("an HTML page");
    assert!(
        matches!(html, IndexerError::NotAnEndpoint { .. }),
        "{html:?}"
    );

    let malformed = good
        .search(&book_request(), &cancel)
        .await
        .expect_err("malformed XML");
    assert!(
        matches!(malformed, IndexerError::Parse { .. }),
        "{malformed:?}"
    );

    let mut wrong = settings(url.as_str(), ProviderKind::Torznab);
    wrong.api_key = Some(aural_core::Sensitive::new("wrong-key".to_owned()));
    let auth = indexer(wrong).caps(&cancel).await.expect_err("a wrong key");
    assert!(
        matches!(
            auth,
            IndexerError::Api {
                code: ApiErrorCode::IncorrectCredentials,
                ..
            }
        ),
        "{auth:?}"
    );
    assert!(auth.is_auth());

    server.inject("/api", [Fault::Status(StatusCode::INTERNAL_SERVER_ERROR)]);
    let status = good.caps(&cancel).await.expect_err("HTTP 500");
    assert!(
        matches!(
            status,
            IndexerError::Http(HttpError::Status { status: 500, .. })
        ),
        "{status:?}"
    );

    for (what, e) in [
        ("html", &html),
        ("malformed", &malformed),
        ("auth", &auth),
        ("500", &status),
    ] {
        assert_no_key(what, &e.to_string(), &format!("{e:?}"));
        assert!(
            e.to_string().contains("127.0.0.1") || matches!(e, IndexerError::Api { .. }),
            "{what}: the URL is shown, without its key: {e}"
        );
    }
}

#[tokio::test]
async fn a_hung_indexer_costs_at_most_its_timeout() {
    let server = fake_indexer(&[("search", fixture("newznab_empty.xml"))]).await;
    server.inject("/api", [Fault::Hang, Fault::Hang, Fault::Hang]);
    let mut s = settings(server.url("/api").as_str(), ProviderKind::Torznab);
    s.timeout = Duration::from_millis(300);
    s.retry = quick_policy(3);
    let started = Instant::now();
    let err = indexer(s)
        .search(&book_request(), &CancellationToken::new())
        .await
        .expect_err("times out");
    let took = started.elapsed();
    assert!(
        matches!(err, IndexerError::Http(HttpError::Timeout { .. })),
        "{err:?}"
    );
    assert!(
        took < Duration::from_secs(2),
        "one timeout over all tries, took {took:?}"
    );
    assert_no_key("timeout", &err.to_string(), &format!("{err:?}"));
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_or_reported() {
    let server = fake_indexer(&[("search", fixture("newznab_empty.xml"))]).await;
    let retry_after = || Fault::RetryAfter {
        status: StatusCode::TOO_MANY_REQUESTS,
        value: "1".to_owned(),
    };
    server.inject("/api", [retry_after()]);
    let mut s = settings(server.url("/api").as_str(), ProviderKind::Newznab);
    s.retry = quick_policy(2);
    let outcome = indexer(s)
        .search(
            &SearchRequest {
                query: Query::Text("dune".to_owned()),
                ..book_request()
            },
            &CancellationToken::new(),
        )
        .await
        .expect("the retry succeeds");
    assert!(outcome.releases.is_empty());
    let sent = server.requests_to("/api");
    assert_eq!(sent.len(), 2);
    assert!(
        sent[1].at - sent[0].at >= Duration::from_secs(1),
        "the server's second was waited"
    );

    server.inject("/api", [retry_after()]);
    let once = settings(server.url("/api").as_str(), ProviderKind::Newznab);
    let err = indexer(once)
        .search(
            &SearchRequest {
                query: Query::Text("dune".to_owned()),
                ..book_request()
            },
            &CancellationToken::new(),
        )
        .await
        .expect_err("no retry allowed");
    assert!(err.is_rate_limit(), "{err:?}");
    assert!(matches!(
        err,
        IndexerError::Http(HttpError::RateLimited { retry_after: Some(d), .. }) if d == Duration::from_secs(1)
    ));
    assert_no_key("429", &err.to_string(), &format!("{err:?}"));
}
