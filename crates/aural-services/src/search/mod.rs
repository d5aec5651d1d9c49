//! Release search (SPEC §5): every enabled indexer is asked at once, each within its own timeout,
//! and each answer is ranked against the wanted book as it arrives. A hung indexer costs its
//! timeout, never the whole search; a failing one rests on the escalating schedule; a resting
//! one is skipped and says until when.

mod found;
mod ranking;

pub use found::{FoundReleases, KeptRelease, ReleaseSource, source_of};

use std::time::{Duration, Instant};

use aural_core::release::Score;
use aural_core::{Book, Page, Provider, ProviderFamily, ProviderId, ProviderSettings, Sensitive};
use aural_indexers::{
    AbbConfig, AbbIndexer, Caps, Indexer, IndexerError, MamConfig, MamIndexer, Query,
    SearchRequest, ZnabIndexer, ZnabSettings,
};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::providers;

/// What to look for: a book of the library, or the user's own words.
#[derive(Debug, Clone)]
pub enum SearchFor {
    Book(Box<Book>),
    Text(String),
}

/// One release as found, ranked; the download link stays on the server side.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FoundRelease {
    /// What a grab names the release by (see [`source_of`]).
    pub key: String,
    pub indexer: ProviderId,
    pub indexer_name: String,
    pub title: String,
    pub size: Option<u64>,
    pub seeders: Option<u32>,
    pub leechers: Option<u32>,
    pub usenet: bool,
    pub published: Option<String>,
    pub info_url: Option<String>,
    pub info_hash: Option<String>,
    /// The SHA-256 of the indexer's GUID: enough to blocklist the release, never the GUID
    /// itself (some indexers put a passkey in it).
    pub guid_hash: Option<String>,
    pub score: Score,
}

/// How one indexer did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum IndexerOutcome {
    Answered {
        found: usize,
        millis: u64,
    },
    Failed {
        error: String,
        millis: u64,
    },
    TimedOut {
        after_secs: u64,
    },
    /// Resting after failures, or a kind whose search is not built yet: not asked.
    Skipped {
        reason: String,
    },
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexerReport {
    pub indexer: ProviderId,
    pub name: String,
    #[serde(flatten)]
    pub outcome: IndexerOutcome,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// Best first; rejected releases last.
    pub releases: Vec<FoundRelease>,
    pub indexers: Vec<IndexerReport>,
}

/// Grace beyond an indexer's own timeout, for its transport to give up first and say why.
const GRACE: Duration = Duration::from_millis(500);

/// Searches every enabled indexer concurrently. `on_answer` sees each indexer's report (and its
/// ranked releases) the moment it is known, so a window can show results as they stream in.
pub async fn search_releases(
    ctx: &AppContext,
    what: &SearchFor,
    cancel: &CancellationToken,
    mut on_answer: impl FnMut(&IndexerReport, &[FoundRelease]),
) -> Result<SearchResults, ServiceError> {
    let indexers = providers::list(ctx, ProviderFamily::Indexer, Page::new(1, 500))
        .await?
        .items;
    let now = ctx.clock().now();
    let request = SearchRequest {
        query: query_of(what),
        categories: Vec::new(),
        limit: None,
        offset: None,
    };
    let mut results = SearchResults {
        releases: Vec::new(),
        indexers: Vec::new(),
    };
    let mut asked = FuturesUnordered::new();
    for provider in indexers.iter().filter(|p| p.enabled) {
        if let Some(until) = provider.health.disabled_until.filter(|u| *u > now) {
            let report = IndexerReport {
                indexer: provider.id,
                name: provider.name.clone(),
                outcome: IndexerOutcome::Skipped {
                    reason: format!("resting after failures until {}", until.to_rfc3339()),
                },
            };
            on_answer(&report, &[]);
            results.indexers.push(report);
            continue;
        }
        match searcher(ctx, provider, &request.query).await? {
            Ok((indexer, timeout, minimum_seeders)) => asked.push(ask(
                provider,
                indexer,
                timeout,
                minimum_seeders,
                &request,
                cancel,
            )),
            Err(reason) => {
                let report = IndexerReport {
                    indexer: provider.id,
                    name: provider.name.clone(),
                    outcome: IndexerOutcome::Skipped { reason },
                };
                on_answer(&report, &[]);
                results.indexers.push(report);
            }
        }
    }
    let wanted = ranking::Wanted::of(what);
    let blocklist = match what {
        SearchFor::Book(book) => ctx.db().blocklist().for_book(book.id).await?,
        SearchFor::Text(_) => ctx.db().blocklist().for_every_book().await?,
    };
    while let Some((provider, outcome, minimum_seeders, read_caps)) = asked.next().await {
        if let Some(caps) = &read_caps {
            providers::caps::keep(ctx, provider.id, caps).await?;
        }
        let (report, found) = match outcome {
            Asked::Answered(releases, millis, renewed) => {
                providers::record_success(ctx, provider.id).await?;
                if let Some(session) = renewed
                    && let Err(e) = providers::keep_renewed_session(ctx, provider, &session).await
                {
                    // The old session still works for now; the next renewal tries again.
                    tracing::warn!(provider = %provider.name, error = %e, "could not store the renewed session");
                }
                let found = ranking::rank(
                    &wanted.book(),
                    provider,
                    minimum_seeders,
                    releases,
                    &blocklist,
                    ctx.found_releases(),
                    now,
                );
                let outcome = IndexerOutcome::Answered {
                    found: found.len(),
                    millis,
                };
                (report_of(provider, outcome), found)
            }
            Asked::Failed(error, millis) => {
                let message = error.to_string();
                providers::record_failure(ctx, provider.id, &message).await?;
                let outcome = IndexerOutcome::Failed {
                    error: message,
                    millis,
                };
                (report_of(provider, outcome), Vec::new())
            }
            Asked::TimedOut(after) => {
                let message = format!("no answer within {} s", after.as_secs());
                providers::record_failure(ctx, provider.id, &message).await?;
                let outcome = IndexerOutcome::TimedOut {
                    after_secs: after.as_secs(),
                };
                (report_of(provider, outcome), Vec::new())
            }
        };
        on_answer(&report, &found);
        results.indexers.push(report);
        results.releases.extend(found);
    }
    results.releases.sort_by(ranking::best_first);
    Ok(results)
}

fn report_of(provider: &Provider, outcome: IndexerOutcome) -> IndexerReport {
    IndexerReport {
        indexer: provider.id,
        name: provider.name.clone(),
        outcome,
    }
}

fn query_of(what: &SearchFor) -> Query {
    match what {
        SearchFor::Book(book) => Query::Book {
            title: book.title.clone(),
            author: book.authors.first().map(|a| a.name.clone()),
        },
        SearchFor::Text(text) => Query::Text(text.trim().to_owned()),
    }
}

/// An indexer ready to ask: Torznab/Newznab need their caps for a book search (kept from the
/// last day, else read first); the direct kinds (MyAnonamouse, AudiobookBay) know what they take.
enum Client {
    Znab(Box<ZnabIndexer>, Option<Caps>),
    Direct(Box<dyn Indexer>),
}

type Searcher = (Client, Duration, u32);

/// The protocol client of a provider, or why it cannot be asked.
async fn searcher(
    ctx: &AppContext,
    provider: &Provider,
    query: &Query,
) -> Result<Result<Searcher, String>, ServiceError> {
    let Some(settings) = provider.settings() else {
        return Ok(Err("its settings need attention".to_owned()));
    };
    let http = ctx.http().clone();
    let secret = providers::secret(ctx, provider).await?;
    let kept_caps = match (settings, query) {
        (ProviderSettings::Torznab(_) | ProviderSettings::Newznab(_), Query::Book { .. }) => {
            providers::caps::fresh(ctx, provider.id).await?
        }
        _ => None,
    };
    let built = match settings {
        ProviderSettings::Torznab(_) | ProviderSettings::Newznab(_) => {
            ZnabSettings::from_provider(settings, secret).map(|r| {
                r.map(|znab| {
                    let timeout = znab.timeout;
                    (
                        Client::Znab(Box::new(ZnabIndexer::new(http, znab)), kept_caps),
                        timeout,
                    )
                })
            })
        }
        ProviderSettings::MyAnonamouse(_) => MamConfig::from_provider(settings, secret).map(|r| {
            r.map(|mam| {
                let timeout = mam.timeout;
                (
                    Client::Direct(Box::new(MamIndexer::new(http, mam))),
                    timeout,
                )
            })
        }),
        ProviderSettings::AudiobookBay(_) => AbbConfig::from_provider(settings).map(|r| {
            r.map(|abb| {
                let timeout = abb.timeout;
                (
                    Client::Direct(Box::new(AbbIndexer::new(http, abb))),
                    timeout,
                )
            })
        }),
        other => {
            return Ok(Err(format!(
                "{} is not an indexer kind",
                other.kind().as_str()
            )));
        }
    };
    let minimum_seeders = match settings {
        ProviderSettings::Torznab(s) => s.minimum_seeders,
        _ => 0,
    };
    Ok(match built {
        Some(Ok((client, timeout))) => Ok((client, timeout, minimum_seeders)),
        Some(Err(e)) => Err(e.to_string()),
        None => Err("its settings do not match its kind".to_owned()),
    })
}

enum Asked {
    /// The releases, how long it took, and a session the indexer renewed meanwhile.
    Answered(Vec<aural_indexers::Release>, u64, Option<Sensitive<String>>),
    Failed(IndexerError, u64),
    TimedOut(Duration),
}

/// Asks one indexer; also returns the caps it had to read, for the caller to keep.
async fn ask<'a>(
    provider: &'a Provider,
    client: Client,
    timeout: Duration,
    minimum_seeders: u32,
    request: &'a SearchRequest,
    cancel: &'a CancellationToken,
) -> (&'a Provider, Asked, u32, Option<Caps>) {
    let started = Instant::now();
    let mut read_caps = None;
    let search = async {
        match client {
            // Caps decide whether the book's title and author go as fields (`t=book`); an
            // indexer whose caps cannot be read is still asked with `t=search`.
            Client::Znab(indexer, kept) => {
                let indexer = *indexer;
                let indexer = match (&request.query, kept) {
                    (Query::Book { .. }, Some(caps)) => indexer.with_caps(caps),
                    (Query::Book { .. }, None) => match indexer.fetch_caps(cancel).await {
                        Ok(caps) => {
                            read_caps = Some(caps.clone());
                            indexer.with_caps(caps)
                        }
                        Err(_) => indexer,
                    },
                    _ => indexer,
                };
                indexer.search(request, cancel).await
            }
            Client::Direct(indexer) => indexer.search(request, cancel).await,
        }
    };
    let asked = tokio::time::timeout(timeout + GRACE, search).await;
    let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let outcome = match asked {
        Ok(Ok(outcome)) => Asked::Answered(outcome.releases, millis, outcome.renewed_session),
        Ok(Err(IndexerError::Http(aural_http::HttpError::Timeout { .. }))) | Err(_) => {
            Asked::TimedOut(timeout)
        }
        Ok(Err(e)) => Asked::Failed(e, millis),
    };
    (provider, outcome, minimum_seeders, read_caps)
}
