//! The row writes of an upsert: books by multi-row insert and `UPDATE … FROM (VALUES …)`, their
//! author, narrator and series links, and their search rows.

use aural_core::book::sort_genres;
use aural_core::normalize::{sort_name, sort_title};
use aural_core::{
    AuthorId, Book, BookId, BookInput, BookStatus, Credit, MetadataSource, SeriesId, SeriesRef,
    Timestamp,
};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use crate::repo::book_write::{Target, keys};
use crate::repo::credits::{Credits, first_author};
use crate::repo::fts::FtsRow;
use crate::repo::sql;

/// The book an input describes on its own, credits resolved to ids; its id is assigned when it
/// is inserted.
pub(super) fn incoming_book(
    input: &BookInput,
    credits: &Credits,
    source: MetadataSource,
    status: BookStatus,
    now: Timestamp,
) -> Book {
    let series_author = first_author(input, &credits.authors);
    let mut seen = std::collections::HashSet::new();
    // Two names that resolve to one author (an alias and the name) count once.
    let authors = input
        .authors
        .iter()
        .filter_map(|n| credits.authors.get(n))
        .filter(|(id, _)| seen.insert(*id))
        .map(|(id, name)| Credit {
            id: AuthorId(id),
            name: name.to_owned(),
        })
        .collect();
    let mut genres: Vec<String> = input
        .genres
        .iter()
        .filter_map(|g| credits.genres.get(g))
        .map(|(_, g)| g.to_owned())
        .collect();
    sort_genres(&mut genres);
    Book {
        id: BookId(0),
        asin: input.asin.clone(),
        title: input.title.clone(),
        authors,
        narrators: input
            .narrators
            .iter()
            .filter_map(|n| credits.narrators.get(n))
            .map(|(_, n)| n.to_owned())
            .collect(),
        series: input
            .series
            .iter()
            .filter_map(|s| {
                credits
                    .series
                    .get(&s.name, series_author)
                    .map(|(id, name)| SeriesRef {
                        id: SeriesId(id),
                        name: name.to_owned(),
                        position: s.position.clone(),
                    })
            })
            .collect(),
        genres,
        status,
        details: input.details.clone(),
        cover_key: None,
        metadata_source: source,
        added_at: now,
        updated_at: now,
    }
}

/// The stored columns of a book, in the order of [`BOOK_COLUMNS`] after `id`.
fn columns(book: &Book) -> Vec<Value> {
    let k = keys(book);
    let first_series = book.series.first();
    let d = &book.details;
    vec![
        Value::from(book.asin.as_ref().map(|a| a.as_str().to_owned())),
        Value::from(d.isbn.clone()),
        Value::from(book.title.as_str()),
        Value::from(d.subtitle.clone()),
        Value::from(sort_title(&book.title).to_lowercase()),
        Value::from(
            book.authors
                .first()
                .map(|a| sort_name(&a.name).to_lowercase()),
        ),
        Value::from(first_series.map(|s| s.name.to_lowercase())),
        Value::from(
            first_series
                .and_then(|s| s.position.as_ref())
                .and_then(|p| p.first()),
        ),
        Value::from(k.title_key),
        Value::from(k.author_key),
        Value::from(book.status.as_str()),
        Value::from(d.runtime_min.map(i64::from)),
        Value::from(d.release_date.map(|d| d.to_iso())),
        Value::from(d.language.clone()),
        Value::from(d.publisher.clone()),
        Value::from(d.summary.clone()),
        Value::from(d.copyright.clone()),
        Value::from(d.format_type.clone()),
        Value::from(d.is_adult),
        Value::from(d.rating.map(|r| r.average)),
        Value::from(d.rating.map(|r| i64::try_from(r.count).unwrap_or(i64::MAX))),
        Value::from(d.cover_url.clone()),
        Value::from(book.metadata_source.as_str()),
        Value::from(book.narrators.first().map(|n| n.to_lowercase())),
    ]
}

const BOOK_COLUMNS: [&str; 25] = [
    "id",
    "asin",
    "isbn",
    "title",
    "subtitle",
    "sort_title",
    "sort_author",
    "sort_series",
    "sort_series_pos",
    "title_key",
    "author_key",
    "status",
    "runtime_min",
    "release_date",
    "language",
    "publisher",
    "summary",
    "copyright",
    "format_type",
    "is_adult",
    "rating_avg",
    "rating_count",
    "cover_url",
    "metadata_source",
    "sort_narrator",
];

pub(super) async fn insert_books(
    tx: &DatabaseTransaction,
    targets: &[&Target],
    now: Timestamp,
) -> Result<(), DbErr> {
    let width = BOOK_COLUMNS.len() + 2;
    for chunk in targets.chunks(sql::rows_per_statement(width)) {
        let mut values = Vec::with_capacity(chunk.len() * width);
        for t in chunk {
            values.push(Value::from(t.id()));
            values.extend(columns(&t.state));
            values.extend([Value::from(now.millis()), Value::from(now.millis())]);
        }
        let q = format!(
            "INSERT INTO books ({}, added_at, updated_at) VALUES {}",
            BOOK_COLUMNS.join(", "),
            sql::rows(chunk.len(), width)
        );
        tx.execute_raw(sql::stmt(q, values)).await?;
    }
    Ok(())
}

/// A new cover URL makes the cached cover stale: the fetcher gets the new one (SET expressions
/// read the row as it was, so `books.cover_url` is the old URL here).
fn cover_reset() -> [String; 2] {
    let url = BOOK_COLUMNS
        .iter()
        .position(|c| *c == "cover_url")
        .unwrap_or_default()
        + 1;
    ["cover_key", "cover_failed_at"].map(|c| {
        format!("{c} = CASE WHEN books.cover_url IS v.column{url} THEN books.{c} ELSE NULL END")
    })
}

/// One `UPDATE … FROM (VALUES …)` per chunk (SQLite ≥ 3.33) instead of one statement per book.
pub(super) async fn update_books(
    tx: &DatabaseTransaction,
    targets: &[&Target],
    now: Timestamp,
) -> Result<(), DbErr> {
    let width = BOOK_COLUMNS.len();
    let set: Vec<String> = BOOK_COLUMNS
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, c)| format!("{c} = v.column{}", i + 1))
        .chain(cover_reset())
        .collect();
    for chunk in targets.chunks(sql::rows_per_statement(width)) {
        let mut values = Vec::with_capacity(chunk.len() * width + 1);
        values.push(Value::from(now.millis()));
        for t in chunk {
            values.push(Value::from(t.id()));
            values.extend(columns(&t.state));
        }
        let q = format!(
            "UPDATE books SET updated_at = ?, {} FROM (VALUES {}) AS v WHERE books.id = v.column1",
            set.join(", "),
            sql::rows(chunk.len(), width)
        );
        tx.execute_raw(sql::stmt(q, values)).await?;
    }
    Ok(())
}

/// Rewrites the author, narrator, series and genre links of new books and of stored books whose
/// lists changed.
pub(super) async fn write_credits(
    tx: &DatabaseTransaction,
    inserts: &[&Target],
    updates: &[&Target],
    credits: &Credits,
) -> Result<(), DbErr> {
    let changed = |pick: fn(&Target) -> bool| -> Vec<&Target> {
        inserts
            .iter()
            .copied()
            .chain(updates.iter().copied().filter(|t| pick(t)))
            .collect()
    };
    let author_books = changed(|t| {
        t.stored
            .as_ref()
            .is_some_and(|s| s.authors != t.state.authors)
    });
    let narrator_books = changed(|t| {
        t.stored
            .as_ref()
            .is_some_and(|s| s.narrators != t.state.narrators)
    });
    let series_books = changed(|t| {
        t.stored
            .as_ref()
            .is_some_and(|s| s.series != t.state.series)
    });
    let genre_books = changed(|t| {
        t.stored
            .as_ref()
            .is_some_and(|s| s.genres != t.state.genres)
    });
    let stored_ids = |ts: &[&Target]| {
        ts.iter()
            .filter(|t| t.stored.is_some())
            .map(|t| t.id())
            .collect::<Vec<_>>()
    };

    let mut rows = Vec::new();
    for t in &author_books {
        for (ordinal, a) in t.state.authors.iter().enumerate() {
            rows.push(vec![
                Value::from(t.id()),
                Value::from(a.id.0),
                Value::from(ordinal as i64),
            ]);
        }
    }
    relink(
        tx,
        "book_authors",
        "book_id, author_id, ordinal",
        &stored_ids(&author_books),
        rows,
    )
    .await?;

    let mut rows = Vec::new();
    for t in &narrator_books {
        for (ordinal, name) in t.state.narrators.iter().enumerate() {
            if let Some((id, _)) = credits.narrators.get(name) {
                rows.push(vec![
                    Value::from(t.id()),
                    Value::from(id),
                    Value::from(ordinal as i64),
                ]);
            }
        }
    }
    relink(
        tx,
        "book_narrators",
        "book_id, narrator_id, ordinal",
        &stored_ids(&narrator_books),
        rows,
    )
    .await?;

    let mut rows = Vec::new();
    for t in &series_books {
        for (i, s) in t.state.series.iter().enumerate() {
            let p = s.position.as_ref();
            rows.push(vec![
                Value::from(t.id()),
                Value::from(s.id.0),
                Value::from(p.map(|p| p.raw().to_owned())),
                Value::from(p.and_then(|p| p.first())),
                Value::from(p.and_then(|p| p.end())),
                Value::from(i == 0),
                Value::from(i as i64),
            ]);
        }
    }
    let cols = "book_id, series_id, position_raw, position_sort, position_end, is_primary, ordinal";
    relink(tx, "book_series", cols, &stored_ids(&series_books), rows).await?;

    let mut rows = Vec::new();
    for t in &genre_books {
        for name in &t.state.genres {
            if let Some((id, _)) = credits.genres.get(name) {
                rows.push(vec![Value::from(t.id()), Value::from(id)]);
            }
        }
    }
    relink(
        tx,
        "book_genres",
        "book_id, genre_id",
        &stored_ids(&genre_books),
        rows,
    )
    .await
}

async fn relink(
    tx: &DatabaseTransaction,
    table: &str,
    columns: &str,
    clear: &[i64],
    rows: Vec<Vec<Value>>,
) -> Result<(), DbErr> {
    for chunk in clear.chunks(sql::MAX_VARS) {
        let q = format!(
            "DELETE FROM {table} WHERE book_id IN ({})",
            sql::list(chunk.len())
        );
        tx.execute_raw(sql::stmt(q, sql::ids(chunk))).await?;
    }
    let width = columns.split(',').count();
    for chunk in rows.chunks(sql::rows_per_statement(width)) {
        let q = format!(
            "INSERT INTO {table} ({columns}) VALUES {}",
            sql::rows(chunk.len(), width)
        );
        tx.execute_raw(sql::stmt(q, chunk.iter().flatten().cloned().collect()))
            .await?;
    }
    Ok(())
}

pub(super) fn search_text_changed(t: &Target) -> bool {
    t.stored.as_ref().is_some_and(|s| {
        s.title != t.state.title
            || s.details.subtitle != t.state.details.subtitle
            || s.authors != t.state.authors
            || s.narrators != t.state.narrators
            || s.series
                .iter()
                .map(|x| x.id)
                .ne(t.state.series.iter().map(|x| x.id))
    })
}

pub(super) fn fts_row(t: &Target) -> FtsRow {
    let s = &t.state;
    FtsRow {
        id: t.id(),
        title: s.title.clone(),
        subtitle: s.details.subtitle.clone(),
        authors: s
            .authors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        narrators: s.narrators.join(", "),
        series: s
            .series
            .iter()
            .map(|x| x.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}
