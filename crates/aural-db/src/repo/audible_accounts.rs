//! The `audible_accounts` table: one row per Audible account, its secret stored elsewhere.

use aural_core::{
    AccountId, AccountState, AudibleAccount, ChangeOp, Entity, NewAudibleAccount, SecretRef,
    Timestamp,
};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, QueryResult, Value};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::{changes, sql};

const COLUMNS: &str = "id, label, marketplace, device_type, customer_name, customer_key, device_serial, \
                       state, library_state_token, last_sync_at, secret_ref, added_at \
                       FROM audible_accounts";

pub struct AudibleAccountRepo<'a> {
    db: &'a Db,
}

impl<'a> AudibleAccountRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        AudibleAccountRepo { db }
    }

    /// Stores a new account. The same customer in the same marketplace, or a label already
    /// used, is a [`DbError::Conflict`].
    pub async fn add(&self, account: &NewAudibleAccount) -> Result<AudibleAccount, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = async {
            let q = "INSERT INTO audible_accounts \
                     (label, marketplace, device_type, customer_name, customer_key, device_serial, added_at) \
                     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
            let row = tx
                .query_one_raw(sql::stmt(
                    q,
                    vec![
                        Value::from(account.label.clone()),
                        Value::from(account.marketplace.clone()),
                        Value::from(account.device_type.clone()),
                        Value::from(account.customer_name.clone()),
                        Value::from(account.customer_key.clone()),
                        Value::from(account.device_serial.clone()),
                        Value::from(now.millis()),
                    ],
                ))
                .await?
                .ok_or(DbErr::RecordNotInserted)?;
            let id = AccountId(row.try_get_by_index(0)?);
            changed(&tx, id, ChangeOp::Insert, now).await?;
            one(&tx, id).await
        }
        .await;
        self.db.finish(tx, result).await
    }

    /// Every account, oldest first.
    pub async fn list(&self) -> Result<Vec<AudibleAccount>, DbError> {
        let rows = self
            .db
            .conn()
            .query_all_raw(sql::stmt(format!("SELECT {COLUMNS} ORDER BY id"), vec![]))
            .await
            .map_err(|e| self.db.fail(e))?;
        rows.iter()
            .map(to_account)
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.fail(e))
    }

    pub async fn get(&self, id: AccountId) -> Result<AudibleAccount, DbError> {
        one(self.db.conn(), id).await.map_err(|e| match e {
            DbErr::RecordNotFound(_) => not_found(id),
            e => self.db.fail(e),
        })
    }

    /// The account with this label, ignoring case.
    pub async fn find_by_label(&self, label: &str) -> Result<Option<AudibleAccount>, DbError> {
        let row = self
            .db
            .conn()
            .query_one_raw(sql::stmt(
                format!("SELECT {COLUMNS} WHERE label = ? COLLATE NOCASE"),
                vec![Value::from(label.trim())],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        row.as_ref()
            .map(to_account)
            .transpose()
            .map_err(|e| self.db.fail(e))
    }

    pub async fn set_secret_ref(
        &self,
        id: AccountId,
        secret: Option<&SecretRef>,
    ) -> Result<AudibleAccount, DbError> {
        self.update(
            id,
            "secret_ref = ?",
            vec![Value::from(secret.map(ToString::to_string))],
        )
        .await
    }

    pub async fn set_state(
        &self,
        id: AccountId,
        state: AccountState,
    ) -> Result<AudibleAccount, DbError> {
        self.update(id, "state = ?", vec![Value::from(state.as_str())])
            .await
    }

    /// Records a complete library sync and the state token its last page carried.
    pub async fn record_sync(
        &self,
        id: AccountId,
        state_token: Option<&str>,
        at: Timestamp,
    ) -> Result<AudibleAccount, DbError> {
        self.update(
            id,
            "library_state_token = ?, last_sync_at = ?",
            vec![Value::from(state_token), Value::from(at.millis())],
        )
        .await
    }

    pub async fn remove(&self, id: AccountId) -> Result<(), DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = async {
            let removed = tx
                .execute_raw(sql::stmt(
                    "DELETE FROM audible_accounts WHERE id = ?",
                    vec![Value::from(id.0)],
                ))
                .await?
                .rows_affected();
            if removed == 0 {
                return Err(DbErr::RecordNotFound(id.to_string()));
            }
            changed(&tx, id, ChangeOp::Delete, now).await
        }
        .await;
        self.db.finish(tx, result).await.map_err(|e| match e {
            DbError::Other(DbErr::RecordNotFound(_)) => not_found(id),
            e => e,
        })
    }

    /// Sets `assignments` (`column = ?, …`, with `values` in order) on one account.
    async fn update(
        &self,
        id: AccountId,
        assignments: &str,
        mut values: Vec<Value>,
    ) -> Result<AudibleAccount, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = async {
            values.push(Value::from(id.0));
            let q = format!("UPDATE audible_accounts SET {assignments} WHERE id = ?");
            if tx.execute_raw(sql::stmt(q, values)).await?.rows_affected() == 0 {
                return Err(DbErr::RecordNotFound(id.to_string()));
            }
            changed(&tx, id, ChangeOp::Update, now).await?;
            one(&tx, id).await
        }
        .await;
        self.db.finish(tx, result).await.map_err(|e| match e {
            DbError::Other(DbErr::RecordNotFound(_)) => not_found(id),
            e => e,
        })
    }
}

async fn changed(
    tx: &DatabaseTransaction,
    id: AccountId,
    op: ChangeOp,
    now: Timestamp,
) -> Result<(), DbErr> {
    changes::record(tx, Entity::Account, op, &[id.to_string()], now).await
}

async fn one<C: ConnectionTrait>(conn: &C, id: AccountId) -> Result<AudibleAccount, DbErr> {
    let row = conn
        .query_one_raw(sql::stmt(
            format!("SELECT {COLUMNS} WHERE id = ?"),
            vec![Value::from(id.0)],
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(id.to_string()))?;
    to_account(&row)
}

fn to_account(row: &QueryResult) -> Result<AudibleAccount, DbErr> {
    let state: String = row.try_get_by_index(7)?;
    let secret: Option<String> = row.try_get_by_index(10)?;
    Ok(AudibleAccount {
        id: AccountId(row.try_get_by_index(0)?),
        label: row.try_get_by_index(1)?,
        marketplace: row.try_get_by_index(2)?,
        device_type: row.try_get_by_index(3)?,
        customer_name: row.try_get_by_index(4)?,
        customer_key: row.try_get_by_index(5)?,
        device_serial: row.try_get_by_index(6)?,
        state: AccountState::parse(&state)
            .ok_or_else(|| DbErr::Type(format!("unknown account state {state:?}")))?,
        library_state_token: row.try_get_by_index(8)?,
        last_sync_at: row.try_get_by_index::<Option<i64>>(9)?.map(Timestamp),
        secret: secret
            .map(|s| {
                s.parse()
                    .map_err(|_| DbErr::Type(format!("unreadable secret reference {s:?}")))
            })
            .transpose()?,
        added_at: Timestamp(row.try_get_by_index(11)?),
    })
}

fn not_found(id: AccountId) -> DbError {
    DbError::NotFound {
        entity: "Audible account",
        key: id.to_string(),
    }
}
