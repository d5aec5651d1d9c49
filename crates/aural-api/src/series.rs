//! Series lists and series pages.

use aural_services::AppContext;
use aural_services::{lookup, people};

use crate::authors::name_query;
use crate::dto::{ApiError, NameListQuery, SeriesPage, SeriesRow};
use crate::error_map::from_service;

pub async fn list_series(ctx: &AppContext, query: NameListQuery) -> Result<SeriesPage, ApiError> {
    let (q, page) = name_query(query)?;
    let series = people::list_series(ctx, &q, page)
        .await
        .map_err(from_service)?;
    Ok(SeriesPage::map(&series, |row| SeriesRow::from(row)))
}

/// `key` is a series id or its name (case-insensitive), also a name that is a number.
pub async fn get_series(ctx: &AppContext, key: String) -> Result<SeriesRow, ApiError> {
    Ok(find_series(ctx, key).await?.0)
}

/// Merges series `from` into `into` (both ids or names) and returns the merged series.
pub async fn merge_series(
    ctx: &AppContext,
    from: String,
    into: String,
) -> Result<SeriesRow, ApiError> {
    let from = lookup::find_series(ctx, &from)
        .await
        .map_err(from_service)?;
    let into = lookup::find_series(ctx, &into)
        .await
        .map_err(from_service)?;
    let merged = people::merge_series(ctx, from.item.id, into.item.id)
        .await
        .map_err(from_service)?;
    Ok(SeriesRow::from(&merged))
}

/// Splits a series by first author; the first row is the series itself, then the ones made.
pub async fn split_series(ctx: &AppContext, key: String) -> Result<Vec<SeriesRow>, ApiError> {
    let series = lookup::find_series(ctx, &key).await.map_err(from_service)?;
    let parts = people::split_series(ctx, series.item.id)
        .await
        .map_err(from_service)?;
    Ok(parts.iter().map(SeriesRow::from).collect())
}

/// Like [`get_series`], with a note when `key` is both a series' id and another series' name.
pub async fn find_series(
    ctx: &AppContext,
    key: String,
) -> Result<(SeriesRow, Option<String>), ApiError> {
    let found = lookup::find_series(ctx, &key).await.map_err(from_service)?;
    Ok((SeriesRow::from(&found.item), found.note))
}
