//! The `jobs` table: what ran, how far it got and how it ended (SPEC §2.6).

use aural_core::{
    ChangeOp, Entity, ErrorCode, JobId, JobKind, JobParams, JobProgress, JobRecord, JobState, Page,
    Paged, Timestamp,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set, SqlErr, Statement, TransactionTrait, UpdateMany,
};

use crate::connect::Db;
use crate::entity::job;
use crate::error::DbError;
use crate::repo::changes;

/// The states in which a job holds its dedupe key.
const ACTIVE: [&str; 2] = ["queued", "running"];

pub struct JobRepo<'a> {
    db: &'a Db,
}

/// What [`JobRepo::create`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    /// Recorded, in this state.
    New(JobState),
    /// A queued or running job (of any process) has the new job's dedupe key; nothing was written.
    Duplicate(JobRecord),
}

/// How a job ended: its final state and progress, the error if it failed, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct JobEnd {
    pub state: JobState,
    pub progress: JobProgress,
    pub error: Option<(ErrorCode, String)>,
    pub at: Timestamp,
}

impl<'a> JobRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        JobRepo { db }
    }

    /// Records a job run by the process `owner` names, in the state `record` says, unless a
    /// queued or running job has its dedupe key.
    pub async fn create(&self, record: &JobRecord, owner: &str) -> Result<Created, DbError> {
        self.insert(record, owner, false).await
    }

    /// Records a top-level job as queued and, in the same transaction, starts it when its kind
    /// has room among the running jobs of every process (see [`JobRepo::start_if_room`]). The
    /// job's first row is then already `running`, with one change row, as for a job that never
    /// waited.
    pub async fn create_and_start(
        &self,
        record: &JobRecord,
        owner: &str,
    ) -> Result<Created, DbError> {
        let mut queued = record.clone();
        queued.state = JobState::Queued;
        self.insert(&queued, owner, true).await
    }

    async fn insert(
        &self,
        record: &JobRecord,
        owner: &str,
        start: bool,
    ) -> Result<Created, DbError> {
        let key = record.params.dedupe_key();
        let params = serde_json::to_string(&record.params)
            .map_err(|e| self.db.fail(DbErr::Json(e.to_string())))?;
        let model = job::ActiveModel {
            id: Set(record.id.to_string()),
            kind: Set(record.kind.as_str().to_owned()),
            state: Set(record.state.as_str().to_owned()),
            parent_id: Set(record.parent_id.map(|p| p.to_string())),
            params: Set(params),
            done: Set(to_i64(record.progress.done)),
            total: Set(record.progress.total.map(to_i64)),
            unit: Set(record.progress.unit.clone()),
            message: Set(record.progress.message.clone()),
            error_code: Set(record.error_code.map(code_text)),
            error: Set(record.error.clone()),
            started_at: Set(record.started_at.millis()),
            finished_at: Set(record.finished_at.map(Timestamp::millis)),
            owner: Set(Some(owner.to_owned())),
            dedupe_key: Set(key.clone()),
        };
        let insert = job::Entity::insert(model).build(DbBackend::Sqlite);
        let then_start = start.then(|| start_statement(record.id, record.kind, record.started_at));
        // Twice: the job holding the key may end between the failed insert and the lookup.
        for _ in 0..2 {
            let failed = match self
                .write_raw(
                    record.id,
                    ChangeOp::Insert,
                    insert.clone(),
                    then_start.clone(),
                )
                .await?
            {
                Ok(true) => return Ok(Created::New(JobState::Running)),
                Ok(false) => return Ok(Created::New(record.state)),
                Err(e) => e,
            };
            let duplicate = matches!(failed.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)));
            let Some(key) = key.as_deref().filter(|_| duplicate) else {
                return Err(self.db.fail(failed));
            };
            if let Some(holder) = self.active_with_key(key).await? {
                return Ok(Created::Duplicate(holder));
            }
        }
        Err(DbError::Conflict {
            message: format!(
                "job {} could not be recorded: the same work keeps being started and ended",
                record.id
            ),
            source: DbErr::RecordNotInserted,
        })
    }

    /// Starts a queued job from `at` on, when fewer than its kind's limit
    /// ([`JobKind::concurrency`]) of top-level jobs of that kind run, counted across every
    /// process; returns whether it started. One statement, so two processes starting at once
    /// cannot both take the last place.
    pub async fn start_if_room(
        &self,
        id: JobId,
        kind: JobKind,
        at: Timestamp,
    ) -> Result<bool, DbError> {
        let update = start_statement(id, kind, at);
        match self.write_raw(id, ChangeOp::Update, update, None).await? {
            Ok(_) => Ok(true),
            Err(DbErr::RecordNotUpdated) => Ok(false),
            Err(e) => Err(self.db.fail(e)),
        }
    }

    /// Saves how far a job got, for a restart to resume from. No change row: progress reaches the
    /// window as events, and a change row per save would make every window refetch its job list.
    pub async fn checkpoint(&self, id: JobId, progress: &JobProgress) -> Result<(), DbError> {
        let rows = progress_update(progress)
            .filter(job::Column::Id.eq(id.to_string()))
            .exec(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?
            .rows_affected;
        if rows == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }

    /// Records how a job ended, with its final progress (checkpoints are seconds apart).
    pub async fn finish(&self, id: JobId, end: &JobEnd) -> Result<(), DbError> {
        let (code, message) = end
            .error
            .clone()
            .map_or((None, None), |(c, m)| (Some(code_text(c)), Some(m)));
        let update = progress_update(&end.progress)
            .col_expr(job::Column::State, Expr::value(end.state.as_str()))
            .col_expr(job::Column::ErrorCode, Expr::value(code))
            .col_expr(job::Column::Error, Expr::value(message))
            .col_expr(job::Column::FinishedAt, Expr::value(end.at.millis()))
            .filter(job::Column::Id.eq(id.to_string()));
        self.write(id, ChangeOp::Update, update.build(DbBackend::Sqlite))
            .await
    }

    pub async fn get(&self, id: JobId) -> Result<JobRecord, DbError> {
        let model = job::Entity::find_by_id(id.to_string())
            .one(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?;
        let model = model.ok_or_else(|| DbError::NotFound {
            entity: "job",
            key: id.to_string(),
        })?;
        to_record(model).map_err(|e| self.db.fail(e))
    }

    /// Jobs newest first.
    pub async fn list(&self, page: Page) -> Result<Paged<JobRecord>, DbError> {
        let tx = self.db.conn().begin().await.map_err(|e| self.db.fail(e))?;
        let total = job::Entity::find()
            .count(&tx)
            .await
            .map_err(|e| self.db.fail(e))?;
        let models = job::Entity::find()
            .order_by_desc(job::Column::StartedAt)
            .order_by_desc(job::Column::Id)
            .limit(u64::from(page.size()))
            .offset(page.offset())
            .all(&tx)
            .await
            .map_err(|e| self.db.fail(e))?;
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        let items = models
            .into_iter()
            .map(to_record)
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.fail(e))?;
        Ok(Paged { items, total, page })
    }

    /// The running jobs, oldest first, but for those of the process `except_owner` names: a
    /// process learns the progress of other processes' jobs only from their rows.
    pub async fn running(&self, except_owner: Option<&str>) -> Result<Vec<JobRecord>, DbError> {
        let mut query =
            job::Entity::find().filter(job::Column::State.eq(JobState::Running.as_str()));
        if let Some(owner) = except_owner {
            query = query.filter(job::Column::Owner.ne(owner));
        }
        let models = query
            .order_by_asc(job::Column::StartedAt)
            .all(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?;
        models
            .into_iter()
            .map(to_record)
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.fail(e))
    }

    /// Marks as interrupted the queued and running jobs whose process is gone: those without an owner, and
    /// those whose owner `is_gone` says so. Returns how many.
    pub async fn interrupt_orphans(
        &self,
        is_gone: impl Fn(&str) -> bool + Send,
    ) -> Result<u64, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = async {
            let active: Vec<(String, Option<String>)> = job::Entity::find()
                .select_only()
                .column(job::Column::Id)
                .column(job::Column::Owner)
                .filter(job::Column::State.is_in(ACTIVE))
                .into_tuple()
                .all(&tx)
                .await?;
            let ids: Vec<String> = active
                .into_iter()
                .filter(|(_, owner)| owner.as_deref().is_none_or(&is_gone))
                .map(|(id, _)| id)
                .collect();
            if ids.is_empty() {
                return Ok(0);
            }
            job::Entity::update_many()
                .col_expr(
                    job::Column::State,
                    Expr::value(JobState::Interrupted.as_str()),
                )
                .col_expr(job::Column::FinishedAt, Expr::value(now.millis()))
                .filter(job::Column::Id.is_in(ids.iter().cloned()))
                .exec(&tx)
                .await?;
            changes::record(&tx, Entity::Job, ChangeOp::Update, &ids, now).await?;
            Ok::<_, DbErr>(ids.len() as u64)
        }
        .await;
        match result {
            Ok(n) => {
                tx.commit().await.map_err(|e| self.db.fail(e))?;
                Ok(n)
            }
            Err(e) => Err(self.db.fail(e)),
        }
    }

    async fn active_with_key(&self, key: &str) -> Result<Option<JobRecord>, DbError> {
        let model = job::Entity::find()
            .filter(job::Column::DedupeKey.eq(key))
            .filter(job::Column::State.is_in(ACTIVE))
            .one(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?;
        model
            .map(to_record)
            .transpose()
            .map_err(|e| self.db.fail(e))
    }

    /// Runs one write and its change row in a transaction; a write that touched no row is NotFound.
    async fn write(&self, id: JobId, op: ChangeOp, write: Statement) -> Result<(), DbError> {
        match self.write_raw(id, op, write, None).await? {
            Ok(_) => Ok(()),
            Err(DbErr::RecordNotUpdated) => Err(not_found(id)),
            Err(e) => Err(self.db.fail(e)),
        }
    }

    /// [`JobRepo::write`], handing back the driver's error of the write itself so that `create`
    /// can tell a duplicate key from other failures. `then` runs in the same transaction after the
    /// write; the answer says whether it changed a row.
    async fn write_raw(
        &self,
        id: JobId,
        op: ChangeOp,
        write: Statement,
        then: Option<Statement>,
    ) -> Result<Result<bool, DbErr>, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let written = async {
            let rows = tx.execute_raw(write).await?.rows_affected();
            if rows == 0 {
                return Err(DbErr::RecordNotUpdated);
            }
            let then_changed = match then {
                Some(then) => tx.execute_raw(then).await?.rows_affected() > 0,
                None => false,
            };
            changes::record(&tx, Entity::Job, op, &[id.to_string()], now).await?;
            Ok(then_changed)
        }
        .await;
        match written {
            Ok(then_changed) => Ok(tx.commit().await.map(|()| then_changed)),
            Err(e) => Ok(Err(e)),
        }
    }
}

/// Moves a queued job to running from `at` on, if fewer than its kind's limit of top-level jobs
/// run in any process.
fn start_statement(id: JobId, kind: JobKind, at: Timestamp) -> Statement {
    let room = Expr::cust_with_values(
        "(SELECT count(*) FROM jobs AS other WHERE other.kind = ? AND other.state = 'running' \
         AND other.parent_id IS NULL) < ?",
        [
            sea_orm::Value::from(kind.as_str()),
            sea_orm::Value::from(to_i64(kind.concurrency() as u64)),
        ],
    );
    job::Entity::update_many()
        .col_expr(job::Column::State, Expr::value(JobState::Running.as_str()))
        .col_expr(job::Column::StartedAt, Expr::value(at.millis()))
        .filter(job::Column::Id.eq(id.to_string()))
        .filter(job::Column::State.eq(JobState::Queued.as_str()))
        .filter(room)
        .build(DbBackend::Sqlite)
}

fn not_found(id: JobId) -> DbError {
    DbError::NotFound {
        entity: "job",
        key: id.to_string(),
    }
}

fn progress_update(progress: &JobProgress) -> UpdateMany<job::Entity> {
    job::Entity::update_many()
        .col_expr(job::Column::Done, Expr::value(to_i64(progress.done)))
        .col_expr(job::Column::Total, Expr::value(progress.total.map(to_i64)))
        .col_expr(job::Column::Unit, Expr::value(progress.unit.clone()))
        .col_expr(job::Column::Message, Expr::value(progress.message.clone()))
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Error codes are stored under their serde name, the same text the UI receives.
fn code_text(code: ErrorCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{code:?}"),
    }
}

fn to_record(m: job::Model) -> Result<JobRecord, DbErr> {
    let bad = |what: &str, value: &str| {
        DbErr::Type(format!(
            "job {}: stored {what} {value:?} is not valid",
            m.id
        ))
    };
    let id = m.id.parse::<JobId>().map_err(|_| bad("id", &m.id))?;
    let kind = JobKind::parse(&m.kind).ok_or_else(|| bad("kind", &m.kind))?;
    let state = JobState::parse(&m.state).ok_or_else(|| bad("state", &m.state))?;
    let params: JobParams =
        serde_json::from_str(&m.params).map_err(|_| bad("params", &m.params))?;
    let parent_id = match &m.parent_id {
        Some(p) => Some(p.parse::<JobId>().map_err(|_| bad("parent id", p))?),
        None => None,
    };
    let error_code = match &m.error_code {
        Some(c) => Some(
            serde_json::from_value::<ErrorCode>(serde_json::Value::String(c.clone()))
                .map_err(|_| bad("error code", c))?,
        ),
        None => None,
    };
    Ok(JobRecord {
        id,
        kind,
        state,
        parent_id,
        params,
        progress: JobProgress {
            done: u64::try_from(m.done).unwrap_or(0),
            total: m.total.map(|t| u64::try_from(t).unwrap_or(0)),
            unit: m.unit,
            message: m.message,
        },
        error_code,
        error: m.error,
        started_at: Timestamp(m.started_at),
        finished_at: m.finished_at.map(Timestamp),
    })
}
