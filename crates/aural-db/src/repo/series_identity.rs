//! Fixing a wrong guess of which series a book belongs to. A series is known by its name and
//! primary author (see `credits::resolve_series`), which keeps two authors' "Legacy" apart but
//! also splits one series written by several authors, and a library from before that rule may
//! hold two authors' series as one. Merge joins same-named series and remembers it; split gives
//! each first author of a mixed series their own.

use aural_core::book::name_fold;
use aural_core::{ChangeOp, Entity, SeriesId, Timestamp};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use crate::error::DbError;
use crate::repo::series::SeriesRepo;
use crate::repo::{changes, sql};

struct SeriesRow {
    id: i64,
    name: String,
    author: Option<i64>,
}

impl SeriesRepo<'_> {
    /// Moves every book of `from` into `into` and deletes `from`; later imports that name
    /// `from`'s series and author land in `into`. Only series of the same name merge.
    pub async fn merge(&self, from: SeriesId, into: SeriesId) -> Result<(), DbError> {
        if from == into {
            return Err(DbError::Validation {
                field: "series",
                message: "a series cannot be merged into itself".to_owned(),
            });
        }
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = async {
            let Some(source) = row(&tx, from).await? else {
                return Ok(Err(not_found(from)));
            };
            let Some(target) = row(&tx, into).await? else {
                return Ok(Err(not_found(into)));
            };
            if name_fold(&source.name) != name_fold(&target.name) {
                return Ok(Err(DbError::Validation {
                    field: "series",
                    message: format!(
                        "\"{}\" and \"{}\" have different names; only series of the same name merge",
                        source.name, target.name
                    ),
                }));
            }
            let books = move_books(&tx, source.id, target.id).await?;
            // The authors that named the merged series now name the target, aliases included.
            let fold = name_fold(&source.name);
            tx.execute_raw(sql::stmt(
                "UPDATE series_aliases SET series_id = ? WHERE series_id = ?",
                vec![Value::from(target.id), Value::from(source.id)],
            ))
            .await?;
            if let Some(author) = source.author.filter(|a| Some(*a) != target.author) {
                tx.execute_raw(sql::stmt(
                    "INSERT INTO series_aliases (name_fold, author_id, series_id) VALUES (?, ?, ?) \
                     ON CONFLICT (name_fold, author_id) DO UPDATE SET series_id = excluded.series_id",
                    vec![Value::from(fold), Value::from(author), Value::from(target.id)],
                ))
                .await?;
            }
            tx.execute_raw(sql::stmt(
                "DELETE FROM series WHERE id = ?",
                vec![Value::from(source.id)],
            ))
            .await?;
            record(&tx, &books, &[source.id, target.id], now).await?;
            Ok(Ok(()))
        }
        .await;
        finish(self, tx, result).await
    }

    /// Gives each first author of `id`'s books other than its primary author a series of the same
    /// name of their own, and moves their books there. Returns the series made or reused.
    pub async fn split(&self, id: SeriesId) -> Result<Vec<SeriesId>, DbError> {
        let now = self.db.now();
        let tx = self.db.begin_write().await?;
        let result = async {
            let Some(series) = row(&tx, id).await? else {
                return Ok(Err(not_found(id)));
            };
            // Aliases pointing here would send the split-off authors straight back.
            tx.execute_raw(sql::stmt(
                "DELETE FROM series_aliases WHERE series_id = ?",
                vec![Value::from(series.id)],
            ))
            .await?;
            let others = sql::ids_of(
                &tx,
                sql::stmt(
                    "SELECT DISTINCT ba.author_id FROM book_series bs \
                     JOIN book_authors ba ON ba.book_id = bs.book_id AND ba.ordinal = 0 \
                     WHERE bs.series_id = ? AND ba.author_id IS NOT ? ORDER BY ba.author_id",
                    vec![Value::from(series.id), Value::from(series.author)],
                ),
            )
            .await?;
            let mut made = Vec::new();
            let mut moved = Vec::new();
            for author in others {
                let existing = sql::ids_of(
                    &tx,
                    sql::stmt(
                        "SELECT id FROM series WHERE name = ? AND primary_author_id = ? \
                         AND id <> ? ORDER BY id LIMIT 1",
                        vec![
                            Value::from(series.name.as_str()),
                            Value::from(author),
                            Value::from(series.id),
                        ],
                    ),
                )
                .await?;
                let target = match existing.first() {
                    Some(&id) => id,
                    None => insert(&tx, &series.name, author).await?,
                };
                let books = sql::ids_of(
                    &tx,
                    sql::stmt(
                        "SELECT bs.book_id FROM book_series bs \
                         JOIN book_authors ba ON ba.book_id = bs.book_id AND ba.ordinal = 0 \
                         WHERE bs.series_id = ? AND ba.author_id = ?",
                        vec![Value::from(series.id), Value::from(author)],
                    ),
                )
                .await?;
                move_some(&tx, series.id, target, &books).await?;
                moved.extend(books);
                made.push(SeriesId(target));
            }
            let mut touched: Vec<i64> = made.iter().map(|s| s.0).collect();
            touched.push(series.id);
            record(&tx, &moved, &touched, now).await?;
            Ok(Ok(made))
        }
        .await;
        finish(self, tx, result).await
    }
}

fn not_found(id: SeriesId) -> DbError {
    DbError::NotFound {
        entity: "series",
        key: id.0.to_string(),
    }
}

/// Commits when the change went through; rolls back on a database error or a refusal.
async fn finish<T>(
    repo: &SeriesRepo<'_>,
    tx: DatabaseTransaction,
    result: Result<Result<T, DbError>, DbErr>,
) -> Result<T, DbError> {
    match result {
        Ok(Ok(value)) => {
            tx.commit().await.map_err(|e| repo.db.fail(e))?;
            Ok(value)
        }
        Ok(Err(refused)) => {
            tx.rollback().await.map_err(|e| repo.db.fail(e))?;
            Err(refused)
        }
        Err(e) => {
            let err = repo.db.fail(e);
            tx.rollback().await.map_err(|e| repo.db.fail(e))?;
            Err(err)
        }
    }
}

async fn row(tx: &DatabaseTransaction, id: SeriesId) -> Result<Option<SeriesRow>, DbErr> {
    let found = tx
        .query_one_raw(sql::stmt(
            "SELECT id, name, primary_author_id FROM series WHERE id = ?",
            vec![Value::from(id.0)],
        ))
        .await?;
    found
        .map(|r| {
            Ok(SeriesRow {
                id: r.try_get_by_index(0)?,
                name: r.try_get_by_index(1)?,
                author: r.try_get_by_index(2)?,
            })
        })
        .transpose()
}

async fn insert(tx: &DatabaseTransaction, name: &str, author: i64) -> Result<i64, DbErr> {
    tx.query_one_raw(sql::stmt(
        "INSERT INTO series (name, primary_author_id) VALUES (?, ?) RETURNING id",
        vec![Value::from(name), Value::from(author)],
    ))
    .await?
    .ok_or(DbErr::RecordNotInserted)?
    .try_get_by_index(0)
}

/// Moves every book link of `from` to `to`; a book already in `to` keeps that link.
async fn move_books(tx: &DatabaseTransaction, from: i64, to: i64) -> Result<Vec<i64>, DbErr> {
    let books = sql::ids_of(
        tx,
        sql::stmt(
            "SELECT book_id FROM book_series WHERE series_id = ?",
            vec![Value::from(from)],
        ),
    )
    .await?;
    move_some(tx, from, to, &books).await?;
    Ok(books)
}

/// Moves the links of `books` from series `from` to `to`, keeping each link's position. Insert
/// first, then delete, so the counter triggers see each book leave one series and join the other.
async fn move_some(
    tx: &DatabaseTransaction,
    from: i64,
    to: i64,
    books: &[i64],
) -> Result<(), DbErr> {
    for chunk in books.chunks(sql::MAX_VARS - 2) {
        let mut values = vec![Value::from(to), Value::from(from)];
        values.extend(sql::ids(chunk));
        let q = format!(
            "INSERT OR IGNORE INTO book_series \
             (book_id, series_id, position_raw, position_sort, position_end, is_primary, ordinal) \
             SELECT book_id, ?, position_raw, position_sort, position_end, is_primary, ordinal \
             FROM book_series \
             WHERE series_id = ? AND book_id IN ({})",
            sql::list(chunk.len())
        );
        tx.execute_raw(sql::stmt(q, values)).await?;
        let mut values = vec![Value::from(from)];
        values.extend(sql::ids(chunk));
        let q = format!(
            "DELETE FROM book_series WHERE series_id = ? AND book_id IN ({})",
            sql::list(chunk.len())
        );
        tx.execute_raw(sql::stmt(q, values)).await?;
    }
    Ok(())
}

/// The change feed: the moved books (their series cells) and the series involved.
async fn record(
    tx: &DatabaseTransaction,
    books: &[i64],
    series: &[i64],
    now: Timestamp,
) -> Result<(), DbErr> {
    let text = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>();
    changes::record(tx, Entity::Book, ChangeOp::Update, &text(books), now).await?;
    changes::record(tx, Entity::Series, ChangeOp::Update, &text(series), now).await
}
