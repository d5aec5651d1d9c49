//! Turns a list of book ids into `Book`s with a fixed number of queries: the rows, then one
//! `IN (…)` query each for authors, narrators, series and genres — never one query per book.

use std::collections::HashMap;

use aural_core::book::sort_genres;
use aural_core::{
    Asin, AuthorId, Book, BookDetails, BookId, BookStatus, Credit, MetadataSource, Rating,
    ReleaseDate, SeriesId, SeriesPosition, SeriesRef, Timestamp,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};

use crate::entity::book;
use crate::repo::sql;

/// The columns of `books` a [`Book`] holds; the derived ones (sort and identity keys) are not read.
#[derive(FromQueryResult)]
struct BookRow {
    id: i64,
    asin: Option<String>,
    isbn: Option<String>,
    title: String,
    subtitle: Option<String>,
    status: String,
    runtime_min: Option<i64>,
    release_date: Option<String>,
    language: Option<String>,
    publisher: Option<String>,
    summary: Option<String>,
    copyright: Option<String>,
    format_type: Option<String>,
    is_adult: bool,
    rating_avg: Option<f64>,
    rating_count: Option<i64>,
    cover_url: Option<String>,
    cover_key: Option<String>,
    metadata_source: String,
    added_at: i64,
    updated_at: i64,
}

#[derive(FromQueryResult)]
struct AuthorRow {
    book_id: i64,
    id: i64,
    name: String,
}

#[derive(FromQueryResult)]
struct NarratorRow {
    book_id: i64,
    name: String,
}

#[derive(FromQueryResult)]
struct GenreRow {
    book_id: i64,
    name: String,
}

#[derive(FromQueryResult)]
struct SeriesRow {
    book_id: i64,
    id: i64,
    name: String,
    position_raw: Option<String>,
    position_sort: Option<f64>,
    position_end: Option<f64>,
}

/// Loads the books with these ids, in the order given; ids without a row are skipped.
pub(crate) async fn load_books<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<Vec<Book>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows: HashMap<i64, BookRow> = HashMap::with_capacity(ids.len());
    let mut authors: HashMap<i64, Vec<Credit<AuthorId>>> = HashMap::new();
    let mut narrators: HashMap<i64, Vec<String>> = HashMap::new();
    let mut series: HashMap<i64, Vec<SeriesRef>> = HashMap::new();
    let mut genres: HashMap<i64, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(sql::MAX_VARS) {
        for m in book::Entity::find()
            .select_only()
            .columns([
                book::Column::Id,
                book::Column::Asin,
                book::Column::Isbn,
                book::Column::Title,
                book::Column::Subtitle,
                book::Column::Status,
                book::Column::RuntimeMin,
                book::Column::ReleaseDate,
                book::Column::Language,
                book::Column::Publisher,
                book::Column::Summary,
                book::Column::Copyright,
                book::Column::FormatType,
                book::Column::IsAdult,
                book::Column::RatingAvg,
                book::Column::RatingCount,
                book::Column::CoverUrl,
                book::Column::CoverKey,
                book::Column::MetadataSource,
                book::Column::AddedAt,
                book::Column::UpdatedAt,
            ])
            .filter(book::Column::Id.is_in(chunk.iter().copied()))
            .into_model::<BookRow>()
            .all(conn)
            .await?
        {
            rows.insert(m.id, m);
        }
        let in_list = sql::list(chunk.len());
        let q = format!(
            "SELECT ba.book_id, a.id, a.name FROM book_authors ba JOIN authors a ON a.id = ba.author_id \
             WHERE ba.book_id IN ({in_list}) ORDER BY ba.book_id, ba.ordinal"
        );
        for r in AuthorRow::find_by_statement(sql::stmt(q, sql::ids(chunk)))
            .all(conn)
            .await?
        {
            authors.entry(r.book_id).or_default().push(Credit {
                id: AuthorId(r.id),
                name: r.name,
            });
        }
        let q = format!(
            "SELECT bn.book_id, n.name FROM book_narrators bn JOIN narrators n ON n.id = bn.narrator_id \
             WHERE bn.book_id IN ({in_list}) ORDER BY bn.book_id, bn.ordinal"
        );
        for r in NarratorRow::find_by_statement(sql::stmt(q, sql::ids(chunk)))
            .all(conn)
            .await?
        {
            narrators.entry(r.book_id).or_default().push(r.name);
        }
        let q = format!(
            "SELECT bs.book_id, s.id, s.name, bs.position_raw, bs.position_sort, bs.position_end \
             FROM book_series bs JOIN series s ON s.id = bs.series_id \
             WHERE bs.book_id IN ({in_list}) ORDER BY bs.book_id, bs.ordinal, bs.is_primary DESC, s.name, s.id"
        );
        for r in SeriesRow::find_by_statement(sql::stmt(q, sql::ids(chunk)))
            .all(conn)
            .await?
        {
            let position = r
                .position_raw
                .map(|raw| SeriesPosition::from_parts(raw, r.position_sort, r.position_end));
            series.entry(r.book_id).or_default().push(SeriesRef {
                id: SeriesId(r.id),
                name: r.name,
                position,
            });
        }
        let q = format!(
            "SELECT bg.book_id, g.name FROM book_genres bg JOIN genres g ON g.id = bg.genre_id \
             WHERE bg.book_id IN ({in_list})"
        );
        for r in GenreRow::find_by_statement(sql::stmt(q, sql::ids(chunk)))
            .all(conn)
            .await?
        {
            genres.entry(r.book_id).or_default().push(r.name);
        }
    }
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(m) = rows.remove(id) {
            let book = to_book(
                m,
                authors.remove(id).unwrap_or_default(),
                narrators.remove(id).unwrap_or_default(),
                series.remove(id).unwrap_or_default(),
                genres.remove(id).map_or_else(Vec::new, |mut g| {
                    sort_genres(&mut g);
                    g
                }),
            )?;
            out.push(book);
        }
    }
    Ok(out)
}

fn to_book(
    m: BookRow,
    authors: Vec<Credit<AuthorId>>,
    narrators: Vec<String>,
    series: Vec<SeriesRef>,
    genres: Vec<String>,
) -> Result<Book, DbErr> {
    let bad = |what: &str, value: &str| {
        DbErr::Type(format!(
            "book {}: stored {what} {value:?} is not valid",
            m.id
        ))
    };
    let status: BookStatus = m.status.parse().map_err(|_| bad("status", &m.status))?;
    let metadata_source = MetadataSource::parse(&m.metadata_source)
        .ok_or_else(|| bad("source", &m.metadata_source))?;
    let asin = match &m.asin {
        Some(a) => Some(a.parse::<Asin>().map_err(|_| bad("ASIN", a))?),
        None => None,
    };
    // Versions before calendar checks stored days such as 2023-02-30; their year still holds.
    let release_date = match &m.release_date {
        Some(d) => Some(
            ReleaseDate::parse(d)
                .or_else(|| d.get(..4).and_then(ReleaseDate::parse))
                .ok_or_else(|| bad("release date", d))?,
        ),
        None => None,
    };
    let runtime_min = m.runtime_min.and_then(|r| u32::try_from(r).ok());
    let rating = match (m.rating_avg, m.rating_count) {
        (Some(average), Some(count)) => Some(Rating {
            average,
            count: u64::try_from(count).unwrap_or(0),
        }),
        _ => None,
    };
    Ok(Book {
        id: BookId(m.id),
        asin,
        title: m.title,
        authors,
        narrators,
        series,
        genres,
        status,
        details: BookDetails {
            subtitle: m.subtitle,
            isbn: m.isbn,
            runtime_min,
            release_date,
            language: m.language,
            publisher: m.publisher,
            summary: m.summary,
            copyright: m.copyright,
            format_type: m.format_type,
            is_adult: m.is_adult,
            rating,
            cover_url: m.cover_url,
        },
        cover_key: m.cover_key,
        metadata_source,
        added_at: Timestamp(m.added_at),
        updated_at: Timestamp(m.updated_at),
    })
}
