use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use super::columns::{self, Field, Flavour};
use super::row::{RawRow, Value};

/// A JSON list is an array of objects, or an object holding that array under `books` or `items`.
/// Each object is parsed on its own, when the row is asked for, so that one bad object does not
/// sink the file and a large list is never held as rows and books at once.
pub(super) fn read(bytes: &[u8]) -> Result<(Flavour, impl Iterator<Item = RawRow> + '_), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (first bad byte at offset {}); save it as UTF-8",
            e.valid_up_to()
        )
    })?;
    let items: Vec<&RawValue> = match serde_json::from_str::<Vec<&RawValue>>(text) {
        Ok(items) => items,
        Err(array_err) => {
            let wrapped: BTreeMap<String, Vec<&RawValue>> = serde_json::from_str(text)
                .map_err(|_| format!("it is not valid JSON: {array_err}"))?;
            wrapped
                .into_iter()
                .find(|(k, _)| k == "books" || k == "items")
                .map(|(_, v)| v)
                .ok_or("the JSON object has no \"books\" or \"items\" list")?
        }
    };
    let mut lines = Vec::with_capacity(items.len());
    let (mut line, mut scanned) = (1u64, 0usize);
    for item in &items {
        let start = item.get().as_ptr() as usize - text.as_ptr() as usize;
        line += text.as_bytes()[scanned..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        scanned = start;
        lines.push(line);
    }
    let flavour = file_shape(&items, &lines)?;
    let rows = items.into_iter().zip(lines).map(move |(item, line)| {
        let fields = serde_json::from_str::<BTreeMap<String, serde_json::Value>>(item.get())
            .map_err(|_| "this entry is not a JSON object".to_owned())
            .and_then(to_fields);
        RawRow { line, fields }
    });
    Ok((flavour, rows))
}

/// One shape for the whole file, from the keys of every object (only the keys are read here).
/// Objects whose keys fit any shape take the file's; two shapes in one file are refused, because
/// names would be split by the wrong rule.
fn file_shape(items: &[&RawValue], lines: &[u64]) -> Result<Flavour, String> {
    let mut first: Option<(Flavour, u64)> = None;
    for (item, line) in items.iter().zip(lines) {
        let Ok(object) = serde_json::from_str::<BTreeMap<Cow<'_, str>, IgnoredAny>>(item.get())
        else {
            continue;
        };
        let keys: Vec<String> = object.into_keys().map(Cow::into_owned).collect();
        let Some(shape) = columns::shape(&keys) else {
            continue;
        };
        match first {
            None => first = Some((shape, *line)),
            Some((seen, seen_line)) if seen != shape => {
                return Err(format!(
                    "it mixes two kinds of list: the object on line {seen_line} has {} fields \
                     and the one on line {line} has {} fields; import each program's export as \
                     its own file",
                    seen.name(),
                    shape.name()
                ));
            }
            Some(_) => {}
        }
    }
    Ok(first.map_or(Flavour::AuralArchive, |(shape, _)| shape))
}

fn to_fields(
    object: BTreeMap<String, serde_json::Value>,
) -> Result<BTreeMap<Field, Value>, String> {
    let mut out = BTreeMap::new();
    for (key, value) in object {
        let Some(field) = columns::field(&key) else {
            continue;
        };
        let value = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) if s.trim().is_empty() => continue,
            serde_json::Value::String(s) => Value::Text(s),
            serde_json::Value::Number(n) => Value::Text(n.to_string()),
            serde_json::Value::Bool(b) => Value::Text(b.to_string()),
            serde_json::Value::Array(items) => Value::List(
                items
                    .into_iter()
                    .map(|v| match v {
                        // An empty slot keeps its place, so series and positions stay paired.
                        serde_json::Value::Null => Ok(String::new()),
                        serde_json::Value::String(s) => Ok(s),
                        serde_json::Value::Number(n) => Ok(n.to_string()),
                        other => Err(format!("{key:?} holds {other}, expected text")),
                    })
                    .collect::<Result<_, _>>()?,
            ),
            serde_json::Value::Object(_) => {
                return Err(format!("{key:?} holds an object, expected text"));
            }
        };
        out.insert(field, value);
    }
    Ok(out)
}
