//! [`ZnabIndexer`]: a Torznab or Newznab indexer as the search engine uses it.

use std::collections::BTreeMap;
use std::time::Duration;

use aural_core::provider::ProviderSettings;
use aural_core::{ProviderKind, Sensitive, TestReport};
use aural_http::{Client, RetryPolicy};
use futures::future::BoxFuture;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::IndexerError;
use crate::indexer::{Indexer, SearchOutcome};
use crate::torznab::caps::Caps;
use crate::torznab::check;
use crate::torznab::feed::{Feed, Protocol};
use crate::torznab::request::{self, Query, QueryMode, SearchRequest};
use crate::torznab::transport::Transport;

/// Everything needed to reach one indexer.
#[derive(Debug, Clone)]
pub struct ZnabSettings {
    pub kind: ProviderKind,
    /// The API endpoint (see [`request::endpoint`]).
    pub endpoint: Url,
    pub api_key: Option<Sensitive<String>>,
    /// The categories searched when a request names none.
    pub categories: Vec<u32>,
    pub timeout: Duration,
    pub extra_params: BTreeMap<String, String>,
    pub retry: RetryPolicy,
}

impl ZnabSettings {
    /// From a provider's stored settings and its secret; `None` for kinds that are not
    /// Torznab or Newznab.
    pub fn from_provider(
        settings: &ProviderSettings,
        api_key: Option<Sensitive<String>>,
    ) -> Option<Result<ZnabSettings, IndexerError>> {
        let (kind, url, categories, timeout_secs, extra) = match settings {
            ProviderSettings::Torznab(s) => (
                ProviderKind::Torznab,
                &s.url,
                &s.categories,
                s.timeout_secs,
                &s.extra_params,
            ),
            ProviderSettings::Newznab(s) => (
                ProviderKind::Newznab,
                &s.url,
                &s.categories,
                s.timeout_secs,
                &s.extra_params,
            ),
            _ => return None,
        };
        Some(request::endpoint(url).map(|endpoint| ZnabSettings {
            kind,
            endpoint,
            api_key,
            categories: categories.clone(),
            timeout: Duration::from_secs(u64::from(timeout_secs)),
            extra_params: extra.clone(),
            retry: RetryPolicy::default(),
        }))
    }
}

pub struct ZnabIndexer {
    kind: ProviderKind,
    endpoint: Url,
    categories: Vec<u32>,
    extra_params: BTreeMap<String, String>,
    transport: Transport,
    caps: Option<Caps>,
}

impl ZnabIndexer {
    pub fn new(client: Client, settings: ZnabSettings) -> ZnabIndexer {
        ZnabIndexer {
            kind: settings.kind,
            transport: Transport::new(client, settings.api_key, settings.timeout, settings.retry),
            endpoint: settings.endpoint,
            categories: settings.categories,
            extra_params: settings.extra_params,
            caps: None,
        }
    }

    /// Cached caps decide the query form; without them only `t=search` is used.
    pub fn with_caps(mut self, caps: Caps) -> ZnabIndexer {
        self.caps = Some(caps);
        self
    }

    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    pub fn configured_categories(&self) -> &[u32] {
        &self.categories
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.transport
    }

    fn protocol(&self) -> Protocol {
        if self.kind == ProviderKind::Newznab {
            Protocol::Usenet
        } else {
            Protocol::Torrent
        }
    }

    pub async fn fetch_caps(&self, cancel: &CancellationToken) -> Result<Caps, IndexerError> {
        let url = request::caps_url(&self.endpoint, &self.extra_params);
        let body = self.transport.get(&url, cancel).await?;
        Caps::parse(&body).map_err(|e| e.at(&url))
    }

    /// One request, exactly as asked.
    pub async fn fetch_feed(
        &self,
        request: &SearchRequest,
        cancel: &CancellationToken,
    ) -> Result<(Feed, QueryMode), IndexerError> {
        let mut request = request.clone();
        if request.categories.is_empty() {
            request.categories = self.categories.clone();
        }
        let (url, mode) = request::search_url(
            &self.endpoint,
            self.caps.as_ref(),
            &request,
            &self.extra_params,
        );
        let body = self.transport.get(&url, cancel).await?;
        let feed = Feed::parse(&body, self.protocol()).map_err(|e| e.at(&url))?;
        Ok((feed, mode))
    }

    /// A book search; when title and author together find nothing, the title alone is tried
    /// once more, since indexers often file audiobooks under the narrator or a misspelt author.
    pub async fn run_search(
        &self,
        request: &SearchRequest,
        cancel: &CancellationToken,
    ) -> Result<SearchOutcome, IndexerError> {
        let (feed, mode) = self.fetch_feed(request, cancel).await?;
        let mut outcome = SearchOutcome {
            truncated: feed.truncated,
            releases: feed.releases,
            queries: vec![mode],
            renewed_session: None,
        };
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
            let (feed, mode) = self.fetch_feed(&title_only, cancel).await?;
            outcome.truncated |= feed.truncated;
            outcome.releases = feed.releases;
            outcome.queries.push(mode);
        }
        Ok(outcome)
    }
}

impl Indexer for ZnabIndexer {
    fn kind(&self) -> ProviderKind {
        self.kind
    }

    fn caps<'a>(
        &'a self,
        cancel: &'a CancellationToken,
    ) -> BoxFuture<'a, Result<Caps, IndexerError>> {
        Box::pin(self.fetch_caps(cancel))
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
