use std::time::Duration;

use aural_core::ProviderKind;
use aural_core::provider::{Severity, TestIssue};
use aural_indexers::Indexer;
use aural_indexers::torznab::check::check;
use aural_testkit::Fault;
use tokio_util::sync::CancellationToken;

use crate::{API_KEY, fake_indexer, fixture, indexer, settings};

fn on<'a>(issues: &'a [TestIssue], field: &str) -> Vec<&'a TestIssue> {
    issues
        .iter()
        .filter(|i| i.field.as_deref() == Some(field))
        .collect()
}

fn no_key(issues: &[TestIssue]) {
    for i in issues {
        let text = format!("{i:?}");
        assert!(!text.contains(API_KEY), "the report shows the key: {text}");
    }
}

#[tokio::test]
async fn a_working_indexer_lists_its_modes_and_audiobook_categories() {
    let server = fake_indexer(&[
        ("caps", fixture("jackett_torznab_caps_books.xml")),
        ("search", fixture("jackett_torznab_audiobooks.xml")),
    ])
    .await;
    let checked = check(
        &indexer(settings(server.url("/api").as_str(), ProviderKind::Torznab)),
        &CancellationToken::new(),
    )
    .await;
    let report = &checked.report;
    assert!(report.passed(), "{report:?}");
    let text: Vec<&str> = report.issues.iter().map(|i| i.message.as_str()).collect();
    assert!(
        text.iter()
            .any(|m| m.contains("book-search (q, title, author)")),
        "{text:?}"
    );
    assert!(
        text.iter().any(|m| m.contains("3030 Audio/Audiobook")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|m| m.contains("test search answered with 5 results")),
        "{text:?}"
    );
    assert!(checked.caps.is_some(), "caps to cache");
    let probe = server.requests_to("/api")[1]
        .query
        .clone()
        .unwrap_or_default();
    assert!(
        probe.contains("t=search&q=test") && probe.contains("limit=1"),
        "{probe}"
    );
}

#[tokio::test]
async fn a_wrong_key_points_at_the_api_key() {
    let server = fake_indexer(&[("caps", fixture("jackett_torznab_caps_books.xml"))]).await;
    let mut s = settings(server.url("/api").as_str(), ProviderKind::Torznab);
    s.api_key = Some(aural_core::Sensitive::new("wrong".to_owned()));
    let report = indexer(s).test(&CancellationToken::new()).await;
    assert!(!report.passed());
    let key = on(&report.issues, "apiKey");
    assert_eq!(key.len(), 1, "{report:?}");
    assert!(
        key[0].message.starts_with("API key rejected"),
        "{:?}",
        key[0]
    );
    assert!(key[0].hint.is_some());
}

#[tokio::test]
async fn a_page_that_is_not_an_endpoint_points_at_the_url() {
    let server = fake_indexer(&[("caps", fixture("login_page.html"))]).await;
    let report = indexer(settings(server.url("/api").as_str(), ProviderKind::Torznab))
        .test(&CancellationToken::new())
        .await;
    let url = on(&report.issues, "url");
    assert_eq!(url.len(), 1, "{report:?}");
    assert!(
        url[0].message.starts_with("URL is not a Torznab endpoint"),
        "{:?}",
        url[0]
    );
    no_key(&report.issues);
}

#[tokio::test]
async fn connection_tls_and_timeout_failures_point_at_the_url() {
    let server = fake_indexer(&[("caps", fixture("jackett_torznab_caps_books.xml"))]).await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("bound").port()
    };
    let https = format!("https://{}/api", server.addr());
    let refused = format!("http://127.0.0.1:{closed}/api");
    let cancel = CancellationToken::new();
    for (url, want) in [
        (https.as_str(), "TLS error"),
        (refused.as_str(), "Cannot connect"),
    ] {
        let report = indexer(settings(url, ProviderKind::Torznab))
            .test(&cancel)
            .await;
        let issues = on(&report.issues, "url");
        assert_eq!(issues.len(), 1, "{url}: {report:?}");
        assert!(
            issues[0].message.starts_with(want),
            "{url}: {:?}",
            issues[0]
        );
        assert_eq!(issues[0].severity, Severity::Error);
        no_key(&report.issues);
    }
    server.inject("/api", [Fault::Hang]);
    let mut s = settings(server.url("/api").as_str(), ProviderKind::Torznab);
    s.timeout = Duration::from_millis(300);
    let report = indexer(s).test(&cancel).await;
    let issues = on(&report.issues, "url");
    assert!(
        issues
            .first()
            .is_some_and(|i| i.message.contains("did not answer")),
        "{report:?}"
    );
}

#[tokio::test]
async fn caps_without_audiobook_categories_warn_on_the_categories() {
    let server = fake_indexer(&[
        ("caps", fixture("prowlarr_torznab_animetosho_caps.xml")),
        ("search", fixture("prowlarr_torznab_animetosho.xml")),
    ])
    .await;
    let report = indexer(settings(server.url("/api").as_str(), ProviderKind::Torznab))
        .test(&CancellationToken::new())
        .await;
    assert!(report.passed(), "warnings leave it usable: {report:?}");
    let cats = on(&report.issues, "categories");
    assert_eq!(
        cats.len(),
        2,
        "no audiobook category, and 3030 not offered: {report:?}"
    );
    assert!(cats.iter().all(|i| i.severity == Severity::Warning));
    assert!(cats[1].message.contains("3030"));
}
