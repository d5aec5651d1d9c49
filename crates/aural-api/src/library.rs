//! Books, library stats, and library list import/export.

use std::path::PathBuf;

use aural_core::{Book, BookFilter, BookId, BookStatus, SortDir};
use aural_services::AppContext;
pub use aural_services::library::{ListFormat, STDOUT};

use aural_services::library::{self, BookKey, BookSelection};
use aural_services::lookup;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::dto::{
    ApiError, BookDetail, BookPage, BookQuery, BookRow, BookSelectionDto, BookStatusChanged,
    JobStarted, LibraryEntryDto, LibraryPage, SeriesRow, StatsDto, StatusChangeDto,
};
use crate::error_map::from_service;

fn filter_of(query: &BookQuery) -> BookFilter {
    let given = |text: &Option<String>| text.clone().filter(|t| !t.trim().is_empty());
    BookFilter {
        query: given(&query.query),
        statuses: query.statuses.clone(),
        author: query.author_id.map(aural_core::AuthorId),
        series: query.series_id.map(aural_core::SeriesId),
        narrator: given(&query.narrator),
        language: given(&query.language),
    }
}

/// What a list query asks the services for: the filter, the direction and the page.
fn listing_of(query: &BookQuery) -> Result<(BookFilter, SortDir, aural_core::Page), ApiError> {
    let dir = if query.desc {
        SortDir::Desc
    } else {
        SortDir::Asc
    };
    Ok((
        filter_of(query),
        dir,
        crate::paging::page(query.page, query.per_page)?,
    ))
}

pub async fn list_books(ctx: &AppContext, query: BookQuery) -> Result<BookPage, ApiError> {
    let (filter, dir, page) = listing_of(&query)?;
    let books = library::list_books(ctx, &filter, query.sort, dir, page)
        .await
        .map_err(from_service)?;
    Ok(BookPage::map(&books, |row| BookRow::from(row)))
}

/// The library as `list_books` shows it, with each series as one entry when the query asks for
/// it (ordered by name, then); within one series, or without `collapse_series`, its books.
pub async fn list_library(ctx: &AppContext, query: BookQuery) -> Result<LibraryPage, ApiError> {
    if !query.collapse_series || query.series_id.is_some() {
        let books = list_books(ctx, query).await?;
        return Ok(LibraryPage {
            items: books.items.into_iter().map(LibraryEntryDto::Book).collect(),
            total: books.total,
            page: books.page,
            per_page: books.per_page,
        });
    }
    let (filter, dir, page) = listing_of(&query)?;
    let entries = library::list_entries(ctx, &filter, dir, page)
        .await
        .map_err(from_service)?;
    Ok(LibraryPage::map(&entries, |entry| match entry {
        aural_core::LibraryEntry::Book(book) => LibraryEntryDto::Book(BookRow::from(book.as_ref())),
        aural_core::LibraryEntry::Series(series) => {
            LibraryEntryDto::Series(SeriesRow::from(series))
        }
    }))
}

/// `key` is a book id ("42") or an ASIN ("B017V4IM1G", also all digits: "1721358595").
pub async fn get_book(ctx: &AppContext, key: String) -> Result<BookDetail, ApiError> {
    Ok(find_book(ctx, key).await?.0)
}

/// Like [`get_book`], with a note when `key` is both a book's id and another book's ASIN.
pub async fn find_book(
    ctx: &AppContext,
    key: String,
) -> Result<(BookDetail, Option<String>), ApiError> {
    parse_key(&key)?;
    let found = lookup::find_book(ctx, &key).await.map_err(from_service)?;
    Ok((detail(ctx, &found.item).await?, found.note))
}

/// The book an id or ASIN names, for the commands that act on it (release search).
pub(crate) async fn book_of(ctx: &AppContext, key: String) -> Result<Book, ApiError> {
    parse_key(&key)?;
    Ok(lookup::find_book(ctx, &key)
        .await
        .map_err(from_service)?
        .item)
}

async fn detail(ctx: &AppContext, book: &Book) -> Result<BookDetail, ApiError> {
    let (claims, history) = library::status_sources(ctx, book.id)
        .await
        .map_err(from_service)?;
    Ok(BookDetail::new(book, &claims, &history))
}

/// The user's choice of status for one book; the answer carries what Undo needs.
pub async fn set_book_status(
    ctx: &AppContext,
    key: String,
    status: BookStatus,
) -> Result<BookStatusChanged, ApiError> {
    parse_key(&key)?;
    let found = lookup::find_book(ctx, &key).await.map_err(from_service)?;
    let (book, outcome) = library::set_status(ctx, &BookKey::Id(found.item.id), status)
        .await
        .map_err(from_service)?;
    Ok(BookStatusChanged {
        book: detail(ctx, &book).await?,
        change: outcome.into(),
    })
}

/// The user's choice of status for many books at once: listed ids or every book a query matches.
pub async fn set_books_status(
    ctx: &AppContext,
    selection: BookSelectionDto,
    status: BookStatus,
) -> Result<StatusChangeDto, ApiError> {
    let selection = match (selection.ids, selection.matching) {
        (Some(ids), None) => BookSelection::Ids(ids.into_iter().map(BookId).collect()),
        (None, Some(query)) => BookSelection::Matching(filter_of(&query)),
        _ => {
            return Err(ApiError::validation(
                "selection",
                "name the books either by id or by a query, not both or neither",
            ));
        }
    };
    let outcome = library::set_status_of(ctx, &selection, status)
        .await
        .map_err(from_service)?;
    Ok(outcome.into())
}

/// Reverses the status change `undo` (the number a change returned).
pub async fn undo_status_change(ctx: &AppContext, undo: i64) -> Result<StatusChangeDto, ApiError> {
    let outcome = library::undo_status_change(ctx, undo)
        .await
        .map_err(from_service)?;
    Ok(outcome.into())
}

pub async fn library_stats(ctx: &AppContext) -> Result<StatsDto, ApiError> {
    let stats = library::stats(ctx).await.map_err(from_service)?;
    Ok(StatsDto::from(&stats))
}

/// Starts a list import as a background job; progress and the outcome arrive as events.
pub async fn start_list_import(ctx: &AppContext, path: PathBuf) -> Result<JobStarted, ApiError> {
    let task = library::spawn_list_import(ctx, path)
        .await
        .map_err(from_service)?;
    Ok(JobStarted {
        job_id: task.id().to_string(),
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    pub line: u64,
    pub reason: String,
}

impl From<library::RowProblem> for RowProblem {
    fn from(p: library::RowProblem) -> RowProblem {
        RowProblem {
            line: p.line,
            reason: p.reason,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub job_id: String,
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Rows merged into the book of an earlier row; `rows` is new + updated + unchanged +
    /// duplicates + skipped.
    pub duplicates: Vec<RowProblem>,
    pub skipped: Vec<RowProblem>,
    /// Rows imported with a change, and why.
    pub adjusted: Vec<RowProblem>,
}

/// Runs a list import as a job and waits for it; `on_progress` sees each throttled progress step.
pub async fn run_list_import(
    ctx: &AppContext,
    path: PathBuf,
    on_progress: impl FnMut(&aural_core::JobProgress) + Send,
) -> Result<ImportReport, ApiError> {
    let task = library::spawn_list_import(ctx, path)
        .await
        .map_err(from_service)?;
    let job_id = task.id().to_string();
    let report = task
        .wait_with_progress(on_progress)
        .await
        .map_err(from_service)?;
    Ok(ImportReport {
        job_id,
        rows: report.rows,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        duplicates: report
            .duplicates
            .into_iter()
            .map(RowProblem::from)
            .collect(),
        skipped: report.skipped.into_iter().map(RowProblem::from).collect(),
        adjusted: report.adjusted.into_iter().map(RowProblem::from).collect(),
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub path: String,
    pub rows: u64,
}

/// Exports the library as a job (visible in the activity list) and waits for it; an export to
/// the same file already under way is joined rather than started twice.
pub async fn export_list(
    ctx: &AppContext,
    path: PathBuf,
    format: ListFormat,
) -> Result<ExportReport, ApiError> {
    let rows = library::run_list_export(ctx, path.clone(), format)
        .await
        .map_err(from_service)?;
    Ok(ExportReport {
        path: path.display().to_string(),
        rows,
    })
}

fn parse_key(key: &str) -> Result<BookKey, ApiError> {
    BookKey::parse(key).ok_or_else(|| {
        ApiError::validation("book", format!("{key:?} is neither a book id nor an ASIN")).with_hint(
            "Use the number shown in `books list` or a 10-character ASIN such as B017V4IM1G.",
        )
    })
}
