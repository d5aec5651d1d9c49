//! The user's Test of MyAnonamouse: one small search with the session cookie, and every failure
//! tied to the settings field that fixes it, with a hint. A rejected cookie points at the
//! session cookie field, since MAM sessions end or get bound to another IP address.

use aural_core::TestReport;
use aural_core::provider::{SecretField, Severity, TestIssue};
use aural_http::HttpError;
use tokio_util::sync::CancellationToken;

use crate::error::IndexerError;
use crate::mam::indexer::MamIndexer;
use crate::torznab::check::{is_tls, issue};
use crate::torznab::request::{Query, SearchRequest};

const COOKIE_HINT: &str = "On MyAnonamouse open Preferences › Security, create a session for the \
                           IP address this app connects from, and paste its mam_id value here";

pub(crate) async fn run(indexer: &MamIndexer, cancel: &CancellationToken) -> TestReport {
    let cookie_field = SecretField::SessionCookie.field();
    if let Some(problem) = indexer.cookie_problem() {
        let mut message = problem.message().to_owned();
        message[..1].make_ascii_uppercase();
        return TestReport {
            issues: vec![issue(
                Some(cookie_field),
                Severity::Error,
                &message,
                Some(COOKIE_HINT),
            )],
        };
    }
    let probe = SearchRequest {
        query: Query::Text("test".to_owned()),
        categories: vec![],
        limit: Some(1),
        offset: None,
    };
    let found = match indexer.fetch_page(&probe, cancel).await {
        Ok(page) => page.found.unwrap_or(page.releases.len() as u64),
        Err(e) => {
            return TestReport {
                issues: vec![issue_for(&e, indexer)],
            };
        }
    };
    TestReport {
        issues: vec![issue(
            None,
            Severity::Info,
            &format!(
                "MyAnonamouse accepted the session cookie; a test search found {found} result{}",
                if found == 1 { "" } else { "s" }
            ),
            None,
        )],
    }
}

fn issue_for(error: &IndexerError, indexer: &MamIndexer) -> TestIssue {
    if let IndexerError::SessionRejected { detail } = error {
        let detail = detail
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        return issue(
            Some(SecretField::SessionCookie.field()),
            Severity::Error,
            &format!("Session cookie rejected{detail}"),
            Some(COOKIE_HINT),
        );
    }
    let url_hint = "Enter the site's address, https://www.myanonamouse.net";
    match error {
        IndexerError::Unexpected { .. } | IndexerError::Parse { .. } => issue(
            Some("url"),
            Severity::Error,
            &format!("URL is not MyAnonamouse: {error}"),
            Some(url_hint),
        ),
        IndexerError::InvalidUrl(_) => issue(
            Some("url"),
            Severity::Error,
            &error.to_string(),
            Some(url_hint),
        ),
        IndexerError::Http(HttpError::Unreachable { url, source }) if is_tls(source) => issue(
            Some("url"),
            Severity::Error,
            &format!("TLS error talking to {url}"),
            Some("Check http:// versus https:// in the address"),
        ),
        IndexerError::Http(HttpError::Unreachable { url, .. }) => issue(
            Some("url"),
            Severity::Error,
            &format!("Cannot connect to {url}"),
            Some("Check the address and this machine's internet connection"),
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
            Some(url_hint),
        ),
        _ if error.is_rate_limit() => issue(
            None,
            Severity::Warning,
            &error.to_string(),
            Some("MyAnonamouse limits requests; try again later"),
        ),
        _ => issue(
            None,
            Severity::Error,
            &error.to_string(),
            Some("Try again later; if it persists, check MyAnonamouse's site status"),
        ),
    }
}
