//! `downloads`: what was grabbed and where it stands (SPEC §2.5).

// The derives expand to unqualified names from this prelude, so entity files import it whole.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "downloads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub book_id: Option<i64>,
    pub kind: String,
    pub state: String,
    pub health: String,
    pub client_id: Option<i64>,
    pub client_ref: Option<String>,
    pub name: String,
    pub indexer_id: Option<i64>,
    pub guid: Option<String>,
    pub info_hash: Option<String>,
    pub source_url: Option<String>,
    pub remote_path: Option<String>,
    pub local_path: Option<String>,
    pub size: Option<i64>,
    pub progress: f64,
    pub speed_bps: i64,
    pub eta_s: Option<i64>,
    pub ratio: Option<f64>,
    pub error: Option<String>,
    pub attempt: i32,
    pub next_attempt_at: Option<i64>,
    pub priority: i32,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
