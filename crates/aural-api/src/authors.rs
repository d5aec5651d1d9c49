//! Author lists and author pages.

use aural_core::{AuthorId, NameQuery, Page, SortDir};
use aural_services::AppContext;
use aural_services::people;

use crate::dto::{ApiError, AuthorPage, AuthorRow, NameListQuery};
use crate::error_map::from_service;
use crate::library::DEFAULT_PER_PAGE;

pub async fn list_authors(ctx: &AppContext, query: NameListQuery) -> Result<AuthorPage, ApiError> {
    let (q, page) = name_query(query);
    let authors = people::list_authors(ctx, &q, page)
        .await
        .map_err(from_service)?;
    Ok(AuthorPage {
        total: authors.total,
        page: authors.page.number(),
        per_page: authors.page.size(),
        items: authors.items.iter().map(AuthorRow::from).collect(),
    })
}

/// `key` is an author id or a name (case-insensitive; aliases count).
pub async fn get_author(ctx: &AppContext, key: String) -> Result<AuthorRow, ApiError> {
    let author = match key.parse::<AuthorId>() {
        Ok(id) => people::get_author(ctx, id).await,
        Err(_) => people::find_author(ctx, &key).await,
    }
    .map_err(from_service)?;
    Ok(AuthorRow::from(&author))
}

pub(crate) fn name_query(query: NameListQuery) -> (NameQuery, Page) {
    let per_page = if query.per_page == 0 {
        DEFAULT_PER_PAGE
    } else {
        query.per_page
    };
    let q = NameQuery {
        query: query.query.filter(|q| !q.trim().is_empty()),
        sort: query.sort,
        dir: if query.desc {
            SortDir::Desc
        } else {
            SortDir::Asc
        },
    };
    (q, Page::new(query.page, per_page))
}
