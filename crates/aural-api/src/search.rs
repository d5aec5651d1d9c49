//! Release search for a book of the library or for the user's own words.

use aural_services::AppContext;
use aural_services::search::{self, SearchFor};
use tokio_util::sync::CancellationToken;

use crate::dto::{ApiError, IndexerReportDto, ReleaseDto, SearchResultsDto};
use crate::error_map::from_service;
use crate::library;

/// What a search is for: exactly one of a book (id or ASIN) and free text.
pub enum ReleaseSearch {
    Book(String),
    Text(String),
}

/// Asks every enabled indexer at once; `on_answer` hears each one as it reports.
pub async fn releases(
    ctx: &AppContext,
    what: ReleaseSearch,
    mut on_answer: impl FnMut(IndexerReportDto, Vec<ReleaseDto>),
) -> Result<SearchResultsDto, ApiError> {
    let what = match what {
        ReleaseSearch::Book(key) => SearchFor::Book(Box::new(library::book_of(ctx, key).await?)),
        ReleaseSearch::Text(text) if text.trim().is_empty() => {
            return Err(ApiError::validation("query", "the search words are empty")
                .with_hint("Give a title, an author or both."));
        }
        ReleaseSearch::Text(text) => SearchFor::Text(text),
    };
    let results =
        search::search_releases(ctx, &what, &CancellationToken::new(), |report, found| {
            on_answer(
                IndexerReportDto::from(report),
                found.iter().map(ReleaseDto::from).collect(),
            )
        })
        .await
        .map_err(from_service)?;
    Ok(SearchResultsDto::from(&results))
}
