//! MyAnonamouse against a fake site that answers like MAM from its documented structure: the
//! session cookie decides between results and a rejection, as on the real site.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use aural_core::provider::{MamSearchType, Severity};
use aural_core::{ProviderKind, Sensitive};
use aural_http::{ClientSettings, build_client};
use aural_indexers::{Indexer, IndexerError, MamConfig, MamIndexer, Query, SearchRequest};
use aural_testkit::{FakeServer, Fault};
use axum::Router;
use axum::extract::Query as Params;
use axum::http::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_util::sync::CancellationToken;

use crate::quick_policy;

/// Obviously fake, and distinctive enough that finding it in any text is a leak.
const SESSION: &str = "test-mam-session-5b1e";
const SEARCH: &str = "/tor/js/loadSearchJSONbasic.php";
const DOWNLOAD: &str = "/tor/download.php";
/// The start of a bencoded torrent, all a grab needs to see.
const TORRENT: &[u8] = b"d8:announce30:http://tracker.invalid/announce4:infod4:name4:testee";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(aural_testkit::fixture(&format!("mam/{name}"))).expect("the fixture is readable")
}

/// What the fake answers to a search with the right cookie, by `tor[text]`; other texts get
/// MAM's "nothing returned". A wrong or missing cookie gets `rejection`.
struct Site {
    answers: HashMap<&'static str, (&'static str, Vec<u8>)>,
    rejection: Rejection,
}

#[derive(Clone, Copy)]
enum Rejection {
    Forbidden,
    ErrorJson,
    LoginPage,
}

async fn fake_mam(site: Site) -> FakeServer {
    let site = Arc::new(site);
    let search_site = site.clone();
    let search = move |headers: HeaderMap, Params(q): Params<HashMap<String, String>>| {
        let site = search_site.clone();
        async move {
            if !signed_in(&headers) {
                return rejected(site.rejection);
            }
            let text = q.get("tor[text]").map(String::as_str).unwrap_or("");
            match site.answers.get(text) {
                Some((kind, body)) => answer(kind, body.clone()),
                None => answer("application/json", fixture("search_nothing.json")),
            }
        }
    };
    let download = move |headers: HeaderMap| {
        let site = site.clone();
        async move {
            if !signed_in(&headers) {
                return rejected(site.rejection);
            }
            answer("application/x-bittorrent", TORRENT.to_vec())
        }
    };
    FakeServer::start(
        Router::new()
            .route(SEARCH, get(search))
            .route(DOWNLOAD, get(download)),
    )
    .await
}

fn signed_in(headers: &HeaderMap) -> bool {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim() == format!("mam_id={SESSION}"))
}

fn rejected(rejection: Rejection) -> Response {
    match rejection {
        Rejection::Forbidden => StatusCode::FORBIDDEN.into_response(),
        Rejection::ErrorJson => answer("application/json", fixture("search_not_signed_in.json")),
        Rejection::LoginPage => answer("text/html; charset=utf-8", fixture("login_page.html")),
    }
}

fn answer(kind: &'static str, body: Vec<u8>) -> Response {
    ([(CONTENT_TYPE, kind)], body).into_response()
}

fn site(answers: &[(&'static str, &'static str, Vec<u8>)]) -> Site {
    Site {
        answers: answers
            .iter()
            .map(|(text, kind, body)| (*text, (*kind, body.clone())))
            .collect(),
        rejection: Rejection::Forbidden,
    }
}

fn config(server: &FakeServer, session: Option<&str>) -> MamConfig {
    MamConfig {
        base: aural_indexers::mam::request::base(server.url("/").as_str()).expect("valid"),
        session: session.map(|s| Sensitive::new(s.to_owned())),
        search_type: MamSearchType::All,
        timeout: Duration::from_secs(5),
        retry: quick_policy(1),
    }
}

fn mam(config: MamConfig) -> MamIndexer {
    let client = build_client(&ClientSettings::for_version("test")).expect("the client builds");
    MamIndexer::new(client, config)
}

fn book(title: &str, author: Option<&str>) -> SearchRequest {
    SearchRequest {
        query: Query::Book {
            title: title.to_owned(),
            author: author.map(str::to_owned),
        },
        categories: vec![],
        limit: None,
        offset: None,
    }
}

fn assert_no_session(what: &str, text: &str) {
    assert!(
        !text.contains(SESSION),
        "{what} shows the session cookie: {text}"
    );
}

#[tokio::test]
async fn a_search_reads_every_documented_field() {
    let server = fake_mam(site(&[(
        "The Way of Kings Brandon Sanderson",
        "application/json",
        fixture("search_audiobooks.json"),
    )]))
    .await;
    let indexer = mam(config(&server, Some(SESSION)));
    assert_eq!(indexer.kind(), ProviderKind::MyAnonamouse);
    let outcome = indexer
        .search(
            &book("The Way of Kings", Some("Brandon Sanderson")),
            &CancellationToken::new(),
        )
        .await
        .expect("the search succeeds");
    let titles: Vec<&str> = outcome.releases.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "The Way of Kings",
            "Words of Radiance",
            "Der Weg der Könige"
        ],
        "the e-book, the blank title and the row without id are dropped"
    );
    assert!(outcome.truncated, "214 found, 6 returned: more pages exist");

    let first = &outcome.releases[0];
    let base = server.url("/");
    assert_eq!(first.author.as_deref(), Some("Brandon Sanderson"));
    assert_eq!(
        first.narrator.as_deref(),
        Some("Michael Kramer, Kate Reading")
    );
    assert_eq!(first.series.as_deref(), Some("The Stormlight Archive"));
    assert_eq!(first.series_position.as_deref(), Some("1"));
    assert_eq!(first.language.as_deref(), Some("ENG"));
    assert_eq!(first.file_types, ["m4b"]);
    assert_eq!(first.size, Some(1_181_116_006), "1.1 GiB");
    assert_eq!(
        (first.seeders, first.leechers, first.peers),
        (Some(74), Some(2), Some(76))
    );
    assert_eq!((first.grabs, first.files), (Some(1503), Some(1)));
    assert_eq!(first.categories, [3030]);
    assert_eq!(first.category_names, ["Audiobooks - Fantasy"]);
    assert!(!first.is_freeleech() && !first.vip);
    assert_eq!(
        first.published.map(|t| t.unix_timestamp()),
        Some(1_615_572_245),
        "2021-03-12 18:04:05 UTC"
    );
    assert_eq!(
        first.download_url.as_ref().map(|u| u.expose().as_str()),
        Some(format!("{base}tor/download.php?tid=1018934").as_str())
    );
    assert_eq!(
        first.info_url.as_deref(),
        Some(format!("{base}t/1018934").as_str())
    );
    assert_eq!(
        first.guid, first.info_url,
        "the page is the release's identity"
    );

    let second = &outcome.releases[1];
    assert!(second.is_freeleech() && second.vip, "\"1\" and 1 are true");
    assert_eq!(
        second.narrator, None,
        "an empty narrator_info is no narrator"
    );
    assert_eq!(second.size, Some(915_931_136), "873.5 MiB");
    assert_eq!(
        second.other_attrs.get("fl_vip").map(String::as_str),
        Some("1")
    );

    let odd = &outcome.releases[2];
    assert_eq!(
        odd.author, None,
        "unreadable author_info leaves the author unknown"
    );
    assert_eq!(odd.narrator.as_deref(), Some("Detlef Bierstedt"));
    assert_eq!(odd.series.as_deref(), Some("not a list"));
    assert_eq!(
        (odd.size, odd.seeders, odd.files, odd.published),
        (None, None, None, None)
    );
    assert!(!odd.vip, "\"maybe\" is not true");
    assert_eq!(
        odd.file_types,
        ["m4a", "mp3"],
        "m4a and mp3 are audio, not an e-book"
    );

    let sent = server.requests_to(SEARCH);
    assert_eq!(sent.len(), 1, "results on the first try need no retry");
    let query = sent[0].query.clone().unwrap_or_default();
    for part in [
        "tor%5Btext%5D=The+Way+of+Kings+Brandon+Sanderson",
        "tor%5BsrchIn%5D%5Bnarrator%5D=true",
        "tor%5Bcat%5D%5B%5D=0",
        "tor%5BsearchType%5D=all",
    ] {
        assert!(query.contains(part), "{part} in {query}");
    }
    assert_no_session("the query", &query);
    let headers = &sent[0].headers;
    assert_eq!(
        headers.get("accept").and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    assert!(
        headers.get("authorization").is_none(),
        "the cookie is the only credential"
    );
    let copies = headers
        .iter()
        .filter(|(_, v)| v.to_str().is_ok_and(|v| v.contains(SESSION)))
        .count();
    assert_eq!(copies, 1, "the session is sent once, as the mam_id cookie");
}

#[tokio::test]
async fn nothing_returned_is_zero_results_and_retries_the_title_alone() {
    let server = fake_mam(site(&[(
        "The Way of Kings",
        "application/json",
        fixture("search_audiobooks.json"),
    )]))
    .await;
    let indexer = mam(config(&server, Some(SESSION)));
    let cancel = CancellationToken::new();
    let outcome = indexer
        .search(
            &book("The Way of Kings", Some("Brandon Sandersen")),
            &cancel,
        )
        .await
        .expect("the search succeeds");
    assert_eq!(
        server.requests_to(SEARCH).len(),
        2,
        "the title alone was tried"
    );
    assert_eq!(outcome.releases.len(), 3, "found by the title alone");
    let nothing = indexer
        .search(&book("No Such Book", None), &cancel)
        .await
        .expect("nothing returned is not a failure");
    assert!(nothing.releases.is_empty() && !nothing.truncated);
}

#[tokio::test]
async fn a_rejected_cookie_is_an_auth_error_in_every_form_mam_uses() {
    for (rejection, want) in [
        (Rejection::Forbidden, "HTTP 403"),
        (Rejection::ErrorJson, "not signed in"),
        (Rejection::LoginPage, "login page"),
    ] {
        let server = fake_mam(Site {
            rejection,
            ..site(&[])
        })
        .await;
        let indexer = mam(config(&server, Some("expired-session")));
        let error = indexer
            .search(&book("Dune", None), &CancellationToken::new())
            .await
            .expect_err("a wrong cookie fails");
        assert!(error.is_auth(), "{want}: {error:?}");
        assert!(
            matches!(error, IndexerError::SessionRejected { .. }),
            "{want}: {error:?}"
        );
        assert!(error.to_string().contains(want), "{want}: {error}");

        let report = indexer.test(&CancellationToken::new()).await;
        assert!(!report.passed(), "{want}: {report:?}");
        let issue = &report.issues[0];
        assert_eq!(
            issue.field.as_deref(),
            Some("sessionCookie"),
            "{want}: {issue:?}"
        );
        assert!(
            issue.message.starts_with("Session cookie rejected"),
            "{issue:?}"
        );
        assert!(
            issue.hint.as_deref().is_some_and(|h| h.contains("mam_id")),
            "the hint says where the cookie comes from: {issue:?}"
        );
    }
}

#[tokio::test]
async fn the_test_passes_with_a_good_cookie_and_never_shows_it() {
    let server = fake_mam(site(&[(
        "test",
        "application/json",
        fixture("search_audiobooks.json"),
    )]))
    .await;
    let config = config(&server, Some(&format!("mam_id={SESSION}")));
    assert_no_session("the config's debug form", &format!("{config:?}"));
    let report = mam(config).test(&CancellationToken::new()).await;
    assert!(report.passed(), "{report:?}");
    assert!(
        report.issues[0].message.contains("found 214 results"),
        "{report:?}"
    );
    let probe = server.requests_to(SEARCH)[0]
        .query
        .clone()
        .unwrap_or_default();
    assert!(
        probe.contains("tor%5Bperpage%5D=1"),
        "a small probe: {probe}"
    );
    assert_no_session("the report", &format!("{report:?}"));
}

#[tokio::test]
async fn a_missing_or_unusable_cookie_is_reported_without_asking_the_site() {
    let server = fake_mam(site(&[])).await;
    for (session, want) in [
        (None, "No session cookie is set"),
        (Some("  "), "No session cookie is set"),
        (Some("abc; other=1"), "characters a cookie cannot carry"),
    ] {
        let indexer = mam(config(&server, session));
        let report = indexer.test(&CancellationToken::new()).await;
        let issue = &report.issues[0];
        assert_eq!(issue.field.as_deref(), Some("sessionCookie"), "{session:?}");
        assert!(issue.message.contains(want), "{session:?}: {issue:?}");
        assert_eq!(issue.severity, Severity::Error);
        let error = indexer
            .search(&book("Dune", None), &CancellationToken::new())
            .await
            .expect_err("no cookie, no search");
        assert!(error.is_auth(), "{error:?}");
    }
    assert!(
        server.requests().is_empty(),
        "nothing was sent without a cookie"
    );
}

#[tokio::test]
async fn other_answers_point_at_the_url_or_say_what_mam_said() {
    let server = fake_mam(site(&[
        (
            "test",
            "text/html",
            b"<html><body>Welcome to my blog</body></html>".to_vec(),
        ),
        ("dune", "application/json", br#"{"data": "#.to_vec()),
        (
            "quota",
            "application/json",
            br#"{"error": "Too many searches, slow down"}"#.to_vec(),
        ),
    ]))
    .await;
    let indexer = mam(config(&server, Some(SESSION)));
    let report = indexer.test(&CancellationToken::new()).await;
    assert_eq!(report.issues[0].field.as_deref(), Some("url"), "{report:?}");
    assert!(
        report.issues[0].message.contains("not MyAnonamouse"),
        "{report:?}"
    );
    let cancel = CancellationToken::new();
    let text = |t: &str| SearchRequest {
        query: Query::Text(t.to_owned()),
        categories: vec![],
        limit: None,
        offset: None,
    };
    let malformed = indexer
        .search(&text("dune"), &cancel)
        .await
        .expect_err("cut off");
    assert!(
        matches!(malformed, IndexerError::Parse { .. }),
        "{malformed:?}"
    );
    let refused = indexer
        .search(&text("quota"), &cancel)
        .await
        .expect_err("refused");
    assert!(
        matches!(&refused, IndexerError::Refused { message } if message.contains("slow down")),
        "{refused:?}"
    );
    assert!(!refused.is_auth());
    server.inject(SEARCH, [Fault::Hang]);
    let mut slow = config(&server, Some(SESSION));
    slow.timeout = Duration::from_millis(300);
    let report = mam(slow).test(&cancel).await;
    assert!(
        report.issues[0].message.contains("did not answer"),
        "{report:?}"
    );
    assert_no_session("the report", &format!("{report:?}"));
}

#[tokio::test]
async fn a_grab_fetches_the_torrent_with_the_cookie_only_from_the_site() {
    let server = fake_mam(site(&[(
        "dune",
        "application/json",
        fixture("search_audiobooks.json"),
    )]))
    .await;
    let indexer = mam(config(&server, Some(SESSION)));
    let cancel = CancellationToken::new();
    let releases = indexer
        .search(&book("dune", None), &cancel)
        .await
        .expect("found")
        .releases;
    let url = releases[0].download_url.clone().expect("a download link");
    let torrent = indexer.fetch_torrent(&url, &cancel).await.expect("fetched");
    assert_eq!(&torrent[..], TORRENT);
    let sent = server.requests_to(DOWNLOAD);
    assert_eq!(sent[0].query.as_deref(), Some("tid=1018934"));
    assert!(
        signed_in(&sent[0].headers),
        "the download carries the cookie"
    );

    let elsewhere = Sensitive::new("http://127.0.0.2:9/tor/download.php?tid=1".to_owned());
    let error = indexer
        .fetch_torrent(&elsewhere, &cancel)
        .await
        .expect_err("the cookie never goes to another host");
    assert!(matches!(error, IndexerError::InvalidUrl(_)), "{error:?}");

    let expired = mam(config(&server, Some("expired-session")));
    let error = expired
        .fetch_torrent(&url, &cancel)
        .await
        .expect_err("rejected");
    assert!(error.is_auth(), "{error:?}");
}

/// A site that renews the session once: an answer to the configured cookie carries a new
/// `mam_id`, which is what it expects from then on. Records the cookie of every request.
async fn renewing_mam(
    renewed: &'static str,
    seen: Arc<std::sync::Mutex<Vec<String>>>,
) -> FakeServer {
    let search = move |headers: HeaderMap| {
        let seen = seen.clone();
        async move {
            let cookie = headers
                .get(COOKIE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            seen.lock().expect("seen").push(cookie.clone());
            let body = fixture("search_nothing.json");
            if cookie == format!("mam_id={SESSION}") {
                let set = format!(
                    "mam_id={renewed}; expires=Tue, 06 Dec 2027 10:00:00 GMT; path=/; domain=.myanonamouse.net; secure; HttpOnly"
                );
                return (
                    [
                        (CONTENT_TYPE, "application/json".to_owned()),
                        (SET_COOKIE, set),
                    ],
                    body,
                )
                    .into_response();
            }
            answer("application/json", body)
        }
    };
    FakeServer::start(Router::new().route(SEARCH, get(search))).await
}

#[tokio::test]
async fn a_session_the_site_renews_is_used_from_then_on_and_handed_back() {
    const RENEWED: &str = "renewed-mam-session-77c2";
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let server = renewing_mam(RENEWED, seen.clone()).await;
    let indexer = mam(config(&server, Some(SESSION)));

    // Nothing found for title and author, so the title alone is asked next: two requests.
    let outcome = indexer
        .search(
            &book("A Book Nobody Has", Some("Someone")),
            &CancellationToken::new(),
        )
        .await
        .expect("the search answers");
    assert_eq!(
        *seen.lock().expect("seen"),
        [format!("mam_id={SESSION}"), format!("mam_id={RENEWED}")],
        "the second request sends the session the first answer renewed"
    );
    assert_eq!(
        outcome
            .renewed_session
            .as_ref()
            .map(|s| s.expose().as_str()),
        Some(RENEWED),
        "the caller gets the new session to store"
    );
    assert!(
        !format!("{outcome:?}").contains(RENEWED),
        "the renewed session stays out of Debug output"
    );
}

#[tokio::test]
async fn an_answer_that_repeats_the_session_renews_nothing() {
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let server = renewing_mam(SESSION, seen.clone()).await;
    let outcome = mam(config(&server, Some(SESSION)))
        .search(&book("A Book Nobody Has", None), &CancellationToken::new())
        .await
        .expect("the search answers");
    assert!(outcome.renewed_session.is_none());
}
