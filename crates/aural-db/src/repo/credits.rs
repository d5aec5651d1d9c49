//! Get-or-create of the names credited on books (authors, narrators, series), in bulk: one
//! `IN (…)` lookup and one multi-row insert per table and batch, whatever the number of books.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::repo::sql;
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

#[derive(Debug, Default)]
pub(crate) struct Credits {
    pub authors: NameIds,
    pub narrators: NameIds,
    pub series: NameIds,
    pub genres: NameIds,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum NameTable {
    Authors,
    Narrators,
    Series,
    Genres,
}

impl NameTable {
    /// Finds existing rows by name. Series names are not unique: the oldest row wins.
    fn select(self, n: usize) -> String {
        let list = sql::list(n);
        match self {
            NameTable::Authors => format!("SELECT id, name FROM authors WHERE name IN ({list})"),
            NameTable::Narrators => {
                format!("SELECT id, name FROM narrators WHERE name IN ({list})")
            }
            NameTable::Series => {
                format!("SELECT MIN(id), name FROM series WHERE name IN ({list}) GROUP BY name")
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
            NameTable::Series => format!(
                "INSERT INTO series (name) VALUES {} RETURNING id, name",
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
            NameTable::Narrators | NameTable::Series | NameTable::Genres => {
                vec![Value::from(name)]
            }
        }
    }

    fn columns(self) -> usize {
        match self {
            NameTable::Authors => 2,
            NameTable::Narrators | NameTable::Series | NameTable::Genres => 1,
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
