//! `upsert_batch`: many incoming books written in one transaction with a fixed number of
//! statements per batch (lookups by `IN (…)`, multi-row inserts, one multi-row update).

use std::collections::HashMap;

use aural_core::normalize::{name_key, title_key};
use aural_core::{
    Asin, BookId, BookInput, BookStatus, ChangeOp, Entity, MetadataSource, Timestamp,
};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use crate::error::DbError;
use crate::repo::book_load::load_books;
use crate::repo::book_merge::{BookState, CleanInput, clean, merge};
use crate::repo::book_rows::{
    fts_row, insert_books, search_text_changed, update_books, write_credits,
};
use crate::repo::books::BookRepo;
use crate::repo::credits::{Credits, NameTable, resolve};
use crate::repo::fts::{self, FtsRow};
use crate::repo::{changes, sql};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpsertOutcome {
    /// Books, not inputs: inputs that land on one book count once.
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// The book each input landed on, in input order (duplicates in a batch share one).
    pub ids: Vec<BookId>,
    /// What each input did, in input order, so a caller can count inputs rather than books.
    pub landings: Vec<Landing>,
}

/// What one input of a batch did to the book it landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    Inserted,
    Updated,
    Unchanged,
    /// An earlier input of the batch landed on the same book; this one was merged into it.
    MergedIntoEarlier,
}

impl BookRepo<'_> {
    /// Inserts or merges a batch of books (SPEC §2.4) in one transaction: either every book and its
    /// change-feed rows are written, or nothing is.
    pub async fn upsert_batch(
        &self,
        inputs: &[BookInput],
        source: MetadataSource,
        default_status: BookStatus,
    ) -> Result<UpsertOutcome, DbError> {
        let clean: Vec<CleanInput> = inputs
            .iter()
            .enumerate()
            .map(|(i, b)| clean(i, b))
            .collect::<Result<_, _>>()?;
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        match write_batch(&tx, &clean, source, default_status, now).await {
            Ok(outcome) => {
                tx.commit().await.map_err(|e| self.db.fail(e))?;
                Ok(outcome)
            }
            Err(e) => {
                let err = self.db.fail(e);
                tx.rollback().await.map_err(|e| self.db.fail(e))?;
                Err(err)
            }
        }
    }
}

/// One book the batch writes: stored already (`stored` is its state before the batch) or new.
pub(super) struct Target {
    pub(super) id: Option<i64>,
    pub(super) stored: Option<BookState>,
    pub(super) state: BookState,
}

pub(super) struct Keys {
    pub(super) title_key: String,
    pub(super) author_key: String,
}

pub(super) fn keys(state: &BookState) -> Keys {
    Keys {
        title_key: title_key(&state.title),
        author_key: state
            .authors
            .first()
            .map(|a| name_key(&a.name))
            .unwrap_or_default(),
    }
}

async fn write_batch(
    tx: &DatabaseTransaction,
    inputs: &[CleanInput],
    source: MetadataSource,
    default_status: BookStatus,
    now: Timestamp,
) -> Result<UpsertOutcome, DbErr> {
    let credits = Credits {
        authors: resolve(
            tx,
            NameTable::Authors,
            inputs
                .iter()
                .flat_map(|b| b.authors.iter().map(String::as_str)),
        )
        .await?,
        narrators: resolve(
            tx,
            NameTable::Narrators,
            inputs
                .iter()
                .flat_map(|b| b.narrators.iter().map(String::as_str)),
        )
        .await?,
        series: {
            // Collected first: an iterator holding this closure across the await makes the future
            // fail the higher-ranked `Send` check of callers that spawn it.
            let names: Vec<&str> = inputs
                .iter()
                .flat_map(|b| b.series.iter().map(|s| s.0.as_str()))
                .collect();
            resolve(tx, NameTable::Series, names).await?
        },
        genres: {
            let names: Vec<&str> = inputs
                .iter()
                .flat_map(|b| b.genres.iter().map(String::as_str))
                .collect();
            resolve(tx, NameTable::Genres, names).await?
        },
    };
    let states: Vec<BookState> = inputs
        .iter()
        .map(|b| b.to_state(&credits, source, b.status.unwrap_or(default_status)))
        .collect();
    let input_keys: Vec<Keys> = states.iter().map(keys).collect();
    let by_asin = stored_by_asin(tx, inputs).await?;
    let by_key = stored_by_key(tx, &input_keys).await?;

    let mut wanted_ids: Vec<i64> = by_asin.values().copied().collect();
    wanted_ids.extend(by_key.values().flat_map(|c| c.iter().map(|(id, _)| *id)));
    wanted_ids.sort_unstable();
    wanted_ids.dedup();
    let mut stored: HashMap<i64, BookState> = load_books(tx, &wanted_ids)
        .await?
        .into_iter()
        .map(|b| (b.id.0, BookState::from(b)))
        .collect();

    let mut targets: Vec<Target> = Vec::new();
    let mut target_of_stored: HashMap<i64, usize> = HashMap::new();
    let mut new_by_asin: HashMap<Asin, usize> = HashMap::new();
    let mut new_by_key: HashMap<(String, String), usize> = HashMap::new();
    let mut input_target = Vec::with_capacity(inputs.len());
    for (incoming, k) in states.into_iter().zip(&input_keys) {
        let key = (k.title_key.clone(), k.author_key.clone());
        let has_asin = incoming.asin.is_some();
        let mut stored_target = |id: i64, targets: &mut Vec<Target>| {
            *target_of_stored.entry(id).or_insert_with(|| {
                let state = stored.remove(&id).unwrap_or_else(|| incoming.clone());
                targets.push(Target {
                    id: Some(id),
                    stored: Some(state.clone()),
                    state,
                });
                targets.len() - 1
            })
        };
        let by_asin_target = match incoming.asin.as_ref() {
            Some(a) => match by_asin.get(a.as_str()) {
                Some(&id) => Some(stored_target(id, &mut targets)),
                None => new_by_asin.get(a).copied(),
            },
            None => None,
        };
        // The fallback identity never merges two different ASINs into one book.
        let target = by_asin_target.or_else(|| {
            let stored_id = by_key
                .get(&key)
                .and_then(|c| c.iter().find(|(_, with_asin)| !has_asin || !with_asin))
                .map(|(id, _)| *id);
            let t = match stored_id {
                Some(id) => stored_target(id, &mut targets),
                None => *new_by_key.get(&key)?,
            };
            (!has_asin || targets[t].state.asin.is_none()).then_some(t)
        });
        let index = match target {
            Some(t) => {
                targets[t].state = merge(&targets[t].state, &incoming);
                t
            }
            None => push_new(&mut targets, incoming),
        };
        if targets[index].id.is_none() {
            if let Some(asin) = &targets[index].state.asin {
                new_by_asin.entry(asin.clone()).or_insert(index);
            }
            new_by_key.entry(key).or_insert(index);
        }
        input_target.push(index);
    }

    let next_id = next_book_id(tx).await?;
    let mut outcome = UpsertOutcome::default();
    let (mut inserts, mut updates) = (Vec::new(), Vec::new());
    for (offset, target) in targets.iter_mut().filter(|t| t.id.is_none()).enumerate() {
        target.id = Some(next_id + i64::try_from(offset).unwrap_or(i64::MAX));
    }
    let mut landing_of_target = Vec::with_capacity(targets.len());
    for target in &targets {
        landing_of_target.push(match &target.stored {
            None => {
                inserts.push(target);
                Landing::Inserted
            }
            Some(before) if *before != target.state => {
                updates.push(target);
                Landing::Updated
            }
            Some(_) => {
                outcome.unchanged += 1;
                Landing::Unchanged
            }
        });
    }
    let mut landed = vec![false; targets.len()];
    outcome.landings = input_target
        .iter()
        .map(|&t| {
            if std::mem::replace(&mut landed[t], true) {
                Landing::MergedIntoEarlier
            } else {
                landing_of_target[t]
            }
        })
        .collect();
    outcome.inserted = inserts.len() as u64;
    outcome.updated = updates.len() as u64;
    outcome.ids = input_target
        .iter()
        .map(|&t| BookId(targets[t].id.unwrap_or_default()))
        .collect();

    insert_books(tx, &inserts, now).await?;
    update_books(tx, &updates, now).await?;
    write_credits(tx, &inserts, &updates, &credits).await?;
    let fts_new: Vec<FtsRow> = inserts.iter().map(|t| fts_row(t)).collect();
    let fts_changed: Vec<FtsRow> = updates
        .iter()
        .filter(|t| search_text_changed(t))
        .map(|t| fts_row(t))
        .collect();
    fts::write_rows(tx, &fts_new, false).await?;
    fts::write_rows(tx, &fts_changed, true).await?;
    let id_text = |ts: &[&Target]| {
        ts.iter()
            .map(|t| t.id.unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    changes::record(tx, Entity::Book, ChangeOp::Insert, &id_text(&inserts), now).await?;
    changes::record(tx, Entity::Book, ChangeOp::Update, &id_text(&updates), now).await?;
    Ok(outcome)
}

fn push_new(targets: &mut Vec<Target>, state: BookState) -> usize {
    targets.push(Target {
        id: None,
        stored: None,
        state,
    });
    targets.len() - 1
}

/// Stored books by every ASIN of the batch, from `books.asin` and `book_asins`.
async fn stored_by_asin(
    tx: &DatabaseTransaction,
    inputs: &[CleanInput],
) -> Result<HashMap<String, i64>, DbErr> {
    let asins: Vec<&str> = inputs
        .iter()
        .filter_map(|b| b.asin.as_ref())
        .map(Asin::as_str)
        .collect();
    let mut out = HashMap::new();
    for chunk in asins.chunks(sql::MAX_VARS / 2) {
        let list = sql::list(chunk.len());
        let q = format!(
            "SELECT asin, book_id FROM book_asins WHERE asin IN ({list}) \
             UNION ALL SELECT asin, id FROM books WHERE asin IN ({list})"
        );
        let values: Vec<Value> = chunk
            .iter()
            .chain(chunk.iter())
            .map(|a| Value::from(*a))
            .collect();
        // `books.asin` rows come last, so the primary ASIN wins over a stray `book_asins` row.
        for row in tx.query_all_raw(sql::stmt(q, values)).await? {
            out.insert(
                row.try_get_by_index::<String>(0)?,
                row.try_get_by_index::<i64>(1)?,
            );
        }
    }
    Ok(out)
}

/// Stored books by fallback identity (title key, first-author key): ids oldest first, each with
/// whether it has an ASIN. The pairs are joined against the identity index so a common title
/// ("Untitled") reads only the rows of the wanted authors; `CROSS JOIN` fixes that order, since a
/// row-value `IN (VALUES …)` makes SQLite 3.40+ scan the whole table.
async fn stored_by_key(
    tx: &DatabaseTransaction,
    keys: &[Keys],
) -> Result<HashMap<(String, String), Vec<(i64, bool)>>, DbErr> {
    let mut pairs: Vec<(&str, &str)> = keys
        .iter()
        .map(|k| (k.title_key.as_str(), k.author_key.as_str()))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut out: HashMap<(String, String), Vec<(i64, bool)>> = HashMap::new();
    for chunk in pairs.chunks(sql::rows_per_statement(2)) {
        let q = format!(
            "SELECT b.title_key, b.author_key, b.id, b.asin IS NOT NULL FROM (VALUES {}) v \
             CROSS JOIN books b ON b.title_key = v.column1 AND b.author_key = v.column2 ORDER BY b.id",
            sql::rows(chunk.len(), 2)
        );
        let values = chunk
            .iter()
            .flat_map(|(t, a)| [Value::from(*t), Value::from(*a)])
            .collect();
        for row in tx.query_all_raw(sql::stmt(q, values)).await? {
            let key = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
            out.entry(key)
                .or_default()
                .push((row.try_get_by_index(2)?, row.try_get_by_index(3)?));
        }
    }
    Ok(out)
}

/// The id the next inserted book gets. Ids are assigned here rather than read back from the
/// inserts so each row maps to its input without a lookup; the batch holds the write lock
/// (`BEGIN IMMEDIATE`), so nobody else can take these ids. `sqlite_sequence` keeps AUTOINCREMENT's
/// promise that ids of deleted books are not reused.
async fn next_book_id(tx: &DatabaseTransaction) -> Result<i64, DbErr> {
    let q = "SELECT MAX(COALESCE((SELECT MAX(id) FROM books), 0), \
             COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'books'), 0)) + 1";
    let row = tx.query_one_raw(sql::stmt(q, vec![])).await?;
    row.map_or(Ok(1), |r| r.try_get_by_index(0))
}
