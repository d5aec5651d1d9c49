//! `jobs`: background work as it ran (SPEC §2.6).

// The derives expand to unqualified names from this prelude, so entity files import it whole.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub kind: String,
    pub state: String,
    pub parent_id: Option<String>,
    pub params: String,
    pub done: i64,
    pub total: Option<i64>,
    pub unit: String,
    pub message: Option<String>,
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    /// The process running the job (see `aural-services`' job owners); NULL for older rows.
    pub owner: Option<String>,
    /// Unique among queued and running jobs (see the `jobs_active_dedupe` index).
    pub dedupe_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
