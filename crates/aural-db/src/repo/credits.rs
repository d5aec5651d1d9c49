//! Get-or-create of the names credited on books (authors, narrators, series, genres), in bulk: one
//! `IN (…)` lookup and one multi-row insert per table and batch, whatever the number of books.
//! A series is known by its name and its primary author, so two authors' "Legacy" stay apart.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::repo::sql;
use aural_core::BookInput;
use aural_core::book::name_fold;

/// Resolved names: case-folded name → (id, name as stored).
#[derive(Debug, Default)]
pub(crate) struct NameIds {
    by_fold: HashMap<String, (i64, String)>,
}

impl NameIds {
    pub(crate) fn get(&self, name: &str) -> Option<(i64, &str)> {
        self.by_fold
            .get(&name_fold(name))
            .map(|(id, stored)| (*id, stored.as_str()))
    }

    fn insert(&mut self, fold: String, id: i64, name: String) {
        self.by_fold.entry(fold).or_insert((id, name));
    }
}

/// The author a book's series belong to: its first credited author.
pub(crate) fn first_author(input: &BookInput, authors: &NameIds) -> Option<i64> {
    input
        .authors
        .first()
        .and_then(|a| authors.get(a))
        .map(|(id, _)| id)
}

/// Resolved series: (case-folded name, primary author) → (id, name as stored).
#[derive(Debug, Default)]
pub(crate) struct SeriesIds {
    by_key: HashMap<(String, Option<i64>), (i64, String)>,
}

impl SeriesIds {
    /// The series `name` of a book whose first author is `author`.
    pub(crate) fn get(&self, name: &str, author: Option<i64>) -> Option<(i64, &str)> {
        self.by_key
            .get(&(name_fold(name), author))
            .map(|(id, stored)| (*id, stored.as_str()))
    }
}

#[derive(Debug, Default)]
pub(crate) struct Credits {
    pub authors: NameIds,
    pub narrators: NameIds,
    pub series: SeriesIds,
    pub genres: NameIds,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum NameTable {
    Authors,
    Narrators,
    Genres,
}

impl NameTable {
    /// Finds existing rows by name. Genre names are not unique: the oldest row wins.
    fn select(self, n: usize) -> String {
        let list = sql::list(n);
        match self {
            NameTable::Authors => format!("SELECT id, name FROM authors WHERE name IN ({list})"),
            NameTable::Narrators => {
                format!("SELECT id, name FROM narrators WHERE name IN ({list})")
            }
            NameTable::Genres => {
                format!("SELECT MIN(id), name FROM genres WHERE name IN ({list}) GROUP BY name")
            }
        }
    }

    fn insert(self, n: usize) -> String {
        match self {
            NameTable::Authors => {
                format!(
                    "INSERT INTO authors (name, sort_name) VALUES {} RETURNING id, name",
                    sql::rows(n, 2)
                )
            }
            NameTable::Narrators => format!(
                "INSERT INTO narrators (name) VALUES {} RETURNING id, name",
                sql::rows(n, 1)
            ),
            NameTable::Genres => format!(
                "INSERT INTO genres (name) VALUES {} RETURNING id, name",
                sql::rows(n, 1)
            ),
        }
    }

    fn insert_values(self, name: &str) -> Vec<Value> {
        match self {
            NameTable::Authors => vec![
                Value::from(name),
                Value::from(aural_core::normalize::sort_name(name)),
            ],
            NameTable::Narrators | NameTable::Genres => vec![Value::from(name)],
        }
    }

    fn columns(self) -> usize {
        match self {
            NameTable::Authors => 2,
            NameTable::Narrators | NameTable::Genres => 1,
        }
    }
}

/// Resolves every name to a row id, creating rows for names not seen before. Author names that are
/// a recorded alias resolve to the aliased author.
pub(crate) async fn resolve<'n, C: ConnectionTrait>(
    conn: &C,
    table: NameTable,
    names: impl IntoIterator<Item = &'n str>,
) -> Result<NameIds, DbErr> {
    let mut wanted: HashMap<String, &str> = HashMap::new();
    for name in names {
        wanted.entry(name_fold(name)).or_insert(name);
    }
    let mut out = NameIds::default();
    if matches!(table, NameTable::Authors) {
        let folds: Vec<&String> = wanted.keys().collect();
        for chunk in folds.chunks(sql::MAX_VARS) {
            let q = format!(
                "SELECT aa.alias, a.id, a.name FROM author_aliases aa JOIN authors a ON a.id = aa.author_id \
                 WHERE aa.alias IN ({})",
                sql::list(chunk.len())
            );
            let values = chunk.iter().map(|f| Value::from(f.as_str())).collect();
            for row in conn.query_all_raw(sql::stmt(q, values)).await? {
                let alias: String = row.try_get_by_index(0)?;
                out.insert(
                    name_fold(&alias),
                    row.try_get_by_index(1)?,
                    row.try_get_by_index(2)?,
                );
            }
        }
    }
    let pending: Vec<&str> = wanted
        .iter()
        .filter(|(f, _)| out.get(f).is_none())
        .map(|(_, n)| *n)
        .collect();
    for chunk in pending.chunks(sql::MAX_VARS) {
        let values = chunk.iter().map(|n| Value::from(*n)).collect();
        for row in conn
            .query_all_raw(sql::stmt(table.select(chunk.len()), values))
            .await?
        {
            let name: String = row.try_get_by_index(1)?;
            out.insert(name_fold(&name), row.try_get_by_index(0)?, name);
        }
    }
    let missing: Vec<&str> = pending
        .into_iter()
        .filter(|n| out.get(n).is_none())
        .collect();
    for chunk in missing.chunks(sql::rows_per_statement(table.columns())) {
        let values = chunk.iter().flat_map(|n| table.insert_values(n)).collect();
        for row in conn
            .query_all_raw(sql::stmt(table.insert(chunk.len()), values))
            .await?
        {
            let name: String = row.try_get_by_index(1)?;
            out.insert(name_fold(&name), row.try_get_by_index(0)?, name);
        }
    }
    Ok(out)
}

/// Resolves each (series name, primary author) to a series row, creating the ones not seen. An
/// alias (left by merging series) wins; a row without an author (from before series had one) is
/// taken by the first author that names it; a book without an author joins the oldest series of
/// that name.
pub(crate) async fn resolve_series<C: ConnectionTrait>(
    conn: &C,
    wanted: &[(&str, Option<i64>)],
) -> Result<SeriesIds, DbErr> {
    let mut names: HashMap<String, &str> = HashMap::new();
    for (name, _) in wanted {
        names.entry(name_fold(name)).or_insert(name);
    }
    // Every stored series of those names, oldest first: fold → [(id, name, author)].
    let mut stored: HashMap<String, Vec<(i64, String, Option<i64>)>> = HashMap::new();
    let all: Vec<&str> = names.values().copied().collect();
    for chunk in all.chunks(sql::MAX_VARS) {
        let q = format!(
            "SELECT id, name, primary_author_id FROM series WHERE name IN ({}) ORDER BY id",
            sql::list(chunk.len())
        );
        let values = chunk.iter().map(|n| Value::from(*n)).collect();
        for row in conn.query_all_raw(sql::stmt(q, values)).await? {
            let name: String = row.try_get_by_index(1)?;
            stored.entry(name_fold(&name)).or_default().push((
                row.try_get_by_index(0)?,
                name,
                row.try_get_by_index(2)?,
            ));
        }
    }
    let mut aliases: HashMap<(String, i64), i64> = HashMap::new();
    let folds: Vec<&String> = names.keys().collect();
    for chunk in folds.chunks(sql::MAX_VARS) {
        let q = format!(
            "SELECT name_fold, author_id, series_id FROM series_aliases WHERE name_fold IN ({})",
            sql::list(chunk.len())
        );
        let values = chunk.iter().map(|f| Value::from(f.as_str())).collect();
        for row in conn.query_all_raw(sql::stmt(q, values)).await? {
            aliases.insert(
                (row.try_get_by_index(0)?, row.try_get_by_index(1)?),
                row.try_get_by_index(2)?,
            );
        }
    }
    let mut out = SeriesIds::default();
    // In the order the books name them, so new series get ids in that order.
    let mut missing: Vec<(&str, Option<i64>)> = Vec::new();
    let mut missing_keys: std::collections::HashSet<(String, Option<i64>)> =
        std::collections::HashSet::new();
    for (name, author) in wanted {
        let fold = name_fold(name);
        let key = (fold.clone(), *author);
        if out.by_key.contains_key(&key) || missing_keys.contains(&key) {
            continue;
        }
        let alias = author.and_then(|a| aliases.get(&(fold.clone(), a)));
        let rows = stored.entry(fold).or_default();
        let found = match author {
            _ if alias.is_some() => rows
                .iter()
                .find(|(id, _, _)| Some(id) == alias)
                .map(|(id, n, _)| (*id, n.clone())),
            None => rows.first().map(|(id, n, _)| (*id, n.clone())),
            Some(a) => match rows.iter().find(|(_, _, by)| *by == Some(*a)) {
                Some((id, n, _)) => Some((*id, n.clone())),
                None => match rows.iter_mut().find(|(_, _, by)| by.is_none()) {
                    Some(row) => {
                        conn.execute_raw(sql::stmt(
                            "UPDATE series SET primary_author_id = ? WHERE id = ?",
                            vec![Value::from(*a), Value::from(row.0)],
                        ))
                        .await?;
                        row.2 = Some(*a);
                        Some((row.0, row.1.clone()))
                    }
                    None => None,
                },
            },
        };
        match found {
            Some(hit) => {
                out.by_key.insert(key, hit);
            }
            None => {
                missing_keys.insert(key);
                missing.push((*name, *author));
            }
        }
    }
    for chunk in missing.chunks(sql::rows_per_statement(2)) {
        let q = format!(
            "INSERT INTO series (name, primary_author_id) VALUES {} \
             RETURNING id, name, primary_author_id",
            sql::rows(chunk.len(), 2)
        );
        let values = chunk
            .iter()
            .flat_map(|(name, author)| [Value::from(*name), Value::from(*author)])
            .collect();
        for row in conn.query_all_raw(sql::stmt(q, values)).await? {
            let name: String = row.try_get_by_index(1)?;
            let author: Option<i64> = row.try_get_by_index(2)?;
            out.by_key
                .insert((name_fold(&name), author), (row.try_get_by_index(0)?, name));
        }
    }
    Ok(out)
}
