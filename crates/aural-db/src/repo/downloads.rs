//! The `downloads` table and its `download_history` (SPEC §2.5, §6.1). A state changes only
//! through [`DownloadRepo::transition`], which checks the move against the one transition table
//! (`aural_core::DownloadState`) and against the state the row is in, and writes the history row
//! and the change-feed row in the same transaction.

use aural_core::{
    BookId, ChangeOp, Download, DownloadHistoryEntry, DownloadId, DownloadKind, DownloadState,
    Entity, Health, IllegalTransition, NewDownload, Page, Paged, ProviderId, ReleaseInfo,
    Timestamp, Transfer,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
    Value,
};

use crate::connect::Db;
use crate::entity::{download, download_history};
use crate::error::DbError;
use crate::repo::download_rows::{fact_columns, health_json, parse_state, to_download, to_history};
use crate::repo::{changes, sql};

/// Most history rows one download keeps in view; a download paused and resumed for ever
/// still reads in one bounded query.
const HISTORY_LIMIT: u64 = 1_000;

/// What a client last said about a download; `None` keeps the stored value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DownloadFacts {
    pub client_ref: Option<String>,
    pub transfer: Option<Transfer>,
    pub remote_path: Option<String>,
    pub local_path: Option<String>,
    pub error: Option<String>,
    /// Clears a stored error (a retried hand-over that worked); `error` wins when both are set.
    pub clear_error: bool,
    pub health: Option<Health>,
    /// The try the download is on (1 for the first).
    pub attempt: Option<u32>,
    /// When to try again: `Some(None)` clears it.
    pub next_attempt_at: Option<Option<Timestamp>>,
    /// The client it goes to, once a release is chosen for a queued download.
    pub client: Option<ProviderId>,
    pub kind: Option<DownloadKind>,
    /// The chosen release: its title becomes the download's name.
    pub release: Option<ReleaseInfo>,
}

/// A move from `from` to `to`, with what the client said at that moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub from: DownloadState,
    pub to: DownloadState,
    /// Shown in the history ("client reports 100 %", "paused by the user").
    pub reason: String,
    pub facts: DownloadFacts,
}

impl Transition {
    pub fn new(from: DownloadState, to: DownloadState, reason: impl Into<String>) -> Transition {
        Transition {
            from,
            to,
            reason: reason.into(),
            facts: DownloadFacts::default(),
        }
    }

    pub fn with(mut self, facts: DownloadFacts) -> Transition {
        self.facts = facts;
        self
    }
}

/// Exhaustive on purpose: a move is refused by the table, lost to another writer, or failed in
/// the database, and callers tell these apart.
#[derive(Debug, thiserror::Error)]
pub enum TransitionError {
    /// Not in the transition table; nothing was written.
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    /// Someone else moved it first (the monitor, another window, the CLI); nothing was written.
    #[error("download {id} is {actual} now, no longer {expected}")]
    Moved {
        id: DownloadId,
        expected: DownloadState,
        actual: DownloadState,
    },
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Which downloads a list shows; empty `states` means every state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DownloadFilter {
    pub states: Vec<DownloadState>,
    pub book: Option<BookId>,
}

pub struct DownloadRepo<'a> {
    db: &'a Db,
}

impl<'a> DownloadRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        DownloadRepo { db }
    }

    /// Records a new download and its first history row. A second live download of the same
    /// book or of the same client item is [`DbError::Conflict`].
    pub async fn create(&self, new: &NewDownload) -> Result<Download, DbError> {
        let now = self.db.now();
        let release = &new.release;
        let model = download::ActiveModel {
            book_id: Set(new.book.map(|b| b.0)),
            kind: Set(new.kind.as_str().to_owned()),
            state: Set(new.state.as_str().to_owned()),
            health: Set(health_json(&Health::default())?),
            client_id: Set(new.client.map(|c| c.0)),
            client_ref: Set(new.client_ref.clone()),
            name: Set(release.title.trim().to_owned()),
            indexer_id: Set(release.indexer.map(|p| p.0)),
            guid: Set(release.guid.clone()),
            info_hash: Set(release.info_hash.clone()),
            source_url: Set(release.source_url.clone()),
            progress: Set(0.0),
            speed_bps: Set(0),
            attempt: Set(1),
            priority: Set(new.priority),
            created_at: Set(now.millis()),
            updated_at: Set(now.millis()),
            ..Default::default()
        };
        let tx = self.db.begin_write().await?;
        let inserted = model.insert(&tx).await.map_err(|e| self.conflict(e))?;
        let id = DownloadId(inserted.id);
        self.write_history(&tx, id, None, new.state, &new.reason, now)
            .await
            .map_err(|e| self.db.fail(e))?;
        changes::record(
            &tx,
            Entity::Download,
            ChangeOp::Insert,
            &[id.to_string()],
            now,
        )
        .await
        .map_err(|e| self.db.fail(e))?;
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        to_download(inserted).map_err(|e| self.db.fail(e))
    }

    pub async fn get(&self, id: DownloadId) -> Result<Download, DbError> {
        let model = download::Entity::find_by_id(id.0)
            .one(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?
            .ok_or_else(|| not_found(id))?;
        to_download(model).map_err(|e| self.db.fail(e))
    }

    /// The states it went through, oldest first.
    pub async fn history(&self, id: DownloadId) -> Result<Vec<DownloadHistoryEntry>, DbError> {
        let rows = download_history::Entity::find()
            .filter(download_history::Column::DownloadId.eq(id.0))
            .order_by_desc(download_history::Column::Id)
            .limit(HISTORY_LIMIT)
            .all(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?;
        rows.into_iter()
            .rev()
            .map(to_history)
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.fail(e))
    }

    /// Newest first, for the Downloads page.
    pub async fn list(
        &self,
        filter: &DownloadFilter,
        page: Page,
    ) -> Result<Paged<Download>, DbError> {
        let mut condition = Condition::all();
        if !filter.states.is_empty() {
            condition = condition
                .add(download::Column::State.is_in(filter.states.iter().map(|s| s.as_str())));
        }
        if let Some(book) = filter.book {
            condition = condition.add(download::Column::BookId.eq(book.0));
        }
        let tx = self.db.conn().begin().await.map_err(|e| self.db.fail(e))?;
        let total = download::Entity::find()
            .filter(condition.clone())
            .count(&tx)
            .await
            .map_err(|e| self.db.fail(e))?;
        let models = download::Entity::find()
            .filter(condition)
            .order_by_desc(download::Column::Id)
            .limit(u64::from(page.size()))
            .offset(page.offset())
            .all(&tx)
            .await
            .map_err(|e| self.db.fail(e))?;
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        let items = models
            .into_iter()
            .map(to_download)
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.fail(e))?;
        Ok(Paged { items, total, page })
    }

    /// Up to `limit` downloads in `states` with an id above `after`, by id: the monitor walks
    /// every active download in batches this way.
    pub async fn in_states(
        &self,
        states: &[DownloadState],
        after: Option<DownloadId>,
        limit: u32,
    ) -> Result<Vec<Download>, DbError> {
        let models = download::Entity::find()
            .filter(download::Column::State.is_in(states.iter().map(|s| s.as_str())))
            .filter(download::Column::Id.gt(after.map_or(0, |a| a.0)))
            .order_by_asc(download::Column::Id)
            .limit(u64::from(limit))
            .all(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?;
        models
            .into_iter()
            .map(to_download)
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.fail(e))
    }

    /// The download of `client` named `client_ref` that is not finished, if any.
    pub async fn find_live(
        &self,
        client: ProviderId,
        client_ref: &str,
    ) -> Result<Option<Download>, DbError> {
        self.find_one_live(
            Condition::all()
                .add(download::Column::ClientId.eq(client.0))
                .add(download::Column::ClientRef.eq(client_ref)),
        )
        .await
    }

    /// Wanted books, newest first, with no download going and none started since `since`:
    /// what an automatic pass searches for.
    pub async fn wanted_without_download(
        &self,
        since: Timestamp,
        limit: u32,
    ) -> Result<Vec<BookId>, DbError> {
        let q = "SELECT b.id FROM books b WHERE b.status = 'wanted' AND NOT EXISTS (\
                 SELECT 1 FROM downloads d WHERE d.book_id = b.id \
                 AND (d.state NOT IN ('done', 'failed', 'cancelled') OR d.created_at >= ?)) \
                 ORDER BY b.added_at DESC, b.id DESC LIMIT ?";
        let rows = self
            .db
            .conn()
            .query_all_raw(sql::stmt(
                q,
                vec![Value::from(since.millis()), Value::from(i64::from(limit))],
            ))
            .await
            .map_err(|e| self.db.fail(e))?;
        rows.iter()
            .map(|r| r.try_get_by_index::<i64>(0).map(BookId))
            .collect::<Result<_, DbErr>>()
            .map_err(|e| self.db.fail(e))
    }

    /// How many downloads of `book` were started since `since`, whatever became of them.
    pub async fn started_for_book_since(
        &self,
        book: BookId,
        since: Timestamp,
    ) -> Result<u64, DbError> {
        download::Entity::find()
            .filter(download::Column::BookId.eq(book.0))
            .filter(download::Column::CreatedAt.gte(since.millis()))
            .count(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))
    }

    /// The download of `book` that is not finished, if any.
    pub async fn find_live_for_book(&self, book: BookId) -> Result<Option<Download>, DbError> {
        self.find_one_live(Condition::all().add(download::Column::BookId.eq(book.0)))
            .await
    }

    /// Moves the download from `transition.from` to `transition.to` if the table allows it and
    /// the row is still in `from`; writes the facts, one history row and one change row, all in
    /// one transaction. Reaching a terminal state sets `finished_at`.
    pub async fn transition(
        &self,
        id: DownloadId,
        transition: &Transition,
    ) -> Result<Download, TransitionError> {
        let Transition {
            from,
            to,
            reason,
            facts,
        } = transition;
        from.advance(*to)?;
        let now = self.db.now();
        let mut columns = fact_columns(facts)?;
        columns.push((download::Column::State, Expr::value(to.as_str())));
        if to.is_terminal() {
            columns.push((download::Column::FinishedAt, Expr::value(now.millis())));
        }
        let tx = self.db.begin_write().await?;
        let moved = self
            .update_columns(&tx, id, Some(*from), columns, now)
            .await
            .map_err(|e| self.db.fail(e))?;
        if !moved {
            let actual = self.state_in(&tx, id).await?;
            return Err(TransitionError::Moved {
                id,
                expected: *from,
                actual,
            });
        }
        self.write_history(&tx, id, Some(*from), *to, reason, now)
            .await
            .map_err(|e| self.db.fail(e))?;
        let updated = self.finish_write(tx, id, now).await?;
        Ok(updated)
    }

    /// Writes what a client said without changing the state. Progress alone goes without a
    /// change-feed row (the window hears it from `DownloadUpdated` events); a change of health
    /// or paths gets one, since lists show them.
    pub async fn record(&self, id: DownloadId, facts: &DownloadFacts) -> Result<Download, DbError> {
        let now = self.db.now();
        let visible = facts.health.is_some()
            || facts.attempt.is_some()
            || facts.next_attempt_at.is_some()
            || facts.clear_error
            || facts.client.is_some()
            || facts.release.is_some()
            || facts.client_ref.is_some()
            || facts.remote_path.is_some()
            || facts.local_path.is_some()
            || facts.error.is_some();
        let columns = fact_columns(facts)?;
        let tx = self.db.begin_write().await?;
        let found = self
            .update_columns(&tx, id, None, columns, now)
            .await
            .map_err(|e| self.db.fail(e))?;
        if !found {
            return Err(not_found(id));
        }
        if visible {
            self.finish_write(tx, id, now).await
        } else {
            let model = self.model_in(&tx, id).await?;
            tx.commit().await.map_err(|e| self.db.fail(e))?;
            to_download(model).map_err(|e| self.db.fail(e))
        }
    }

    async fn find_one_live(&self, condition: Condition) -> Result<Option<Download>, DbError> {
        let terminal = DownloadState::ALL
            .into_iter()
            .filter(|s| s.is_terminal())
            .map(DownloadState::as_str);
        let model = download::Entity::find()
            .filter(condition)
            .filter(download::Column::State.is_not_in(terminal))
            .one(self.db.conn())
            .await
            .map_err(|e| self.db.fail(e))?;
        model
            .map(to_download)
            .transpose()
            .map_err(|e| self.db.fail(e))
    }

    /// Sets `columns` and `updated_at` on the row, only while it is in `state` when one is
    /// given; whether a row was updated.
    async fn update_columns(
        &self,
        tx: &DatabaseTransaction,
        id: DownloadId,
        state: Option<DownloadState>,
        columns: Vec<(download::Column, Expr)>,
        now: Timestamp,
    ) -> Result<bool, DbErr> {
        let mut update = download::Entity::update_many()
            .col_expr(download::Column::UpdatedAt, Expr::value(now.millis()))
            .filter(download::Column::Id.eq(id.0));
        if let Some(state) = state {
            update = update.filter(download::Column::State.eq(state.as_str()));
        }
        for (column, value) in columns {
            update = update.col_expr(column, value);
        }
        Ok(update.exec(tx).await?.rows_affected > 0)
    }

    /// Records the change, commits and returns the row as it now is.
    async fn finish_write(
        &self,
        tx: DatabaseTransaction,
        id: DownloadId,
        now: Timestamp,
    ) -> Result<Download, DbError> {
        changes::record(
            &tx,
            Entity::Download,
            ChangeOp::Update,
            &[id.to_string()],
            now,
        )
        .await
        .map_err(|e| self.db.fail(e))?;
        let model = self.model_in(&tx, id).await?;
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        to_download(model).map_err(|e| self.db.fail(e))
    }

    async fn model_in(
        &self,
        tx: &DatabaseTransaction,
        id: DownloadId,
    ) -> Result<download::Model, DbError> {
        download::Entity::find_by_id(id.0)
            .one(tx)
            .await
            .map_err(|e| self.db.fail(e))?
            .ok_or_else(|| not_found(id))
    }

    async fn state_in(
        &self,
        tx: &DatabaseTransaction,
        id: DownloadId,
    ) -> Result<DownloadState, DbError> {
        let model = self.model_in(tx, id).await?;
        parse_state(&model.state).map_err(|e| self.db.fail(e))
    }

    async fn write_history(
        &self,
        tx: &DatabaseTransaction,
        id: DownloadId,
        from: Option<DownloadState>,
        to: DownloadState,
        reason: &str,
        at: Timestamp,
    ) -> Result<(), DbErr> {
        download_history::ActiveModel {
            download_id: Set(id.0),
            at: Set(at.millis()),
            from_state: Set(from.map(|s| s.as_str().to_owned())),
            to_state: Set(to.as_str().to_owned()),
            reason: Set(reason.to_owned()),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        Ok(())
    }

    fn conflict(&self, err: DbErr) -> DbError {
        match self.db.fail(err) {
            DbError::Conflict { source, .. } => DbError::Conflict {
                message: "the book or this item of the download client already has a download in progress".to_owned(),
                source,
            },
            other => other,
        }
    }
}

fn not_found(id: DownloadId) -> DbError {
    DbError::NotFound {
        entity: "download",
        key: id.to_string(),
    }
}
