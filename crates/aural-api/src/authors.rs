//! Author lists and author pages.

use aural_core::{NameQuery, Page, SortDir};
use aural_services::AppContext;
use aural_services::{lookup, people};

use crate::dto::{ApiError, AuthorPage, AuthorRow, NameListQuery};
use crate::error_map::from_service;

pub async fn list_authors(ctx: &AppContext, query: NameListQuery) -> Result<AuthorPage, ApiError> {
    let (q, page) = name_query(query)?;
    let authors = people::list_authors(ctx, &q, page)
        .await
        .map_err(from_service)?;
    Ok(AuthorPage::map(&authors, |row| AuthorRow::from(row)))
}

/// `key` is an author id or a name (case-insensitive; aliases count), also a name that is a number.
pub async fn get_author(ctx: &AppContext, key: String) -> Result<AuthorRow, ApiError> {
    Ok(find_author(ctx, key).await?.0)
}

/// Like [`get_author`], with a note when `key` is both an author's id and another author's name.
pub async fn find_author(
    ctx: &AppContext,
    key: String,
) -> Result<(AuthorRow, Option<String>), ApiError> {
    let found = lookup::find_author(ctx, &key).await.map_err(from_service)?;
    Ok((AuthorRow::from(&found.item), found.note))
}

pub(crate) fn name_query(query: NameListQuery) -> Result<(NameQuery, Page), ApiError> {
    let page = crate::paging::page(query.page, query.per_page)?;
    let q = NameQuery {
        query: query.query.filter(|q| !q.trim().is_empty()),
        sort: query.sort,
        dir: if query.desc {
            SortDir::Desc
        } else {
            SortDir::Asc
        },
    };
    Ok((q, page))
}
