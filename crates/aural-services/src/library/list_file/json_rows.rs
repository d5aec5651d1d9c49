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
    // Any object with Libation's keys makes it a Libation export; only the keys are read here.
    let flavour = if items.iter().any(|item| {
        serde_json::from_str::<BTreeMap<Cow<'_, str>, IgnoredAny>>(item.get()).is_ok_and(|object| {
            let keys: Vec<String> = object.into_keys().map(Cow::into_owned).collect();
            columns::flavour(&keys) == Flavour::Libation
        })
    }) {
        Flavour::Libation
    } else {
        Flavour::AuralArchive
    };
    let mut line = 1u64;
    let mut scanned = 0usize;
    let rows = items.into_iter().map(move |item| {
        let start = item.get().as_ptr() as usize - text.as_ptr() as usize;
        line += text.as_bytes()[scanned..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        scanned = start;
        let fields = serde_json::from_str::<BTreeMap<String, serde_json::Value>>(item.get())
            .map_err(|_| "this entry is not a JSON object".to_owned())
            .and_then(to_fields);
        RawRow { line, fields }
    });
    Ok((flavour, rows))
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
