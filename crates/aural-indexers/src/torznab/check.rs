//! The user's Test of a Torznab/Newznab indexer (SPEC §5.2): fetch caps, list the search modes
//! and audiobook categories, make one small search, and tie every failure to the settings field
//! that fixes it, with a hint.

use aural_core::provider::{Severity, TestIssue};
use aural_core::{ProviderKind, TestReport};
use aural_http::HttpError;
use tokio_util::sync::CancellationToken;

use crate::error::IndexerError;
use crate::indexer::Indexer;
use crate::torznab::caps::{Caps, SearchModeKind};
use crate::torznab::indexer::ZnabIndexer;
use crate::torznab::request::{Query, SearchRequest};

/// The report and, when they could be read, the caps (for the caller to cache).
#[derive(Debug, Clone)]
pub struct Checked {
    pub report: TestReport,
    pub caps: Option<Caps>,
}

pub(crate) async fn run(indexer: &ZnabIndexer, cancel: &CancellationToken) -> TestReport {
    check(indexer, cancel).await.report
}

pub async fn check(indexer: &ZnabIndexer, cancel: &CancellationToken) -> Checked {
    let mut issues = Vec::new();
    if indexer.endpoint().path().contains("/indexers/all/") {
        issues.push(issue(
            Some("url"),
            Severity::Warning,
            "This is Jackett's aggregate of all indexers: one slow indexer delays every search",
            Some("Add each Jackett indexer with its own Torznab feed URL instead"),
        ));
    }
    let caps = match indexer.fetch_caps(cancel).await {
        Ok(caps) => caps,
        Err(e) => {
            issues.push(issue_for(&e, indexer));
            return Checked {
                report: TestReport { issues },
                caps: None,
            };
        }
    };
    describe_caps(&caps, indexer, &mut issues);
    let probe = SearchRequest {
        query: Query::Text("test".to_owned()),
        categories: vec![],
        limit: Some(1),
        offset: None,
    };
    match indexer.fetch_feed(&probe, cancel).await {
        Ok((feed, _)) => issues.push(issue(
            None,
            Severity::Info,
            &format!(
                "A test search answered with {} result{}",
                feed.releases.len(),
                if feed.releases.len() == 1 { "" } else { "s" }
            ),
            None,
        )),
        Err(e) => issues.push(issue_for(&e, indexer)),
    }
    Checked {
        report: TestReport { issues },
        caps: Some(caps),
    }
}

fn describe_caps(caps: &Caps, indexer: &ZnabIndexer, issues: &mut Vec<TestIssue>) {
    let modes: Vec<String> = caps
        .modes
        .iter()
        .filter(|m| m.available)
        .map(|m| format!("{} ({})", m.kind.element(), m.params.join(", ")))
        .collect();
    let name = caps
        .server_title
        .as_deref()
        .unwrap_or(indexer.kind().label());
    issues.push(issue(
        None,
        Severity::Info,
        &format!("{name} answers; search modes: {}", modes.join("; ")),
        None,
    ));
    if !(caps.supports(SearchModeKind::Book, "title")
        && caps.supports(SearchModeKind::Book, "author"))
    {
        issues.push(issue(
            None,
            Severity::Info,
            "No book search by author and title: searches send title and author as one text",
            None,
        ));
    }
    let audio = caps.audiobook_categories();
    if audio.is_empty() {
        issues.push(issue(
            Some("categories"),
            Severity::Warning,
            "The indexer lists no audiobook category (3030, or any under 3000 Audio or 7000 Books)",
            Some("Choose the category this indexer files audiobooks under"),
        ));
    } else {
        let names: Vec<String> = audio
            .iter()
            .map(|c| format!("{} {}", c.id, c.name))
            .collect();
        issues.push(issue(
            None,
            Severity::Info,
            &format!("Audiobook categories: {}", names.join(", ")),
            None,
        ));
    }
    if !caps.categories.is_empty() {
        let missing: Vec<String> = indexer
            .configured_categories()
            .iter()
            .filter(|id| !caps.has_category(**id))
            .map(u32::to_string)
            .collect();
        if !missing.is_empty() {
            issues.push(issue(
                Some("categories"),
                Severity::Warning,
                &format!("Not offered by this indexer: {}", missing.join(", ")),
                Some("Choose categories from those the indexer lists"),
            ));
        }
    }
}

/// The finding for a failure, on the field the user must change.
fn issue_for(error: &IndexerError, indexer: &ZnabIndexer) -> TestIssue {
    let protocol = if indexer.kind() == ProviderKind::Newznab {
        "Newznab"
    } else {
        "Torznab"
    };
    if error.is_auth() {
        let detail = match error {
            IndexerError::Api { description, .. } if !description.is_empty() => {
                format!(": {description}")
            }
            _ => String::new(),
        };
        return issue(
            Some("apiKey"),
            Severity::Error,
            &format!("API key rejected{detail}"),
            Some(
                "Copy the API key again: Jackett shows it at the top of its dashboard, Prowlarr \
                 under Settings › General, a Newznab site on your profile page",
            ),
        );
    }
    let endpoint_hint = "Paste the indexer's feed URL: Jackett's \"Copy Torznab Feed\" \
                         (…/api/v2.0/indexers/<id>/results/torznab/) or Prowlarr's …/<id>/api";
    match error {
        IndexerError::NotAnEndpoint { found, .. } => issue(
            Some("url"),
            Severity::Error,
            &format!("URL is not a {protocol} endpoint: it answered with {found}"),
            Some(endpoint_hint),
        ),
        IndexerError::Parse { .. } => issue(
            Some("url"),
            Severity::Error,
            &format!("URL is not a {protocol} endpoint: {error}"),
            Some(endpoint_hint),
        ),
        IndexerError::InvalidUrl(_) => issue(
            Some("url"),
            Severity::Error,
            &error.to_string(),
            Some("Enter a URL such as http://127.0.0.1:9696/1/api"),
        ),
        IndexerError::Http(HttpError::Unreachable { url, source }) if is_tls(source) => issue(
            Some("url"),
            Severity::Error,
            &format!("TLS error talking to {url}"),
            Some("Check http:// versus https:// and that the server's certificate is valid"),
        ),
        IndexerError::Http(HttpError::Unreachable { url, .. }) => issue(
            Some("url"),
            Severity::Error,
            &format!("Cannot connect to {url}"),
            Some("Check the host name and port, and that the indexer or its proxy is running"),
        ),
        IndexerError::Http(HttpError::Timeout { url }) => issue(
            Some("url"),
            Severity::Error,
            &format!(
                "{url} did not answer within {} s",
                indexer.transport().timeout().as_secs()
            ),
            Some("Check the URL, or raise the timeout if the indexer is slow"),
        ),
        IndexerError::Http(HttpError::Status { status: 404, .. }) => issue(
            Some("url"),
            Severity::Error,
            &format!("Nothing at this URL: {error}"),
            Some(endpoint_hint),
        ),
        _ if error.is_rate_limit() => issue(
            None,
            Severity::Warning,
            &error.to_string(),
            Some("The indexer limits requests; try again later"),
        ),
        _ => issue(
            None,
            Severity::Error,
            &error.to_string(),
            Some("Try again later; if it persists, check the indexer's own status page"),
        ),
    }
}

/// Whether a connection failed in the TLS handshake (rustls reports certificate problems and
/// plain-HTTP answers to a TLS client this way) rather than at the TCP level.
pub(crate) fn is_tls(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        let text = e.to_string().to_ascii_lowercase();
        if [
            "certificate",
            "tls",
            "handshake",
            "invalidcontenttype",
            "corrupt message",
        ]
        .iter()
        .any(|w| text.contains(w))
        {
            return true;
        }
        next = e.source();
    }
    false
}

pub(crate) fn issue(
    field: Option<&str>,
    severity: Severity,
    message: &str,
    hint: Option<&str>,
) -> TestIssue {
    TestIssue {
        field: field.map(str::to_owned),
        severity,
        message: message.to_owned(),
        hint: hint.map(str::to_owned),
    }
}
