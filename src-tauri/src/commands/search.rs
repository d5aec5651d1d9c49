use aural_api::dto::{IndexerReportDto, ReleaseDto, SearchResultsDto};
use aural_api::search::ReleaseSearch;
use aural_api::{ApiError, AppContext};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, State};
use tauri_specta::Event;

/// One indexer's answer to a release search, sent the moment it arrives; `search` is the id the
/// window gave the search, so answers of an older search are told apart.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct ReleasesFoundEvent {
    pub search: String,
    pub report: IndexerReportDto,
    pub releases: Vec<ReleaseDto>,
}

/// Searches every enabled indexer for a book; answers stream as [`ReleasesFoundEvent`]s, the
/// whole ranked result comes back when the slowest indexer has answered or timed out.
#[tauri::command]
#[specta::specta]
pub async fn search_book_releases(
    app: AppHandle,
    ctx: State<'_, AppContext>,
    search: String,
    book: String,
) -> Result<SearchResultsDto, ApiError> {
    aural_api::search::releases(&ctx, ReleaseSearch::Book(book), |report, releases| {
        let found = ReleasesFoundEvent {
            search: search.clone(),
            report,
            releases,
        };
        if let Err(err) = found.emit(&app) {
            tracing::warn!("cannot send search results to the window: {err}");
        }
    })
    .await
}
