//! The change feed: written by every repository in the transaction of its change, tailed by windows.

use aural_core::{Change, ChangeOp, Entity, MANY_IDS, Timestamp};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Value,
};

use crate::connect::Db;
use crate::entity::change;
use crate::error::DbError;
use crate::repo::sql;

pub struct ChangeRepo<'a> {
    db: &'a Db,
}

impl<'a> ChangeRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        ChangeRepo { db }
    }

    /// The newest sequence number, 0 for an empty feed. A window starts tailing from here.
    pub async fn latest_seq(&self) -> Result<i64, DbError> {
        let row = self
            .db
            .conn()
            .query_one_raw(sql::stmt(
                "SELECT COALESCE(MAX(seq), 0) FROM changes",
                vec![],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        row.map_or(Ok(0), |r| r.try_get_by_index(0))
            .map_err(|e| self.db.fail(e))
    }

    /// Rows after `seq`, oldest first.
    pub async fn since(&self, seq: i64, limit: u32) -> Result<Vec<Change>, DbError> {
        let rows = change::Entity::find()
            .filter(change::Column::Seq.gt(seq))
            .order_by_asc(change::Column::Seq)
            .limit(u64::from(limit))
            .all(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?;
        rows.into_iter()
            .map(to_change)
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.fail(e))
    }

    /// Records a change to something kept outside the database (settings), so that other
    /// processes tailing the feed learn of it.
    pub async fn announce(&self, entity: Entity, op: ChangeOp, id: &str) -> Result<(), DbError> {
        record(self.db.conn(), entity, op, &[id.to_owned()], self.db.now())
            .await
            .map_err(|e| self.db.fail(e))
    }

    /// Deletes rows written before `at` (SPEC §2.6 keeps 7 days); returns how many went.
    pub async fn prune_before(&self, at: Timestamp) -> Result<u64, DbError> {
        let res = change::Entity::delete_many()
            .filter(change::Column::At.lt(at.millis()))
            .exec(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?;
        Ok(res.rows_affected)
    }
}

fn to_change(m: change::Model) -> Result<Change, DbErr> {
    let entity = Entity::parse(&m.entity)
        .ok_or_else(|| DbErr::Type(format!("unknown entity {:?}", m.entity)))?;
    let op = ChangeOp::parse(&m.op)
        .ok_or_else(|| DbErr::Type(format!("unknown change op {:?}", m.op)))?;
    Ok(Change {
        seq: m.seq,
        entity,
        entity_id: m.entity_id,
        op,
        at: aural_core::Timestamp(m.at),
    })
}

/// Appends the one row that says many rows of `entity` changed (an empty id).
pub(crate) async fn record_many<C: ConnectionTrait>(
    conn: &C,
    entity: Entity,
    op: ChangeOp,
    at: Timestamp,
) -> Result<(), DbErr> {
    let values = vec![
        Value::from(entity.as_str()),
        Value::from(op.as_str()),
        Value::from(at.millis()),
    ];
    let text = "INSERT INTO changes (entity, entity_id, op, at) VALUES (?, '', ?, ?)";
    conn.execute_raw(sql::stmt(text, values)).await?;
    Ok(())
}

/// Appends one row per id, or one "many rows" row past [`MANY_IDS`]; callers pass their open
/// transaction so the feed commits with the change.
pub(crate) async fn record<C: ConnectionTrait>(
    conn: &C,
    entity: Entity,
    op: ChangeOp,
    ids: &[String],
    at: Timestamp,
) -> Result<(), DbErr> {
    if ids.len() > MANY_IDS {
        return record_many(conn, entity, op, at).await;
    }
    for chunk in ids.chunks(sql::rows_per_statement(4)) {
        let mut values = Vec::with_capacity(chunk.len() * 4);
        for id in chunk {
            values.extend([
                Value::from(entity.as_str()),
                Value::from(id.as_str()),
                Value::from(op.as_str()),
                Value::from(at.millis()),
            ]);
        }
        let text = format!(
            "INSERT INTO changes (entity, entity_id, op, at) VALUES {}",
            sql::rows(chunk.len(), 4)
        );
        conn.execute_raw(sql::stmt(text, values)).await?;
    }
    Ok(())
}
