//! The library: reading pages of books, changing a book's status, and library list import/export.

mod export_job;
mod export_target;
mod list_export;
mod list_file;
mod list_import;

use aural_core::{
    Asin, Book, BookClaim, BookFilter, BookId, BookSort, BookStatus, LibraryEntry, LibraryStats,
    Page, Paged, SortDir, StatusHistoryEntry,
};
pub use aural_db::{BookSelection, StatusChangeOutcome};

use crate::context::AppContext;
use crate::error::ServiceError;

pub use export_job::{run_list_export, spawn_list_export};
pub use export_target::STDOUT;
pub use list_export::export_list;
pub use list_file::{Flavour, ListFormat, ListRow, ParsedList, RowProblem, parse_list};
pub use list_import::{ImportOutcome, spawn_list_import};

/// How a user names a book: its id or an ASIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookKey {
    Id(BookId),
    Asin(Asin),
}

impl BookKey {
    pub fn parse(text: &str) -> Option<BookKey> {
        text.parse()
            .map(BookKey::Id)
            .ok()
            .or_else(|| text.parse().map(BookKey::Asin).ok())
    }
}

pub async fn list_books(
    ctx: &AppContext,
    filter: &BookFilter,
    sort: BookSort,
    dir: SortDir,
    page: Page,
) -> Result<Paged<Book>, ServiceError> {
    Ok(ctx.db().books().list(filter, sort, dir, page).await?)
}

/// The library with series collapsed, ordered by name (see `BookRepo::list_collapsed`).
pub async fn list_entries(
    ctx: &AppContext,
    filter: &BookFilter,
    dir: SortDir,
    page: Page,
) -> Result<Paged<LibraryEntry>, ServiceError> {
    Ok(ctx.db().books().list_collapsed(filter, dir, page).await?)
}

pub async fn get_book(ctx: &AppContext, key: &BookKey) -> Result<Book, ServiceError> {
    let found = match key {
        BookKey::Id(id) => ctx.db().books().get(*id).await,
        BookKey::Asin(asin) => ctx.db().books().get_by_asin(asin).await,
    };
    found.map_err(|e| match e {
        aural_db::DbError::NotFound { .. } => ServiceError::BookNotFound(key_text(key)),
        other => ServiceError::Db(other),
    })
}

/// The user's choice of status for one book; the outcome's batch is what Undo reverses.
pub async fn set_status(
    ctx: &AppContext,
    key: &BookKey,
    status: BookStatus,
) -> Result<(Book, StatusChangeOutcome), ServiceError> {
    let status = status.chosen_by_user()?;
    let book = get_book(ctx, key).await?;
    let outcome = ctx
        .db()
        .books()
        .set_status_by_user(&BookSelection::Ids(vec![book.id]), status)
        .await?;
    Ok((get_book(ctx, &BookKey::Id(book.id)).await?, outcome))
}

/// The user's choice of status for many books at once (ids, or every book a query matches), in
/// one transaction.
pub async fn set_status_of(
    ctx: &AppContext,
    selection: &BookSelection,
    status: BookStatus,
) -> Result<StatusChangeOutcome, ServiceError> {
    let status = status.chosen_by_user()?;
    Ok(ctx
        .db()
        .books()
        .set_status_by_user(selection, status)
        .await?)
}

/// Reverses the user's change `batch` (one book or many).
pub async fn undo_status_change(
    ctx: &AppContext,
    batch: i64,
) -> Result<StatusChangeOutcome, ServiceError> {
    ctx.db()
        .books()
        .undo_status_change(batch)
        .await
        .map_err(|e| match e {
            aural_db::DbError::NotFound { .. } => ServiceError::StatusChangeNotFound(batch),
            other => ServiceError::Db(other),
        })
}

/// What each source says of a book, and its latest status moves (newest first).
pub async fn status_sources(
    ctx: &AppContext,
    id: BookId,
) -> Result<(Vec<BookClaim>, Vec<StatusHistoryEntry>), ServiceError> {
    let books = ctx.db().books();
    Ok((
        books.claims(id).await?,
        books.status_history(id, STATUS_HISTORY_LEN).await?,
    ))
}

/// How many status moves the book page shows.
const STATUS_HISTORY_LEN: u32 = 10;

pub async fn stats(ctx: &AppContext) -> Result<LibraryStats, ServiceError> {
    Ok(ctx.db().stats().library_stats(ctx.clock().now()).await?)
}

fn key_text(key: &BookKey) -> String {
    match key {
        BookKey::Id(id) => id.to_string(),
        BookKey::Asin(asin) => asin.to_string(),
    }
}
