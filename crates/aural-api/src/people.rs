//! Author and series lists and pages, one implementation for both (see [`Group`]), and the
//! series-only merge and split.

use aural_core::{NameQuery, Page, SortDir};
use aural_services::AppContext;
use aural_services::lookup;
use aural_services::people::{self, Group};
use serde::Serialize;

pub use aural_services::people::{AuthorGroup, SeriesGroup};

use crate::dto::{ApiError, AuthorRow, NameListQuery, PageOf, SeriesRow};
use crate::error_map::from_service;

/// A group with the row the window and the CLI show for one of its members.
pub trait Shown: Group {
    type Row: for<'a> From<&'a Self::Summary> + Serialize + Send;
}

impl Shown for AuthorGroup {
    type Row = AuthorRow;
}

impl Shown for SeriesGroup {
    type Row = SeriesRow;
}

pub async fn list<G: Shown>(
    ctx: &AppContext,
    query: NameListQuery,
) -> Result<PageOf<G::Row>, ApiError> {
    let (q, page) = name_query(query)?;
    let found = people::list::<G>(ctx, &q, page)
        .await
        .map_err(from_service)?;
    Ok(PageOf::map(&found, |row| G::Row::from(row)))
}

/// `key` is an id or a name (case-insensitive; an author's aliases count), also a name that is a
/// number.
pub async fn get<G: Shown>(ctx: &AppContext, key: String) -> Result<G::Row, ApiError> {
    Ok(find::<G>(ctx, key).await?.0)
}

/// Like [`get`], with a note when `key` is both one's id and another's name.
pub async fn find<G: Shown>(
    ctx: &AppContext,
    key: String,
) -> Result<(G::Row, Option<String>), ApiError> {
    let found = lookup::find::<G>(ctx, &key).await.map_err(from_service)?;
    Ok((G::Row::from(&found.item), found.note))
}

/// Merges series `from` into `into` (both ids or names) and returns the merged series.
pub async fn merge_series(
    ctx: &AppContext,
    from: String,
    into: String,
) -> Result<SeriesRow, ApiError> {
    let from = lookup::find::<SeriesGroup>(ctx, &from)
        .await
        .map_err(from_service)?;
    let into = lookup::find::<SeriesGroup>(ctx, &into)
        .await
        .map_err(from_service)?;
    let merged = people::merge_series(ctx, from.item.id, into.item.id)
        .await
        .map_err(from_service)?;
    Ok(SeriesRow::from(&merged))
}

/// Splits a series by first author; the first row is the series itself, then the ones made.
pub async fn split_series(ctx: &AppContext, key: String) -> Result<Vec<SeriesRow>, ApiError> {
    let series = lookup::find::<SeriesGroup>(ctx, &key)
        .await
        .map_err(from_service)?;
    let parts = people::split_series(ctx, series.item.id)
        .await
        .map_err(from_service)?;
    Ok(parts.iter().map(SeriesRow::from).collect())
}

fn name_query(query: NameListQuery) -> Result<(NameQuery, Page), ApiError> {
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
