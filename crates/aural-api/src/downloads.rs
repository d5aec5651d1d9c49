//! Downloads: the list, one download with its history, grabbing a found release, and the user's
//! pause, resume, cancel and reject.

use aural_core::{DownloadId, DownloadState};
use aural_services::AppContext;
use aural_services::downloads::{self, DownloadFilter, RemoveData};
use aural_services::providers::ProviderKey;

use crate::dto::{ApiError, DownloadDetailDto, DownloadDto, DownloadMoveDto, DownloadPage};
use crate::error_map::from_service;
use crate::{library, paging};

fn id_of(id: i64) -> Result<DownloadId, ApiError> {
    id.to_string()
        .parse()
        .map_err(|_| ApiError::validation("id", "a download's number is a positive whole number"))
}

pub async fn list_downloads(
    ctx: &AppContext,
    states: Vec<DownloadState>,
    page: u32,
    per_page: u32,
) -> Result<DownloadPage, ApiError> {
    let filter = DownloadFilter { states, book: None };
    let list = downloads::list(ctx, &filter, paging::page(page, per_page)?)
        .await
        .map_err(from_service)?;
    Ok(DownloadPage::map(&list, |d| DownloadDto::from(d)))
}

pub async fn get_download(ctx: &AppContext, id: i64) -> Result<DownloadDetailDto, ApiError> {
    let detail = downloads::get(ctx, id_of(id)?)
        .await
        .map_err(from_service)?;
    Ok(DownloadDetailDto {
        download: DownloadDto::from(&detail.download),
        history: detail.history.iter().map(DownloadMoveDto::from).collect(),
    })
}

/// Grabs a release a search of this process found (`release` is its key), for `book` (id or
/// ASIN) when given, through `client` (id or name) or the first enabled client that fits.
pub async fn grab_release(
    ctx: &AppContext,
    book: Option<String>,
    release: String,
    client: Option<String>,
) -> Result<DownloadDto, ApiError> {
    let book = match book {
        Some(key) => Some(library::book_of(ctx, key).await?.id),
        None => None,
    };
    let client = client.as_deref().map(ProviderKey::parse);
    let download = downloads::grab_found(ctx, book, &release, client)
        .await
        .map_err(from_service)?;
    Ok(DownloadDto::from(&download))
}

pub async fn pause_download(ctx: &AppContext, id: i64) -> Result<DownloadDto, ApiError> {
    let d = downloads::pause(ctx, id_of(id)?)
        .await
        .map_err(from_service)?;
    Ok(DownloadDto::from(&d))
}

pub async fn resume_download(ctx: &AppContext, id: i64) -> Result<DownloadDto, ApiError> {
    let d = downloads::resume(ctx, id_of(id)?)
        .await
        .map_err(from_service)?;
    Ok(DownloadDto::from(&d))
}

/// Cancels a download, removing it from its client; its files stay unless `delete_data`.
pub async fn cancel_download(
    ctx: &AppContext,
    id: i64,
    delete_data: bool,
) -> Result<DownloadDto, ApiError> {
    let data = if delete_data {
        RemoveData::Delete
    } else {
        RemoveData::Keep
    };
    let d = downloads::cancel(ctx, id_of(id)?, data)
        .await
        .map_err(from_service)?;
    Ok(DownloadDto::from(&d))
}

/// Turns a download down: cancelled like [`cancel_download`], its release blocklisted for the
/// book, and the book queued for the next best release (searched by the app or the daemon).
pub async fn reject_download(
    ctx: &AppContext,
    id: i64,
    delete_data: bool,
) -> Result<DownloadDto, ApiError> {
    let data = if delete_data {
        RemoveData::Delete
    } else {
        RemoveData::Keep
    };
    let d = downloads::reject(ctx, id_of(id)?, data)
        .await
        .map_err(from_service)?;
    Ok(DownloadDto::from(&d))
}

/// One automatic search now in this process: Wanted books without a download are searched and
/// the best release of each above `downloads.minScore` grabbed; returns their downloads.
pub async fn search_wanted_now(ctx: &AppContext) -> Result<Vec<DownloadDto>, ApiError> {
    let touched = downloads::search_wanted_now(ctx)
        .await
        .map_err(from_service)?;
    Ok(touched.iter().map(DownloadDto::from).collect())
}
