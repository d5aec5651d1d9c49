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

fn not_found(e: DbError, missing: impl FnOnce() -> ServiceError) -> ServiceError {
    match e {
        DbError::NotFound { .. } => missing(),
        other => ServiceError::Db(other),
    }
}
