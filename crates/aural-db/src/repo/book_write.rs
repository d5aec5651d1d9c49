//! `upsert_batch`: many incoming books written in one transaction with a fixed number of
//! statements per batch (lookups by `IN (…)`, multi-row inserts, one multi-row update).

use std::collections::HashMap;

use aural_core::book::merge;
use aural_core::normalize::{name_key, title_key};
use aural_core::{
    Asin, Book, BookId, BookInput, BookSource, BookStatus, ChangeOp, Entity, StatusClaim,
    Timestamp, book::resolve_status,
};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use crate::error::DbError;
use crate::repo::book_load::load_books;
use crate::repo::book_rows::{
    fts_row, incoming_book, insert_books, search_text_changed, update_books, write_credits,
};
use crate::repo::books::BookRepo;
use crate::repo::claims::{self, StatusMove};
use crate::repo::credits::{Credits, NameTable, first_author, resolve, resolve_series};
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
    /// Inserts or merges a batch of books (SPEC §2.4) in one transaction: either every book, its
    /// source's claims and its change-feed rows are written, or nothing is. `default_status` is
    /// the source's claim for an input that states none.
    pub async fn upsert_batch(
        &self,
        inputs: &[BookInput],
        source: &BookSource,
        default_status: BookStatus,
    ) -> Result<UpsertOutcome, DbError> {
        let clean: Vec<BookInput> = inputs
            .iter()
            .enumerate()
            .map(|(i, b)| b.cleaned(i))
            .collect::<Result<_, _>>()
            .map_err(|e| DbError::Validation {
                field: e.field,
                message: e.message,
            })?;
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

/// One book the batch writes: stored already (`stored` is the book before the batch) or new
/// (its id is assigned once the batch knows how many new books it has).
pub(super) struct Target {
    pub(super) stored: Option<Book>,
    pub(super) state: Book,
    /// What this source says of the book's status.
    pub(super) claim: BookStatus,
}

impl Target {
    pub(super) fn id(&self) -> i64 {
        self.state.id.0
    }
}

pub(super) struct Keys {
    pub(super) title_key: String,
    pub(super) author_key: String,
}

pub(super) fn keys(state: &Book) -> Keys {
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
    inputs: &[BookInput],
    source: &BookSource,
    default_status: BookStatus,
    now: Timestamp,
) -> Result<UpsertOutcome, DbErr> {
    let authors = resolve(
        tx,
        NameTable::Authors,
        inputs
            .iter()
            .flat_map(|b| b.authors.iter().map(String::as_str)),
    )
    .await?;
    // Collected first: an iterator holding a closure across the await makes the future fail the
    // higher-ranked `Send` check of callers that spawn it.
    let series: Vec<(&str, Option<i64>)> = inputs
        .iter()
        .flat_map(|b| {
            let author = first_author(b, &authors);
            b.series.iter().map(move |s| (s.name.as_str(), author))
        })
        .collect();
    let credits = Credits {
        series: resolve_series(tx, &series).await?,
        authors,
        narrators: resolve(
            tx,
            NameTable::Narrators,
            inputs
                .iter()
                .flat_map(|b| b.narrators.iter().map(String::as_str)),
        )
        .await?,
        genres: {
            let names: Vec<&str> = inputs
                .iter()
                .flat_map(|b| b.genres.iter().map(String::as_str))
                .collect();
            resolve(tx, NameTable::Genres, names).await?
        },
    };
    let metadata = source.kind.metadata_source();
    let states: Vec<Book> = inputs
        .iter()
        .map(|b| {
            incoming_book(
                b,
                &credits,
                metadata,
                b.status.unwrap_or(default_status),
                now,
            )
        })
        .collect();
    let input_keys: Vec<Keys> = states.iter().map(keys).collect();
    let by_asin = stored_by_asin(tx, inputs).await?;
    let by_key = stored_by_key(tx, &input_keys).await?;

    let mut wanted_ids: Vec<i64> = by_asin.values().copied().collect();
    wanted_ids.extend(by_key.values().flat_map(|c| c.iter().map(|(id, _)| *id)));
    wanted_ids.sort_unstable();
    wanted_ids.dedup();
    let mut stored: HashMap<i64, Book> = load_books(tx, &wanted_ids)
        .await?
        .into_iter()
        .map(|b| (b.id.0, b))
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
                let state = stored.remove(&id).unwrap_or_else(|| Book {
                    id: BookId(id),
                    ..incoming.clone()
                });
                targets.push(Target {
                    stored: Some(state.clone()),
                    claim: incoming.status,
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
                targets[t].claim = stronger(targets[t].claim, incoming.status);
                t
            }
            None => push_new(&mut targets, incoming),
        };
        if targets[index].stored.is_none() {
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
    for (offset, target) in targets
        .iter_mut()
        .filter(|t| t.stored.is_none())
        .enumerate()
    {
        target.state.id = BookId(next_id + i64::try_from(offset).unwrap_or(i64::MAX));
    }
    let moves = settle_statuses(tx, &mut targets, source, now).await?;
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
    outcome.ids = input_target.iter().map(|&t| targets[t].state.id).collect();

    insert_books(tx, &inserts, now).await?;
    update_books(tx, &updates, now).await?;
    claims::write(tx, source, targets.iter().map(|t| (t.id(), t.claim)), now).await?;
    claims::record_moves(tx, &moves, source.kind.as_str(), None, now).await?;
    write_credits(tx, &inserts, &updates, &credits).await?;
    let fts_new: Vec<FtsRow> = inserts.iter().map(|t| fts_row(t)).collect();
    let fts_changed: Vec<FtsRow> = updates
        .iter()
        .filter(|t| search_text_changed(t))
        .map(|t| fts_row(t))
        .collect();
    fts::write_rows(tx, &fts_new, false).await?;
    fts::write_rows(tx, &fts_changed, true).await?;
    let id_text = |ts: &[&Target]| ts.iter().map(|t| t.id().to_string()).collect::<Vec<_>>();
    changes::record(tx, Entity::Book, ChangeOp::Insert, &id_text(&inserts), now).await?;
    changes::record(tx, Entity::Book, ChangeOp::Update, &id_text(&updates), now).await?;
    Ok(outcome)
}

fn push_new(targets: &mut Vec<Target>, state: Book) -> usize {
    targets.push(Target {
        stored: None,
        claim: state.status,
        state,
    });
    targets.len() - 1
}

/// Two inputs of one batch that land on one book: the source's claim is the stronger of the two.
fn stronger(a: BookStatus, b: BookStatus) -> BookStatus {
    let claim = |status| StatusClaim {
        source: aural_core::SourceKind::ListImport,
        status,
        since: Timestamp(0),
    };
    resolve_status(&[claim(a), claim(b)])
}

/// Sets each target's status from every source's claim, this batch's included (SPEC §2.4), and
/// returns the stored books whose status moved, for the history.
async fn settle_statuses(
    tx: &DatabaseTransaction,
    targets: &mut [Target],
    source: &BookSource,
    now: Timestamp,
) -> Result<Vec<StatusMove>, DbErr> {
    let stored_ids: Vec<i64> = targets
        .iter()
        .filter(|t| t.stored.is_some())
        .map(Target::id)
        .collect();
    let mut others = claims::load(tx, &stored_ids).await?;
    let mut moves = Vec::new();
    for t in targets.iter_mut() {
        let mut all = others.remove(&t.id()).unwrap_or_default();
        let since = match all.iter().position(|c| c.is_from(source)) {
            Some(i) => {
                let previous = all.swap_remove(i);
                if previous.claim.status == t.claim {
                    previous.claim.since
                } else {
                    now
                }
            }
            None => now,
        };
        let mut list: Vec<StatusClaim> = all.iter().map(|c| c.claim).collect();
        list.push(StatusClaim {
            source: source.kind,
            status: t.claim,
            since,
        });
        t.state.status = resolve_status(&list);
        if let Some(before) = &t.stored
            && before.status != t.state.status
        {
            moves.push(StatusMove {
                book: t.id(),
                from: before.status,
                to: t.state.status,
                user_claim_before: None,
            });
        }
    }
    Ok(moves)
}

/// Stored books by every ASIN of the batch, from `books.asin` and `book_asins`.
async fn stored_by_asin(
    tx: &DatabaseTransaction,
    inputs: &[BookInput],
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
