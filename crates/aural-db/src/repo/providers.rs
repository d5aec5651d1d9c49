//! The `providers` table (SPEC §2.7): one row per indexer, download client or AudioBookShelf
//! server, each write with its change-feed row in the same transaction.

use aural_core::provider::UnreadableSettings;
use aural_core::{
    ChangeOp, Entity, NewProvider, Page, Paged, Provider, ProviderConfig, ProviderHealth,
    ProviderId, ProviderKind, ProviderSettings, SecretRef, Timestamp,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait, Value,
};

use crate::connect::Db;
use crate::entity::provider;
use crate::error::DbError;
use crate::repo::{changes, sql};

/// A change to a provider's name, priority or settings; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProviderEdit {
    pub name: Option<String>,
    pub priority: Option<i32>,
    pub settings: Option<ProviderSettings>,
}

pub struct ProviderRepo<'a> {
    db: &'a Db,
}

impl<'a> ProviderRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        ProviderRepo { db }
    }

    pub async fn add(&self, new: &NewProvider) -> Result<Provider, DbError> {
        let now = self.db.now();
        let settings = settings_json(&new.settings)?;
        let model = provider::ActiveModel {
            kind: Set(new.settings.kind().as_str().to_owned()),
            name: Set(new.name.trim().to_owned()),
            enabled: Set(new.enabled),
            priority: Set(new.priority),
            settings: Set(settings),
            secret_ref: Set(None),
            failure_count: Set(0),
            disabled_until: Set(None),
            last_error: Set(None),
            last_error_at: Set(None),
            created_at: Set(now.millis()),
            updated_at: Set(now.millis()),
            ..Default::default()
        };
        let tx = self.db.begin_write().await?;
        let inserted = model
            .insert(&tx)
            .await
            .map_err(|e| self.named_conflict(e, &new.name))?;
        changes::record(
            &tx,
            Entity::Provider,
            ChangeOp::Insert,
            &[inserted.id.to_string()],
            now,
        )
        .await
        .map_err(|e| self.db.fail(e))?;
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        Ok(to_provider(inserted))
    }

    pub async fn get(&self, id: ProviderId) -> Result<Provider, DbError> {
        let model = provider::Entity::find_by_id(id.0)
            .one(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?;
        model.map(to_provider).ok_or_else(|| not_found(id))
    }

    /// Names are unique regardless of case.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<Provider>, DbError> {
        let model = provider::Entity::find()
            .filter(Expr::cust_with_values(
                "name = ? COLLATE NOCASE",
                [name.trim()],
            ))
            .one(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?;
        Ok(model.map(to_provider))
    }

    /// Providers of the given kinds, lowest priority number first, then by name.
    pub async fn list(
        &self,
        kinds: &[ProviderKind],
        page: Page,
    ) -> Result<Paged<Provider>, DbError> {
        let filter = provider::Column::Kind.is_in(kinds.iter().map(|k| k.as_str()));
        let tx = self.db.conn().begin().await.map_err(|e| self.db.fail(e))?;
        let total = provider::Entity::find()
            .filter(filter.clone())
            .count(&tx)
            .await
            .map_err(|e| self.db.fail(e))?;
        let models = provider::Entity::find()
            .filter(filter)
            .order_by_asc(provider::Column::Priority)
            .order_by_asc(provider::Column::Name)
            .order_by_asc(provider::Column::Id)
            .limit(u64::from(page.size()))
            .offset(page.offset())
            .all(&tx)
            .await
            .map_err(|e| self.db.fail(e))?;
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        Ok(Paged {
            items: models.into_iter().map(to_provider).collect(),
            total,
            page,
        })
    }

    pub async fn edit(&self, id: ProviderId, edit: &ProviderEdit) -> Result<Provider, DbError> {
        let mut columns: Vec<(provider::Column, Expr)> = Vec::new();
        if let Some(name) = &edit.name {
            columns.push((provider::Column::Name, Expr::value(name.trim())));
        }
        if let Some(priority) = edit.priority {
            columns.push((provider::Column::Priority, Expr::value(priority)));
        }
        if let Some(settings) = &edit.settings {
            columns.push((
                provider::Column::Kind,
                Expr::value(settings.kind().as_str()),
            ));
            columns.push((
                provider::Column::Settings,
                Expr::value(settings_json(settings)?),
            ));
        }
        let name = edit.name.as_deref().unwrap_or_default();
        self.update(id, columns, |e| self.named_conflict(e, name))
            .await
    }

    /// The indexer's cached caps (as JSON) and when they were read; `None` before the first read.
    pub async fn caps(&self, id: ProviderId) -> Result<Option<(String, Timestamp)>, DbError> {
        let row = self
            .db
            .conn()
            .query_one_raw(sql::stmt(
                "SELECT caps, caps_at FROM providers WHERE id = ? AND caps IS NOT NULL",
                vec![Value::from(id.0)],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        row.map(|r| Ok((r.try_get_by_index(0)?, Timestamp(r.try_get_by_index(1)?))))
            .transpose()
            .map_err(|e: DbErr| self.db.fail(e))
    }

    /// Keeps the caps just read (as JSON), stamped now. Not a change the window shows, so no
    /// change-feed row.
    pub async fn set_caps(&self, id: ProviderId, caps: &str) -> Result<(), DbError> {
        let now = self.db.now();
        self.db
            .conn()
            .execute_raw(sql::stmt(
                "UPDATE providers SET caps = ?, caps_at = ? WHERE id = ?",
                vec![
                    Value::from(caps),
                    Value::from(now.millis()),
                    Value::from(id.0),
                ],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        Ok(())
    }

    /// The user's switch. Enabling also ends a back-off: "Enable now" resets the schedule.
    pub async fn set_enabled(&self, id: ProviderId, enabled: bool) -> Result<Provider, DbError> {
        let mut columns = vec![(provider::Column::Enabled, Expr::value(enabled))];
        if enabled {
            columns.push((provider::Column::FailureCount, Expr::value(0)));
            columns.push((
                provider::Column::DisabledUntil,
                Expr::value(Option::<i64>::None),
            ));
        }
        self.update(id, columns, |e| self.db.fail(e)).await
    }

    /// Records that a secret is stored under `secret` (or, with `None`, that none is).
    pub async fn set_secret_ref(
        &self,
        id: ProviderId,
        secret: Option<&SecretRef>,
    ) -> Result<Provider, DbError> {
        let text = secret.map(ToString::to_string);
        self.update(
            id,
            vec![(provider::Column::SecretRef, Expr::value(text))],
            |e| self.db.fail(e),
        )
        .await
    }

    /// Reads the health and writes what `next` makes of it, in one write transaction so that two
    /// failures reported at once both count.
    pub async fn update_health(
        &self,
        id: ProviderId,
        next: impl FnOnce(&ProviderHealth) -> ProviderHealth + Send,
    ) -> Result<Provider, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let model = provider::Entity::find_by_id(id.0)
            .one(&tx)
            .await
            .map_err(|e| self.db.fail(e))?
            .ok_or_else(|| not_found(id))?;
        let health = next(&health_of(&model));
        let columns = vec![
            (
                provider::Column::FailureCount,
                Expr::value(i32::try_from(health.failure_count).unwrap_or(i32::MAX)),
            ),
            (
                provider::Column::DisabledUntil,
                Expr::value(health.disabled_until.map(Timestamp::millis)),
            ),
            (provider::Column::LastError, Expr::value(health.last_error)),
            (
                provider::Column::LastErrorAt,
                Expr::value(health.last_error_at.map(Timestamp::millis)),
            ),
        ];
        let updated = self
            .write_columns(&tx, id, columns, now)
            .await
            .map_err(|e| self.db.fail(e))?;
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        Ok(updated)
    }

    pub async fn remove(&self, id: ProviderId) -> Result<(), DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let res = provider::Entity::delete_by_id(id.0)
            .exec(&tx)
            .await
            .map_err(|e| self.db.fail(e))?;
        if res.rows_affected == 0 {
            return Err(not_found(id));
        }
        changes::record(
            &tx,
            Entity::Provider,
            ChangeOp::Delete,
            &[id.to_string()],
            now,
        )
        .await
        .map_err(|e| self.db.fail(e))?;
        tx.commit().await.map_err(|e| self.db.fail(e))
    }

    async fn update(
        &self,
        id: ProviderId,
        columns: Vec<(provider::Column, Expr)>,
        fail: impl FnOnce(DbErr) -> DbError,
    ) -> Result<Provider, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let updated = match self.write_columns(&tx, id, columns, now).await {
            Ok(p) => p,
            Err(DbErr::RecordNotFound(_)) => return Err(not_found(id)),
            Err(e) => return Err(fail(e)),
        };
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        Ok(updated)
    }

    /// Writes `columns` and `updated_at`, records the change, and returns the row as it now is.
    async fn write_columns(
        &self,
        tx: &DatabaseTransaction,
        id: ProviderId,
        columns: Vec<(provider::Column, Expr)>,
        now: Timestamp,
    ) -> Result<Provider, DbErr> {
        let mut update = provider::Entity::update_many()
            .col_expr(provider::Column::UpdatedAt, Expr::value(now.millis()))
            .filter(provider::Column::Id.eq(id.0));
        for (column, value) in columns {
            update = update.col_expr(column, value);
        }
        if update.exec(tx).await?.rows_affected == 0 {
            return Err(DbErr::RecordNotFound(id.to_string()));
        }
        changes::record(
            tx,
            Entity::Provider,
            ChangeOp::Update,
            &[id.to_string()],
            now,
        )
        .await?;
        let model = provider::Entity::find_by_id(id.0)
            .one(tx)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound(id.to_string()))?;
        Ok(to_provider(model))
    }

    fn named_conflict(&self, err: DbErr, name: &str) -> DbError {
        match self.db.fail(err) {
            DbError::Conflict { source, .. } => DbError::Conflict {
                message: format!("a provider named {:?} already exists", name.trim()),
                source,
            },
            other => other,
        }
    }
}

fn not_found(id: ProviderId) -> DbError {
    DbError::NotFound {
        entity: "provider",
        key: id.to_string(),
    }
}

fn settings_json(settings: &ProviderSettings) -> Result<String, DbError> {
    serde_json::to_string(settings).map_err(|e| DbError::Validation {
        field: "settings",
        message: e.to_string(),
    })
}

fn health_of(m: &provider::Model) -> ProviderHealth {
    ProviderHealth {
        failure_count: u32::try_from(m.failure_count).unwrap_or(0),
        disabled_until: m.disabled_until.map(Timestamp),
        last_error: m.last_error.clone(),
        last_error_at: m.last_error_at.map(Timestamp),
    }
}

/// Settings that do not parse (or whose kind disagrees with the row's) keep the row readable as
/// needing attention instead of failing every list it is in.
fn to_provider(m: provider::Model) -> Provider {
    let config = match serde_json::from_str::<ProviderSettings>(&m.settings) {
        Ok(s) if s.kind().as_str() == m.kind => ProviderConfig::Ready(s),
        Ok(s) => ProviderConfig::NeedsAttention(UnreadableSettings {
            kind: m.kind.clone(),
            raw: m.settings.clone(),
            error: format!(
                "the settings are for {}, the row for {}",
                s.kind().as_str(),
                m.kind
            ),
        }),
        Err(e) => ProviderConfig::NeedsAttention(UnreadableSettings {
            kind: m.kind.clone(),
            raw: m.settings.clone(),
            error: e.to_string(),
        }),
    };
    let secret = m.secret_ref.as_deref().and_then(|text| match text.parse::<SecretRef>() {
        Ok(r) => Some(r),
        Err(e) => {
            tracing::warn!(provider = m.id, error = %e, "ignoring an unreadable secret reference");
            None
        }
    });
    Provider {
        id: ProviderId(m.id),
        name: m.name.clone(),
        enabled: m.enabled,
        priority: m.priority,
        health: health_of(&m),
        config,
        secret,
        created_at: Timestamp(m.created_at),
        updated_at: Timestamp(m.updated_at),
    }
}
