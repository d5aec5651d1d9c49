//! Authors and series: paged lists with owned / wanted / missing counts, and single pages.

use aural_core::{AuthorId, AuthorSummary, NameQuery, Page, Paged, SeriesId, SeriesSummary};
use aural_db::DbError;

use crate::context::AppContext;
use crate::error::ServiceError;

pub async fn list_authors(
    ctx: &AppContext,
    query: &NameQuery,
    page: Page,
) -> Result<Paged<AuthorSummary>, ServiceError> {
    Ok(ctx.db().authors().list(query, page).await?)
}

pub async fn get_author(ctx: &AppContext, id: AuthorId) -> Result<AuthorSummary, ServiceError> {
    ctx.db()
        .authors()
        .get(id)
        .await
        .map_err(|e| not_found(e, || ServiceError::AuthorNotFound(id.to_string())))
}

pub async fn find_author(ctx: &AppContext, name: &str) -> Result<AuthorSummary, ServiceError> {
    match ctx.db().authors().find_by_name(name).await? {
        Some(id) => get_author(ctx, id).await,
        None => Err(ServiceError::AuthorNotFound(name.to_owned())),
    }
}

pub async fn list_series(
    ctx: &AppContext,
    query: &NameQuery,
    page: Page,
) -> Result<Paged<SeriesSummary>, ServiceError> {
    Ok(ctx.db().series().list(query, page).await?)
}

pub async fn get_series(ctx: &AppContext, id: SeriesId) -> Result<SeriesSummary, ServiceError> {
    ctx.db()
        .series()
        .get(id)
        .await
        .map_err(|e| not_found(e, || ServiceError::SeriesNotFound(id.to_string())))
}

pub async fn find_series(ctx: &AppContext, name: &str) -> Result<SeriesSummary, ServiceError> {
    match ctx.db().series().find_by_name(name).await? {
        Some(id) => get_series(ctx, id).await,
        None => Err(ServiceError::SeriesNotFound(name.to_owned())),
    }
}

/// Joins two same-named series that are one (a series written by several authors); later
/// imports that name `from`'s series and author land in `into`.
pub async fn merge_series(
    ctx: &AppContext,
    from: SeriesId,
    into: SeriesId,
) -> Result<SeriesSummary, ServiceError> {
    ctx.db()
        .series()
        .merge(from, into)
        .await
        .map_err(series_not_found)?;
    get_series(ctx, into).await
}

/// Gives each first author of a series that mixes authors a series of their own.
pub async fn split_series(
    ctx: &AppContext,
    id: SeriesId,
) -> Result<Vec<SeriesSummary>, ServiceError> {
    let made = ctx
        .db()
        .series()
        .split(id)
        .await
        .map_err(series_not_found)?;
    let mut out = vec![get_series(ctx, id).await?];
    for other in made {
        out.push(get_series(ctx, other).await?);
    }
    Ok(out)
}

fn series_not_found(e: DbError) -> ServiceError {
    match e {
        DbError::NotFound { key, .. } => ServiceError::SeriesNotFound(key),
        other => ServiceError::Db(other),
    }
}

fn not_found(e: DbError, missing: impl FnOnce() -> ServiceError) -> ServiceError {
    match e {
        DbError::NotFound { .. } => missing(),
        other => ServiceError::Db(other),
    }
}
