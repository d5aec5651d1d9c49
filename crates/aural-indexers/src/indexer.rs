//! What every indexer kind offers the search engine.

use aural_core::{ProviderKind, Sensitive, TestReport};
use futures::future::BoxFuture;
use tokio_util::sync::CancellationToken;

use crate::error::IndexerError;
use crate::torznab::caps::Caps;
use crate::torznab::feed::Release;
use crate::torznab::request::{QueryMode, SearchRequest};

/// An indexer the search engine queries. Boxed futures keep the trait usable as `dyn Indexer`,
/// so one search can run every configured kind side by side.
pub trait Indexer: Send + Sync {
    fn kind(&self) -> ProviderKind;

    /// What the indexer can do, fetched now (callers cache it).
    fn caps<'a>(
        &'a self,
        cancel: &'a CancellationToken,
    ) -> BoxFuture<'a, Result<Caps, IndexerError>>;

    fn search<'a>(
        &'a self,
        request: &'a SearchRequest,
        cancel: &'a CancellationToken,
    ) -> BoxFuture<'a, Result<SearchOutcome, IndexerError>>;

    /// The user's Test: every finding tied to the settings field to fix.
    fn test<'a>(&'a self, cancel: &'a CancellationToken) -> BoxFuture<'a, TestReport>;
}

#[derive(Debug, Clone, Default)]
pub struct SearchOutcome {
    pub releases: Vec<Release>,
    /// Some answer had more items than are kept.
    pub truncated: bool,
    /// The queries sent, in order (a title-only retry follows a book query that found nothing).
    pub queries: Vec<QueryMode>,
    /// A session the site renewed while answering (MyAnonamouse's `mam_id`), to be stored as
    /// the indexer's secret in place of the old one.
    pub renewed_session: Option<Sensitive<String>>,
}
