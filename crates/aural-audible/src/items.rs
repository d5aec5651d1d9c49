//! Reading a list of items one at a time: an item that cannot be read is reported and skipped,
//! never the reason a whole page fails.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// An item of a page that was skipped or kept incomplete, with what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemWarning {
    /// The item's ASIN when it had a readable one.
    pub asin: Option<String>,
    pub problem: String,
}

pub(crate) fn read_each<T: DeserializeOwned>(
    items: Vec<Value>,
    warnings: &mut Vec<ItemWarning>,
) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let asin = item.get("asin").and_then(Value::as_str).map(str::to_owned);
        match serde_json::from_value::<T>(item) {
            Ok(read) => out.push(read),
            Err(e) => warnings.push(ItemWarning {
                problem: match &asin {
                    Some(_) => format!("item {index} skipped: {e}"),
                    None => format!("item {index} skipped: it has no ASIN"),
                },
                asin,
            }),
        }
    }
    out
}
