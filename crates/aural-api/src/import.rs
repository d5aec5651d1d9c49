//! Importing audiobook files (SPEC §7): scan chosen paths or the staging folder into cards, list
//! them with their counters, carry the user's decisions on a card, and import ready cards.
//! Paths come from the CLI's arguments or the window's native picker, never from page input.

use std::path::PathBuf;

use aural_services::AppContext;
use aural_services::import::{self, CardEdit, CardId, CardSelection, RunRequest};

use crate::dto::{
    ApiError, ImportCandidateDto, ImportCardDto, ImportCardEdit, ImportCardStatus,
    ImportOverviewDto, ImportRecoverReportDto, ImportRunReportDto, ImportRunRequest, JobStarted,
};
use crate::error_map::from_service;
use crate::paging;

fn card_id(id: i64) -> Result<CardId, ApiError> {
    id.to_string().parse().map_err(|_| {
        ApiError::validation("card", "an import card's number is a positive whole number")
    })
}

fn book_id(id: i64) -> Result<aural_core::BookId, ApiError> {
    id.to_string()
        .parse()
        .map_err(|_| ApiError::validation("book", "a book's number is a positive whole number"))
}

fn dtos(cards: &[import::ImportCard]) -> Vec<ImportCardDto> {
    cards.iter().map(ImportCardDto::from).collect()
}

/// Scans files and folders into cards, one per book found.
pub async fn scan_paths(
    ctx: &AppContext,
    paths: Vec<PathBuf>,
) -> Result<Vec<ImportCardDto>, ApiError> {
    if paths.is_empty() {
        return Err(
            ApiError::validation("paths", "no file or folder was given to scan")
                .with_hint("Choose at least one file or folder."),
        );
    }
    let cards = import::scan(ctx, paths).await.map_err(from_service)?;
    Ok(dtos(&cards))
}

/// Scans the staging folder set in Settings › Library.
pub async fn scan_staging(ctx: &AppContext) -> Result<Vec<ImportCardDto>, ApiError> {
    let cards = import::scan_staging(ctx).await.map_err(from_service)?;
    Ok(dtos(&cards))
}

/// The counters over every card and one page of cards, newest first, of one status or all.
pub async fn list_import_cards(
    ctx: &AppContext,
    status: Option<ImportCardStatus>,
    page: u32,
    per_page: u32,
) -> Result<ImportOverviewDto, ApiError> {
    let overview = import::status(ctx, status.map(Into::into), paging::page(page, per_page)?)
        .await
        .map_err(from_service)?;
    Ok(ImportOverviewDto::from(&overview))
}

pub async fn get_import_card(ctx: &AppContext, id: i64) -> Result<ImportCardDto, ApiError> {
    let card = import::card(ctx, card_id(id)?)
        .await
        .map_err(from_service)?;
    Ok(ImportCardDto::from(&card))
}

/// Library books for a card by title or author words or an ASIN, scored against it.
pub async fn search_import_candidates(
    ctx: &AppContext,
    id: i64,
    query: String,
) -> Result<Vec<ImportCandidateDto>, ApiError> {
    let found = import::search(ctx, card_id(id)?, &query)
        .await
        .map_err(from_service)?;
    Ok(found.iter().map(ImportCandidateDto::from).collect())
}

/// Makes library book `book` the card's match; the card becomes ready.
pub async fn choose_import_match(
    ctx: &AppContext,
    id: i64,
    book: i64,
) -> Result<ImportCardDto, ApiError> {
    let card = import::choose(ctx, card_id(id)?, book_id(book)?)
        .await
        .map_err(from_service)?;
    Ok(ImportCardDto::from(&card))
}

/// Replaces the card's metadata with the user's and matches it again.
pub async fn edit_import_card(
    ctx: &AppContext,
    id: i64,
    edit: ImportCardEdit,
) -> Result<ImportCardDto, ApiError> {
    let edit = CardEdit {
        title: edit.title,
        authors: edit.authors,
        narrators: edit.narrators,
        series: edit.series,
        series_position: edit.series_position,
        year: edit.year,
    };
    let card = import::edit(ctx, card_id(id)?, edit)
        .await
        .map_err(from_service)?;
    Ok(ImportCardDto::from(&card))
}

/// Removes a card; its files stay where they are.
pub async fn dismiss_import_card(ctx: &AppContext, id: i64) -> Result<(), ApiError> {
    import::dismiss(ctx, card_id(id)?)
        .await
        .map_err(from_service)
}

fn run_request(request: ImportRunRequest) -> Result<RunRequest, ApiError> {
    let cards = match request.cards {
        None => CardSelection::AllReady,
        Some(ids) if ids.is_empty() => {
            return Err(
                ApiError::validation("cards", "no card was chosen to import")
                    .with_hint("Choose cards, or import all ready cards."),
            );
        }
        Some(ids) => CardSelection::Cards(ids.into_iter().map(card_id).collect::<Result<_, _>>()?),
    };
    Ok(RunRequest {
        cards,
        mode: request.mode,
        template: request.template,
    })
}

/// Starts importing as a background job; progress arrives as job events and the cards change
/// when it ends.
pub async fn start_import(
    ctx: &AppContext,
    request: ImportRunRequest,
) -> Result<JobStarted, ApiError> {
    let task = import::start(ctx, run_request(request)?)
        .await
        .map_err(from_service)?;
    Ok(JobStarted {
        job_id: task.id().to_string(),
    })
}

/// Imports and waits for the job to end (the CLI's `import run`).
pub async fn run_import(
    ctx: &AppContext,
    request: ImportRunRequest,
) -> Result<ImportRunReportDto, ApiError> {
    let report = import::run(ctx, run_request(request)?)
        .await
        .map_err(from_service)?;
    Ok(ImportRunReportDto::from(&report))
}

/// Finishes or undoes what an interrupted import left.
pub async fn recover_imports(ctx: &AppContext) -> Result<ImportRecoverReportDto, ApiError> {
    let report = import::recover(ctx).await.map_err(from_service)?;
    Ok(ImportRecoverReportDto::from(&report))
}
