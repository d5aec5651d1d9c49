//! Full-text search over title, subtitle, authors, narrators and series (SQLite FTS5).
//!
//! SQLite-only: the `books_fts` table and `MATCH` syntax. Rows are written here, by the book
//! repository, inside the transaction that writes the book (see the migration for why).

use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::repo::sql;

/// Longer queries are cut to this many words: each word is one more doclist to intersect, and
/// nobody types fifty words into a library search box.
const MAX_TERMS: usize = 16;

/// Turns what a user typed into an FTS5 query that cannot be a syntax error: every word becomes a
/// quoted string (so `AND`, `NEAR(`, `*`, `-` and `"` are plain text), all words must match, and
/// the last one matches as a prefix so results appear while typing. A one-letter prefix is left
/// exact: it would expand to a large share of the vocabulary, and the prefix index covers 2 and 3
/// letters. `None` when nothing searchable is left.
pub(crate) fn match_expression(query: &str) -> Option<String> {
    let words: Vec<&str> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_TERMS)
        .collect();
    let (last, rest) = words.split_last()?;
    let mut terms: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
    let star = if last.chars().count() >= 2 { "*" } else { "" };
    terms.push(format!("\"{last}\"{star}"));
    Some(terms.join(" "))
}

/// The searchable text of one book.
pub(crate) struct FtsRow {
    pub id: i64,
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: String,
    pub narrators: String,
    pub series: String,
}

/// Replaces the search rows of these books.
pub(crate) async fn write_rows<C: ConnectionTrait>(
    conn: &C,
    rows: &[FtsRow],
    replace: bool,
) -> Result<(), DbErr> {
    if replace {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        for chunk in ids.chunks(sql::MAX_VARS) {
            let q = format!(
                "DELETE FROM books_fts WHERE rowid IN ({})",
                sql::list(chunk.len())
            );
            conn.execute_raw(sql::stmt(q, sql::ids(chunk))).await?;
        }
    }
    for chunk in rows.chunks(sql::rows_per_statement(6)) {
        let mut values = Vec::with_capacity(chunk.len() * 6);
        for r in chunk {
            values.extend([
                Value::from(r.id),
                Value::from(r.title.as_str()),
                Value::from(r.subtitle.clone()),
                Value::from(r.authors.as_str()),
                Value::from(r.narrators.as_str()),
                Value::from(r.series.as_str()),
            ]);
        }
        let q = format!(
            "INSERT INTO books_fts (rowid, title, subtitle, authors, narrators, series) VALUES {}",
            sql::rows(chunk.len(), 6)
        );
        conn.execute_raw(sql::stmt(q, values)).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::match_expression;

    #[test]
    fn user_text_becomes_quoted_terms_with_a_prefix_on_the_last() {
        for (input, want) in [
            ("way of kings", Some(r#""way" "of" "kings"*"#)),
            (r#"say "hi""#, Some(r#""say" "hi"*"#)),
            ("NEAR( a AND bc", Some(r#""NEAR" "a" "AND" "bc"*"#)),
            ("-x *", Some(r#""x""#)),
            ("Légende", Some(r#""Légende"*"#)),
            ("\"*-", None),
            ("", None),
        ] {
            assert_eq!(match_expression(input).as_deref(), want, "input {input:?}");
        }
    }

    #[test]
    fn very_long_queries_are_cut_to_a_bounded_number_of_terms() {
        let long = "word ".repeat(2_000);
        let expr = match_expression(&long).expect("words are searchable");
        assert_eq!(expr.matches('"').count(), 2 * super::MAX_TERMS);
    }
}
