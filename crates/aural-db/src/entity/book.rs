//! `books`: one row per work (SPEC §2.1).

// The derives expand to unqualified names from this prelude, so entity files import it whole.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "books")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub asin: Option<String>,
    pub isbn: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    pub sort_title: String,
    pub sort_author: Option<String>,
    pub sort_series: Option<String>,
    pub sort_series_pos: Option<f64>,
    pub title_key: String,
    pub author_key: String,
    pub status: String,
    pub wanted_reason: Option<String>,
    pub runtime_min: Option<i64>,
    pub release_date: Option<String>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub summary: Option<String>,
    pub copyright: Option<String>,
    pub format_type: Option<String>,
    pub is_adult: bool,
    pub rating_avg: Option<f64>,
    pub rating_count: Option<i64>,
    pub cover_key: Option<String>,
    pub cover_url: Option<String>,
    pub metadata_source: String,
    pub metadata_refreshed_at: Option<i64>,
    pub locked_fields: String,
    pub added_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
