//! The SQL of a books list: one filter, one sort, used for the page, its total and `EXPLAIN`.

use aural_core::book::normalise_language;
use aural_core::{BookFilter, BookSort, BookStatus, Page, SortDir};
use sea_orm::{Statement, Value};

use crate::repo::{fts, sql};

/// A books list query: where the rows come from, which rows, and in which order.
#[derive(Debug, Clone)]
pub(crate) struct BookListQuery {
    join: String,
    join_values: Vec<Value>,
    conds: Vec<String>,
    cond_values: Vec<Value>,
    order: String,
    /// Set when the filter only narrows by status and language: the total then comes from the
    /// counters the triggers keep, not from counting up to 250k rows.
    counter_filter: Option<(String, Vec<Value>)>,
    /// The FTS expression when the text filter is the only filter: the total is then counted in
    /// the search index alone, without reading a book row per hit.
    search_only: Option<String>,
}

/// Where a text search reads its page from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SearchDrive {
    /// Look up every hit and sort them: best when hits are few.
    Hits,
    /// Walk the sort index and keep rows that are hits: best when hits are common, since a page
    /// is found after reading about `page end × books ÷ hits` index entries.
    SortIndex,
}

impl SearchDrive {
    /// Picks the cheaper plan from the number of hits, the library size and how far the page reaches.
    pub(crate) fn choose(hits: u64, books: u64, page: Page) -> SearchDrive {
        let reach = page.offset() + u64::from(page.size());
        if hits.saturating_mul(hits) > reach.saturating_mul(books) {
            SearchDrive::SortIndex
        } else {
            SearchDrive::Hits
        }
    }
}

impl BookListQuery {
    pub(crate) fn new(filter: &BookFilter, sort: BookSort, dir: SortDir) -> BookListQuery {
        let mut q = BookListQuery {
            join: String::new(),
            join_values: Vec::new(),
            conds: Vec::new(),
            cond_values: Vec::new(),
            order: String::new(),
            counter_filter: None,
            search_only: None,
        };
        let text = filter.query.as_deref().and_then(fts::match_expression);
        if let Some(expr) = &text {
            q.cond(SEARCH_BY_HITS, expr.clone());
        }
        if !filter.statuses.is_empty() {
            q.cond_in("b.status", &filter.statuses);
        }
        if let Some(author) = filter.author {
            q.cond(
                "b.id IN (SELECT book_id FROM book_authors WHERE author_id = ?)",
                author.0,
            );
        }
        if let Some(series) = filter.series {
            q.join = "JOIN book_series fs ON fs.book_id = b.id AND fs.series_id = ?".to_owned();
            q.join_values.push(Value::from(series.0));
        }
        if let Some(narrator) = filter
            .narrator
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            q.cond(
                "b.id IN (SELECT bn.book_id FROM book_narrators bn JOIN narrators n ON n.id = bn.narrator_id \
                 WHERE n.name = ?)",
                narrator,
            );
        }
        let language = filter.language.as_deref().and_then(normalise_language);
        if let Some(language) = &language {
            q.cond("b.language = ?", language.as_str());
        }
        // Text, author and narrator filters each add a condition and a series filter adds the join,
        // so this holds exactly when status and language are the only filters.
        let only_counted = q.join.is_empty()
            && q.conds.len()
                == usize::from(!filter.statuses.is_empty()) + usize::from(language.is_some());
        if only_counted {
            let mut conds = Vec::new();
            let mut values = Vec::new();
            if !filter.statuses.is_empty() {
                conds.push(format!("status IN ({})", sql::list(filter.statuses.len())));
                values.extend(filter.statuses.iter().map(|s| Value::from(s.as_str())));
            }
            if let Some(language) = language {
                conds.push("language = ?".to_owned());
                values.push(Value::from(language));
            }
            let where_sql = if conds.is_empty() {
                String::new()
            } else {
                format!(" WHERE {}", conds.join(" AND "))
            };
            q.counter_filter = Some((where_sql, values));
        }
        if text.is_some() && q.join.is_empty() && q.conds.len() == 1 {
            q.search_only = text;
        }
        q.order = order_by(sort, dir, filter.series.is_some());
        q
    }

    pub(crate) fn has_search(&self) -> bool {
        self.conds
            .iter()
            .any(|c| c == SEARCH_BY_HITS || c == SEARCH_BY_INDEX)
    }

    /// Switches how the text condition is planned; see [`SearchDrive`].
    pub(crate) fn drive_search(&mut self, drive: SearchDrive) {
        let wanted = match drive {
            SearchDrive::Hits => SEARCH_BY_HITS,
            SearchDrive::SortIndex => SEARCH_BY_INDEX,
        };
        for cond in &mut self.conds {
            if cond == SEARCH_BY_HITS || cond == SEARCH_BY_INDEX {
                wanted.clone_into(cond);
            }
        }
    }

    fn cond(&mut self, sql: &str, value: impl Into<Value>) {
        self.conds.push(sql.to_owned());
        self.cond_values.push(value.into());
    }

    fn cond_in(&mut self, column: &str, statuses: &[BookStatus]) {
        self.conds
            .push(format!("{column} IN ({})", sql::list(statuses.len())));
        self.cond_values
            .extend(statuses.iter().map(|s| Value::from(s.as_str())));
    }

    fn where_sql(&self) -> String {
        if self.conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conds.join(" AND "))
        }
    }

    fn values(&self) -> Vec<Value> {
        self.join_values
            .iter()
            .chain(&self.cond_values)
            .cloned()
            .collect()
    }

    /// The ids of one page, in list order.
    pub(crate) fn page_statement(&self, page: Page) -> Statement {
        let text = format!(
            "SELECT b.id FROM books b {} {} ORDER BY {} LIMIT ? OFFSET ?",
            self.join,
            self.where_sql(),
            self.order
        );
        let mut values = self.values();
        values.push(Value::from(i64::from(page.size())));
        values.push(Value::from(
            i64::try_from(page.offset()).unwrap_or(i64::MAX),
        ));
        sql::stmt(text, values)
    }

    /// Every id the filter selects, in no order: the selection of a bulk change.
    pub(crate) fn ids_select(&self) -> (String, Vec<Value>) {
        (
            format!(
                "SELECT b.id FROM books b {} {}",
                self.join,
                self.where_sql()
            ),
            self.values(),
        )
    }

    /// The number of rows the filter selects.
    pub(crate) fn count_statement(&self) -> Statement {
        if let Some(expr) = &self.search_only {
            return sql::stmt(
                "SELECT COUNT(*) FROM books_fts WHERE books_fts MATCH ?",
                vec![Value::from(expr.as_str())],
            );
        }
        match &self.counter_filter {
            Some((where_sql, values)) => sql::stmt(
                format!("SELECT COALESCE(SUM(books), 0) FROM book_counts{where_sql}"),
                values.clone(),
            ),
            None => sql::stmt(
                format!(
                    "SELECT COUNT(*) FROM books b {} {}",
                    self.join,
                    self.where_sql()
                ),
                self.values(),
            ),
        }
    }
}

impl BookListQuery {
    /// The list with series collapsed: matching books that are in no series, and one row per
    /// series that holds a matching book, both ordered by name (a book's sort title, a series'
    /// name). Rows are `(kind, id, name)`: kind 0 for a book, 1 for a series with its name.
    fn collapsed_rows(&self) -> (String, Vec<Value>) {
        let extra = |first: &str| {
            if self.conds.is_empty() {
                first.to_owned()
            } else {
                format!("{first} AND {}", self.conds.join(" AND "))
            }
        };
        let text = format!(
            "SELECT 0 AS kind, b.id AS id, b.sort_title AS k, NULL AS name FROM books b {join} WHERE {books} \
             UNION ALL \
             SELECT 1, s.id, lower(s.name), s.name FROM series s WHERE EXISTS (\
               SELECT 1 FROM book_series gs JOIN books b ON b.id = gs.book_id {join} WHERE {volumes})",
            join = self.join,
            books = extra("b.sort_series IS NULL"),
            volumes = extra("gs.series_id = s.id"),
        );
        let mut values = self.values();
        values.extend(self.values());
        (text, values)
    }

    pub(crate) fn collapsed_page_statement(&self, page: Page, dir: SortDir) -> Statement {
        let (rows, mut values) = self.collapsed_rows();
        let dir = match dir {
            SortDir::Asc => "ASC",
            SortDir::Desc => "DESC",
        };
        values.push(Value::from(i64::from(page.size())));
        values.push(Value::from(
            i64::try_from(page.offset()).unwrap_or(i64::MAX),
        ));
        sql::stmt(
            format!(
                "SELECT kind, id, name FROM ({rows}) ORDER BY k {dir}, kind {dir}, id {dir} LIMIT ? OFFSET ?"
            ),
            values,
        )
    }

    pub(crate) fn collapsed_count_statement(&self) -> Statement {
        let (rows, values) = self.collapsed_rows();
        sql::stmt(format!("SELECT COUNT(*) FROM ({rows})"), values)
    }
}

const SEARCH_BY_HITS: &str = "b.id IN (SELECT rowid FROM books_fts WHERE books_fts MATCH ?)";
/// The unary `+` stops SQLite from using the condition to look rows up, so it reads the sort index
/// in order and tests each row against the hits, materialised once.
const SEARCH_BY_INDEX: &str = "+b.id IN (SELECT rowid FROM books_fts WHERE books_fts MATCH ?)";

/// Every order ends in `b.id` so pages are stable. Each list of terms matches an index of the
/// migration term for term; `(x IS NULL)` first puts books without the value last.
fn order_by(sort: BookSort, dir: SortDir, in_one_series: bool) -> String {
    let terms: &[&str] = match sort {
        BookSort::Title => &["b.sort_title", "b.id"],
        BookSort::Author => &[
            "b.sort_author IS NULL",
            "b.sort_author",
            "b.sort_title",
            "b.id",
        ],
        BookSort::Series if in_one_series => &[
            "fs.position_sort IS NULL",
            "fs.position_sort",
            "b.release_date IS NULL",
            "b.release_date",
            "b.id",
        ],
        BookSort::Series => &[
            "b.sort_series IS NULL",
            "b.sort_series",
            "b.sort_series_pos IS NULL",
            "b.sort_series_pos",
            "b.sort_title",
            "b.id",
        ],
        BookSort::ReleaseDate => &["b.release_date IS NULL", "b.release_date", "b.id"],
        BookSort::AddedDate => &["b.added_at", "b.id"],
        BookSort::Runtime => &["b.runtime_min IS NULL", "b.runtime_min", "b.id"],
        BookSort::Narrator => &[
            "b.sort_narrator IS NULL",
            "b.sort_narrator",
            "b.sort_title",
            "b.id",
        ],
        // The expression of the `books_by_status_rank` index, word for word, so the index serves it.
        BookSort::Status => &[
            "(CASE b.status WHEN 'owned' THEN 0 WHEN 'wanted' THEN 1 WHEN 'downloading' THEN 2 \
             WHEN 'missing' THEN 3 ELSE 4 END)",
            "b.sort_title",
            "b.id",
        ],
    };
    let dir = match dir {
        SortDir::Asc => "ASC",
        SortDir::Desc => "DESC",
    };
    terms
        .iter()
        .map(|t| format!("{t} {dir}"))
        .collect::<Vec<_>>()
        .join(", ")
}
