//! `download_history`: one row per state a download entered (SPEC §6.1).

// The derives expand to unqualified names from this prelude, so entity files import it whole.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "download_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub download_id: i64,
    pub at: i64,
    pub from_state: Option<String>,
    pub to_state: String,
    pub reason: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
