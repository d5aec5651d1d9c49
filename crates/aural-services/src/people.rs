//! Authors and series, the two ways books are grouped under a name. Both are listed with
//! owned / wanted / missing counts, shown one at a time and looked up by id or name through one
//! implementation over [`Group`]; only series can also be merged and split.

use std::fmt::Display;
use std::future::Future;
use std::str::FromStr;

use aural_core::{AuthorId, AuthorSummary, NameQuery, Page, Paged, SeriesId, SeriesSummary};
use aural_db::{Db, DbError};

use crate::context::AppContext;
use crate::error::ServiceError;

/// What differs between authors and series: their types, their repository, and their words.
pub trait Group: Send + Sync + 'static {
    type Id: Copy + FromStr + Display + Send + Sync;
    type Summary: Send + Sync;
    /// One of them in a message: "author", "series".
    const NOUN: &'static str;
    /// The CLI command that shows one, for a note naming another match.
    const SHOW_COMMAND: &'static str;

    fn list(
        db: &Db,
        query: &NameQuery,
        page: Page,
    ) -> impl Future<Output = Result<Paged<Self::Summary>, DbError>> + Send;
    fn get(db: &Db, id: Self::Id) -> impl Future<Output = Result<Self::Summary, DbError>> + Send;
    fn find_by_name(
        db: &Db,
        name: &str,
    ) -> impl Future<Output = Result<Option<Self::Id>, DbError>> + Send;
    fn not_found(key: String) -> ServiceError;
    /// Its id and name, as a note naming it shows them.
    fn id_and_name(summary: &Self::Summary) -> (String, String);
}

pub struct AuthorGroup;

pub struct SeriesGroup;

impl Group for AuthorGroup {
    type Id = AuthorId;
    type Summary = AuthorSummary;
    const NOUN: &'static str = "author";
    const SHOW_COMMAND: &'static str = "authors show";

    async fn list(db: &Db, query: &NameQuery, page: Page) -> Result<Paged<AuthorSummary>, DbError> {
        db.authors().list(query, page).await
    }

    async fn get(db: &Db, id: AuthorId) -> Result<AuthorSummary, DbError> {
        db.authors().get(id).await
    }

    async fn find_by_name(db: &Db, name: &str) -> Result<Option<AuthorId>, DbError> {
        db.authors().find_by_name(name).await
    }

    fn not_found(key: String) -> ServiceError {
        ServiceError::AuthorNotFound(key)
    }

    fn id_and_name(summary: &AuthorSummary) -> (String, String) {
        (summary.id.to_string(), summary.name.clone())
    }
}

impl Group for SeriesGroup {
    type Id = SeriesId;
    type Summary = SeriesSummary;
    const NOUN: &'static str = "series";
    const SHOW_COMMAND: &'static str = "series show";

    async fn list(db: &Db, query: &NameQuery, page: Page) -> Result<Paged<SeriesSummary>, DbError> {
        db.series().list(query, page).await
    }

    async fn get(db: &Db, id: SeriesId) -> Result<SeriesSummary, DbError> {
        db.series().get(id).await
    }

    async fn find_by_name(db: &Db, name: &str) -> Result<Option<SeriesId>, DbError> {
        db.series().find_by_name(name).await
    }

    fn not_found(key: String) -> ServiceError {
        ServiceError::SeriesNotFound(key)
    }

    fn id_and_name(summary: &SeriesSummary) -> (String, String) {
        (summary.id.to_string(), summary.name.clone())
    }
}

pub async fn list<G: Group>(
    ctx: &AppContext,
    query: &NameQuery,
    page: Page,
) -> Result<Paged<G::Summary>, ServiceError> {
    Ok(G::list(ctx.db(), query, page).await?)
}

pub async fn get<G: Group>(ctx: &AppContext, id: G::Id) -> Result<G::Summary, ServiceError> {
    G::get(ctx.db(), id).await.map_err(|e| match e {
        DbError::NotFound { .. } => G::not_found(id.to_string()),
        other => ServiceError::Db(other),
    })
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
    get::<SeriesGroup>(ctx, into).await
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
    let mut out = vec![get::<SeriesGroup>(ctx, id).await?];
    for other in made {
        out.push(get::<SeriesGroup>(ctx, other).await?);
    }
    Ok(out)
}

fn series_not_found(e: DbError) -> ServiceError {
    match e {
        DbError::NotFound { key, .. } => ServiceError::SeriesNotFound(key),
        other => ServiceError::Db(other),
    }
}
