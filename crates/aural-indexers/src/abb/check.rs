//! The user's Test of AudiobookBay: one search page, read with the same rules as a search, so a
//! moved domain or a changed layout shows on the URL field before a search silently finds
//! nothing.

use aural_core::TestReport;
use aural_core::provider::{Severity, TestIssue};
use aural_http::HttpError;
use tokio_util::sync::CancellationToken;

use crate::abb::indexer::AbbIndexer;
use crate::error::IndexerError;
use crate::torznab::check::{is_tls, issue};

const URL_HINT: &str = "AudiobookBay changes its domain often: enter the address it can be \
                        reached at now";

pub(crate) async fn run(indexer: &AbbIndexer, cancel: &CancellationToken) -> TestReport {
    let issue = match indexer.fetch_listing("test", 1, cancel).await {
        Ok(listing) => issue(
            None,
            Severity::Info,
            &format!(
                "AudiobookBay answers; a test search listed {} result{} on its first page",
                listing.releases.len(),
                if listing.releases.len() == 1 { "" } else { "s" }
            ),
            None,
        ),
        Err(e) => issue_for(&e, indexer),
    };
    TestReport {
        issues: vec![issue],
    }
}

fn issue_for(error: &IndexerError, indexer: &AbbIndexer) -> TestIssue {
    match error {
        IndexerError::LayoutNotRecognised { .. } => issue(
            Some("url"),
            Severity::Error,
            &format!("Layout changed or wrong domain: {error}"),
            Some(URL_HINT),
        ),
        IndexerError::Http(HttpError::Unreachable { url, source }) if is_tls(source) => issue(
            Some("url"),
            Severity::Error,
            &format!("TLS error talking to {url}"),
            Some("Some AudiobookBay domains answer on plain http:// only"),
        ),
        IndexerError::Http(HttpError::Unreachable { url, .. }) => issue(
            Some("url"),
            Severity::Error,
            &format!("Cannot connect to {url}"),
            Some(URL_HINT),
        ),
        IndexerError::Http(HttpError::Timeout { url }) => issue(
            Some("url"),
            Severity::Error,
            &format!(
                "{url} did not answer within {} s",
                indexer.transport().timeout().as_secs()
            ),
            Some("Try again later, or raise the timeout"),
        ),
        IndexerError::Http(HttpError::Status { status: 404, .. }) => issue(
            Some("url"),
            Severity::Error,
            &format!("Nothing at this URL: {error}"),
            Some(URL_HINT),
        ),
        _ if error.is_rate_limit() => issue(
            None,
            Severity::Warning,
            &error.to_string(),
            Some("AudiobookBay limits requests; try again later"),
        ),
        _ => issue(
            None,
            Severity::Error,
            &error.to_string(),
            Some("Try again later"),
        ),
    }
}
