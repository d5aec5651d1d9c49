//! Reading books.

use std::collections::HashMap;

use aural_core::{Asin, Book, BookFilter, BookId, BookSort, LibraryEntry, Page, Paged, SortDir};
use sea_orm::{ConnectionTrait, TransactionTrait, Value};

use crate::connect::Db;
use crate::error::DbError;
use crate::repo::book_load::load_books;
use crate::repo::book_query::{BookListQuery, SearchDrive};
use crate::repo::series::summaries as series_summaries;
use crate::repo::sql;

pub struct BookRepo<'a> {
    pub(super) db: &'a Db,
}

impl<'a> BookRepo<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        BookRepo { db }
    }

    pub async fn list(
        &self,
        filter: &BookFilter,
        sort: BookSort,
        dir: SortDir,
        page: Page,
    ) -> Result<Paged<Book>, DbError> {
        let mut query = BookListQuery::new(filter, sort, dir);
        // One read transaction: the page and its total come from the same snapshot.
        let tx = self.db.conn().begin().await.map_err(|e| self.db.fail(e))?;
        let total = sql::count(&tx, query.count_statement())
            .await
            .map_err(|e| self.db.fail(e))?;
        if query.has_search() {
            let books = sql::count(&tx, library_size_statement())
                .await
                .map_err(|e| self.db.fail(e))?;
            query.drive_search(SearchDrive::choose(total, books, page));
        }
        let ids = sql::ids_of(&tx, query.page_statement(page))
            .await
            .map_err(|e| self.db.fail(e))?;
        let items = load_books(&tx, &ids).await.map_err(|e| self.db.fail(e))?;
        tx.commit().await.map_err(|e| self.db.fail(e))?;
        Ok(Paged { items, total, page })
    }

    /// A page of the library with series collapsed (see `BookListQuery::collapsed_rows`): each
    /// series shows once, with the counts of all its volumes, as long as one volume matches.
    pub async fn list_collapsed(
        &self,
        filter: &BookFilter,
        dir: SortDir,
        page: Page,
    ) -> Result<Paged<LibraryEntry>, DbError> {
        let query = BookListQuery::new(filter, BookSort::Title, dir);
        let fail = |e| self.db.fail(e);
        let tx = self.db.conn().begin().await.map_err(fail)?;
        let total = sql::count(&tx, query.collapsed_count_statement())
            .await
            .map_err(fail)?;
        let rows = tx
            .query_all_raw(query.collapsed_page_statement(page, dir))
            .await
            .map_err(fail)?;
        let mut book_ids = Vec::new();
        let mut series_rows = Vec::new();
        let mut order = Vec::with_capacity(rows.len());
        for row in &rows {
            let kind: i64 = row.try_get_by_index(0).map_err(fail)?;
            let id: i64 = row.try_get_by_index(1).map_err(fail)?;
            if kind == 0 {
                book_ids.push(id);
            } else {
                series_rows.push((id, row.try_get_by_index::<String>(2).map_err(fail)?));
            }
            order.push((kind, id));
        }
        let mut books: HashMap<i64, Book> = load_books(&tx, &book_ids)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|b| (b.id.0, b))
            .collect();
        let mut series: HashMap<i64, _> = series_summaries(&tx, series_rows)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|s| (s.id.0, s))
            .collect();
        tx.commit().await.map_err(fail)?;
        let items = order
            .into_iter()
            .filter_map(|(kind, id)| match kind {
                0 => books.remove(&id).map(|b| LibraryEntry::Book(Box::new(b))),
                _ => series.remove(&id).map(LibraryEntry::Series),
            })
            .collect();
        Ok(Paged { items, total, page })
    }

    pub async fn get(&self, id: BookId) -> Result<Book, DbError> {
        let mut books = load_books(self.db.conn(), &[id.0])
            .await
            .map_err(|e| self.db.fail(e))?;
        books.pop().ok_or_else(|| DbError::NotFound {
            entity: "book",
            key: id.to_string(),
        })
    }

    /// Finds a book by its primary ASIN or by any other ASIN recorded for it.
    pub async fn get_by_asin(&self, asin: &Asin) -> Result<Book, DbError> {
        let stmt = sql::stmt(
            "SELECT id FROM books WHERE asin = ? UNION ALL SELECT book_id FROM book_asins WHERE asin = ? LIMIT 1",
            vec![Value::from(asin.as_str()), Value::from(asin.as_str())],
        );
        let ids = sql::ids_of(self.db.conn(), stmt)
            .await
            .map_err(|e| self.db.fail(e))?;
        let not_found = || DbError::NotFound {
            entity: "book",
            key: asin.to_string(),
        };
        let id = ids.first().copied().ok_or_else(not_found)?;
        let mut books = load_books(self.db.conn(), &[id])
            .await
            .map_err(|e| self.db.fail(e))?;
        books.pop().ok_or_else(not_found)
    }

    /// Books with an id greater than `after`, by id: a stable walk over the whole library for export.
    pub async fn export_after(
        &self,
        after: Option<BookId>,
        limit: u32,
    ) -> Result<Vec<Book>, DbError> {
        let stmt = sql::stmt(
            "SELECT id FROM books WHERE id > ? ORDER BY id LIMIT ?",
            vec![
                Value::from(after.map_or(0, |a| a.0)),
                Value::from(i64::from(limit)),
            ],
        );
        let ids = sql::ids_of(self.db.conn(), stmt)
            .await
            .map_err(|e| self.db.fail(e))?;
        load_books(self.db.conn(), &ids)
            .await
            .map_err(|e| self.db.fail(e))
    }

    /// The newest books, newest first.
    pub async fn recently_added(&self, limit: u32) -> Result<Vec<Book>, DbError> {
        let ids = sql::ids_of(self.db.conn(), recent_statement(limit))
            .await
            .map_err(|e| self.db.fail(e))?;
        load_books(self.db.conn(), &ids)
            .await
            .map_err(|e| self.db.fail(e))
    }
}

fn library_size_statement() -> sea_orm::Statement {
    sql::stmt("SELECT COALESCE(SUM(books), 0) FROM book_counts", vec![])
}

pub(crate) fn recent_statement(limit: u32) -> sea_orm::Statement {
    sql::stmt(
        "SELECT id FROM books ORDER BY added_at DESC, id DESC LIMIT ?",
        vec![Value::from(i64::from(limit))],
    )
}
