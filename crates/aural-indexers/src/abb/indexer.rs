//! [`AbbIndexer`]: AudiobookBay as the search engine uses it, behind the same [`Indexer`]
//! interface as Torznab. Seeders are not published, so its releases leave them unknown.

use std::time::Duration;

use aural_core::provider::ProviderSettings;
use aural_core::{ProviderKind, TestReport};
use aural_http::{Client, RedactedUrl, RetryPolicy};
use futures::future::BoxFuture;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::abb::listing::{self, Listing};
use crate::abb::request::{self, MAX_PAGES};
use crate::abb::{check, detail};
use crate::error::IndexerError;
use crate::indexer::{Indexer, SearchOutcome};
use crate::torznab::caps::{AUDIOBOOK, Caps, Category, SearchMode, SearchModeKind};
use crate::torznab::download::DownloadRef;
use crate::torznab::feed::Release;
use crate::torznab::request::{Query, QueryMode, SearchRequest};
use crate::torznab::transport::Transport;

#[derive(Debug, Clone)]
pub struct AbbConfig {
    /// The site root (see [`request::base`]).
    pub base: Url,
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

impl AbbConfig {
    /// From a provider's stored settings; `None` for other kinds.
    pub fn from_provider(settings: &ProviderSettings) -> Option<Result<AbbConfig, IndexerError>> {
        let ProviderSettings::AudiobookBay(s) = settings else {
            return None;
        };
        Some(request::base(&s.url).map(|base| AbbConfig {
            base,
            timeout: Duration::from_secs(u64::from(s.timeout_secs)),
            retry: RetryPolicy::default(),
        }))
    }
}

pub struct AbbIndexer {
    base: Url,
    transport: Transport,
}

impl AbbIndexer {
    pub fn new(client: Client, config: AbbConfig) -> AbbIndexer {
        AbbIndexer {
            base: config.base,
            transport: Transport::new(client, None, config.timeout, config.retry),
        }
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.transport
    }

    /// What ABB offers, stated rather than fetched.
    pub fn caps() -> Caps {
        let q = || vec!["q".to_owned()];
        Caps {
            server_title: Some("AudiobookBay".to_owned()),
            limit_max: None,
            limit_default: None,
            retention_days: None,
            modes: vec![
                SearchMode {
                    kind: SearchModeKind::Search,
                    available: true,
                    params: q(),
                },
                SearchMode {
                    kind: SearchModeKind::Book,
                    available: true,
                    params: q(),
                },
            ],
            categories: vec![Category {
                id: AUDIOBOOK,
                name: "Audio/Audiobook".to_owned(),
                subcats: Vec::new(),
            }],
        }
    }

    /// Page `page` (from 1) of a search for `keywords`.
    pub async fn fetch_listing(
        &self,
        keywords: &str,
        page: u32,
        cancel: &CancellationToken,
    ) -> Result<Listing, IndexerError> {
        let url = request::search_url(&self.base, keywords, page);
        let body = self.transport.get(&url, cancel).await?;
        let html = String::from_utf8_lossy(&body);
        listing::parse(&html, &self.base, page).map_err(|e| IndexerError::LayoutNotRecognised {
            url: RedactedUrl::new(&url),
            detail: e.0.to_owned(),
        })
    }

    /// Up to [`MAX_PAGES`] pages of one query.
    async fn pages(
        &self,
        query: &Query,
        limit: Option<u32>,
        cancel: &CancellationToken,
    ) -> Result<SearchOutcome, IndexerError> {
        let keywords = request::keywords(query);
        let mut outcome = SearchOutcome {
            queries: vec![QueryMode::Search],
            ..SearchOutcome::default()
        };
        for page in 1..=MAX_PAGES {
            let listing = self.fetch_listing(&keywords, page, cancel).await?;
            outcome.releases.extend(listing.releases);
            outcome.truncated = listing.has_next;
            let enough = limit.is_some_and(|l| outcome.releases.len() >= l as usize);
            if !listing.has_next || enough {
                break;
            }
        }
        if let Some(limit) = limit {
            outcome.releases.truncate(limit as usize);
        }
        Ok(outcome)
    }

    /// A book search; when title and author together find nothing, the title alone is tried
    /// once more, as for Torznab.
    pub async fn run_search(
        &self,
        request: &SearchRequest,
        cancel: &CancellationToken,
    ) -> Result<SearchOutcome, IndexerError> {
        let mut outcome = self.pages(&request.query, request.limit, cancel).await?;
        if let Query::Book {
            title,
            author: Some(_),
        } = &request.query
            && outcome.releases.is_empty()
        {
            let title_only = Query::Book {
                title: title.clone(),
                author: None,
            };
            let retry = self.pages(&title_only, request.limit, cancel).await?;
            outcome.releases = retry.releases;
            outcome.truncated = retry.truncated;
            outcome.queries.extend(retry.queries);
        }
        Ok(outcome)
    }

    /// The magnet of a release, read from its page when the user grabs it.
    pub async fn resolve(
        &self,
        release: &Release,
        cancel: &CancellationToken,
    ) -> Result<DownloadRef, IndexerError> {
        let page = release
            .info_url
            .as_deref()
            .ok_or_else(|| IndexerError::InvalidUrl(release.title.clone()))?;
        let url = Url::parse(page).map_err(|_| IndexerError::InvalidUrl(page.to_owned()))?;
        let body = self.transport.get(&url, cancel).await?;
        let found = detail::parse(&String::from_utf8_lossy(&body)).ok_or_else(|| {
            IndexerError::LayoutNotRecognised {
                url: RedactedUrl::new(&url),
                detail: "no info hash in a cell after \"Info Hash:\"".to_owned(),
            }
        })?;
        let mut named = Release::new(
            found.title.unwrap_or_else(|| release.title.clone()),
            release.protocol,
        );
        named.info_hash = Some(found.info_hash);
        Ok(named
            .download_ref(&found.trackers)
            .expect("a release with an info hash has a magnet"))
    }
}

impl Indexer for AbbIndexer {
    fn kind(&self) -> ProviderKind {
        ProviderKind::AudiobookBay
    }

    fn caps<'a>(
        &'a self,
        _cancel: &'a CancellationToken,
    ) -> BoxFuture<'a, Result<Caps, IndexerError>> {
        Box::pin(async { Ok(AbbIndexer::caps()) })
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
