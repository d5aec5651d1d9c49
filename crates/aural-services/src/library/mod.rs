//! The library: reading pages of books, changing a book's status, and library list import/export.

mod export_job;
mod export_target;
mod list_export;
mod list_file;
mod list_import;

use aural_core::{
    Asin, Book, BookFilter, BookId, BookSort, BookStatus, LibraryStats, Page, Paged, SortDir,
};

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

/// A change the user asks for; only the moves of [`BookStatus::user_change`] are allowed.
pub async fn set_status(
    ctx: &AppContext,
    key: &BookKey,
    status: BookStatus,
) -> Result<Book, ServiceError> {
    let book = get_book(ctx, key).await?;
    let status = book.status.user_change(status)?;
    if status == book.status {
        return Ok(book);
    }
    Ok(ctx.db().books().set_status(book.id, status).await?)
}

pub async fn stats(ctx: &AppContext) -> Result<LibraryStats, ServiceError> {
    Ok(ctx.db().stats().library_stats(ctx.clock().now()).await?)
}

fn key_text(key: &BookKey) -> String {
    match key {
        BookKey::Id(id) => id.to_string(),
        BookKey::Asin(asin) => asin.to_string(),
    }
}
