//! [`MamIndexer`]: MyAnonamouse as the search engine uses it, behind the same [`Indexer`]
//! interface as Torznab.

use std::time::Duration;

use aural_core::provider::{MamSearchType, ProviderSettings};
use aural_core::{ProviderKind, Sensitive, TestReport};
use aural_http::{Client, RedactedUrl, RetryPolicy};
use bytes::Bytes;
use futures::future::BoxFuture;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::IndexerError;
use crate::indexer::{Indexer, SearchOutcome};
use crate::mam::check;
use crate::mam::request::{self, MAX_PER_PAGE};
use crate::mam::response::{self, AnswerError, Page};
use crate::mam::transport::{CookieProblem, Transport};
use crate::torznab::caps::{AUDIOBOOK, Caps, Category, SearchMode, SearchModeKind};
use crate::torznab::request::{Query, QueryMode, SearchRequest};

/// Everything needed to reach MyAnonamouse.
#[derive(Debug, Clone)]
pub struct MamConfig {
    /// The site root (see [`request::base`]).
    pub base: Url,
    /// The `mam_id` cookie's value.
    pub session: Option<Sensitive<String>>,
    pub search_type: MamSearchType,
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

impl MamConfig {
    /// From a provider's stored settings and its secret; `None` for other kinds.
    pub fn from_provider(
        settings: &ProviderSettings,
        session: Option<Sensitive<String>>,
    ) -> Option<Result<MamConfig, IndexerError>> {
        let ProviderSettings::MyAnonamouse(s) = settings else {
            return None;
        };
        Some(request::base(&s.url).map(|base| MamConfig {
            base,
            session,
            search_type: s.search_type,
            timeout: Duration::from_secs(u64::from(s.timeout_secs)),
            retry: RetryPolicy::default(),
        }))
    }
}

pub struct MamIndexer {
    base: Url,
    search_type: MamSearchType,
    transport: Transport,
    /// Set when the cookie cannot be sent; every call then reports it without asking the site.
    cookie_problem: Option<CookieProblem>,
}

impl MamIndexer {
    pub fn new(client: Client, config: MamConfig) -> MamIndexer {
        let (transport, cookie_problem) = match Transport::new(
            client.clone(),
            config.session.as_ref(),
            config.timeout,
            config.retry.clone(),
        ) {
            Ok(t) if t.has_cookie() => (t, None),
            Ok(t) => (t, Some(CookieProblem::Missing)),
            Err(problem) => (
                Transport::new(client, None, config.timeout, config.retry)
                    .expect("a transport without a cookie always builds"),
                Some(problem),
            ),
        };
        MamIndexer {
            base: config.base,
            search_type: config.search_type,
            transport,
            cookie_problem,
        }
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.transport
    }

    pub(crate) fn cookie_problem(&self) -> Option<CookieProblem> {
        self.cookie_problem
    }

    /// What MAM offers, stated rather than fetched: it has no caps document.
    pub fn caps() -> Caps {
        Caps {
            server_title: Some("MyAnonamouse".to_owned()),
            limit_max: Some(MAX_PER_PAGE),
            limit_default: Some(MAX_PER_PAGE),
            retention_days: None,
            modes: vec![
                SearchMode {
                    kind: SearchModeKind::Search,
                    available: true,
                    params: vec!["q".to_owned()],
                },
                SearchMode {
                    kind: SearchModeKind::Book,
                    available: true,
                    params: vec!["q".to_owned()],
                },
            ],
            categories: vec![Category {
                id: AUDIOBOOK,
                name: "Audio/Audiobook".to_owned(),
                subcats: Vec::new(),
            }],
        }
    }

    /// One page, exactly as asked.
    pub async fn fetch_page(
        &self,
        request: &SearchRequest,
        cancel: &CancellationToken,
    ) -> Result<Page, IndexerError> {
        if let Some(problem) = self.cookie_problem {
            return Err(IndexerError::SessionRejected {
                detail: Some(problem.message().to_owned()),
            });
        }
        let url = request::search_url(&self.base, self.search_type, request);
        let body = self.transport.get(&url, "application/json", cancel).await?;
        response::parse(&body, &self.base).map_err(|e| answer_error(e, &url))
    }

    /// A book search; when title and author together find nothing, the title alone is tried
    /// once more, as for Torznab.
    pub async fn run_search(
        &self,
        request: &SearchRequest,
        cancel: &CancellationToken,
    ) -> Result<SearchOutcome, IndexerError> {
        let page = self.fetch_page(request, cancel).await?;
        let mut outcome = outcome_of(page, request);
        if let Query::Book {
            title,
            author: Some(_),
        } = &request.query
            && outcome.releases.is_empty()
        {
            let title_only = SearchRequest {
                query: Query::Book {
                    title: title.clone(),
                    author: None,
                },
                ..request.clone()
            };
            let page = self.fetch_page(&title_only, cancel).await?;
            let retry = outcome_of(page, &title_only);
            outcome.releases = retry.releases;
            outcome.truncated |= retry.truncated;
            outcome.queries.extend(retry.queries);
        }
        outcome.renewed_session = self.transport.renewed_session();
        Ok(outcome)
    }

    /// The `.torrent` of a release: MAM serves it only with the session cookie, so the app
    /// fetches it and hands the bytes to the download client. The cookie is sent only to URLs
    /// on the configured site.
    pub async fn fetch_torrent(
        &self,
        download_url: &Sensitive<String>,
        cancel: &CancellationToken,
    ) -> Result<Bytes, IndexerError> {
        let url = Url::parse(download_url.expose()).map_err(|_| {
            IndexerError::InvalidUrl(aural_http::redact::text(download_url.expose()))
        })?;
        if url.origin() != self.base.origin() {
            return Err(IndexerError::InvalidUrl(
                RedactedUrl::new(&url).as_str().to_owned(),
            ));
        }
        if let Some(problem) = self.cookie_problem {
            return Err(IndexerError::SessionRejected {
                detail: Some(problem.message().to_owned()),
            });
        }
        let body = self
            .transport
            .get(&url, "application/x-bittorrent", cancel)
            .await?;
        // A bencoded torrent is a dictionary; MAM answers an expired session with its login page.
        if body.first() == Some(&b'd') {
            return Ok(body);
        }
        let text = String::from_utf8_lossy(&body[..body.len().min(4096)]).into_owned();
        match response::parse(text.as_bytes(), &self.base) {
            Err(e) => Err(answer_error(e, &url)),
            Ok(_) => Err(IndexerError::Parse {
                url: RedactedUrl::new(&url),
                what: "torrent file",
                message: "the answer is not a .torrent file".to_owned(),
            }),
        }
    }
}

fn outcome_of(page: Page, request: &SearchRequest) -> SearchOutcome {
    let offset = u64::from(request.offset.unwrap_or(0));
    let more = page.found.is_some_and(|found| {
        found > offset + (page.releases.len() + page.ebooks + page.skipped) as u64
    });
    SearchOutcome {
        truncated: page.truncated || more,
        releases: page.releases,
        queries: vec![QueryMode::Search],
        renewed_session: None,
    }
}

fn answer_error(error: AnswerError, url: &Url) -> IndexerError {
    let url = RedactedUrl::new(url);
    match error {
        AnswerError::SessionRejected(detail) => IndexerError::SessionRejected { detail },
        AnswerError::Refused(message) => IndexerError::Refused { message },
        AnswerError::NotJson(found) => IndexerError::Unexpected {
            url,
            expected: "MyAnonamouse's search JSON",
            found,
        },
        AnswerError::Malformed(message) => IndexerError::Parse {
            url,
            what: "MyAnonamouse search JSON",
            message,
        },
    }
}

impl Indexer for MamIndexer {
    fn kind(&self) -> ProviderKind {
        ProviderKind::MyAnonamouse
    }

    fn caps<'a>(
        &'a self,
        _cancel: &'a CancellationToken,
    ) -> BoxFuture<'a, Result<Caps, IndexerError>> {
        Box::pin(async { Ok(MamIndexer::caps()) })
    }

    fn search<'a>(
        &'a self,
        request: &'a SearchRequest,
        cancel: &'a CancellationToken,
    ) -> BoxFuture<'a, Result<SearchOutcome, IndexerError>> {
        Box::pin(self.run_search(request, cancel))
    }

    fn test<'a>(&'a self, cancel: &'a CancellationToken) -> BoxFuture<'a, TestReport> {
        Box::pin(check::run(self, cancel))
    }
}
