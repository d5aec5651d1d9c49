use std::collections::BTreeMap;

use super::columns::{self, Field, Flavour};
use super::row::{RawRow, Value};

/// Splits CSV into rows of known fields, one at a time as they are read, so a large list is never
/// held as rows and books at once. The delimiter is sniffed from the header line because Libation
/// writes its CSV with the user's locale, which is `;` in much of Europe.
pub(super) fn read(bytes: &[u8]) -> Result<(Flavour, impl Iterator<Item = RawRow> + '_), String> {
    let header_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| header_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader
        .byte_headers()
        .map_err(|e| format!("cannot read the header line: {e}"))?
        .clone();
    let headers: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8(h.to_vec()))
        .collect::<Result<_, _>>()
        .map_err(|_| {
            "the header line is not UTF-8 text; save the file as UTF-8 and import again".to_owned()
        })?;
    let fields: Vec<Option<Field>> = headers.iter().map(|h| columns::field(h)).collect();
    if !fields.contains(&Some(Field::Title)) {
        return Err(format!(
            "it has no title column (found: {}); the first line must name the columns",
            headers
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let flavour = columns::flavour(&headers);
    let rows = reader
        .into_byte_records()
        .filter_map(move |record| match record {
            Ok(record) => {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                    return None;
                }
                Some(RawRow {
                    line,
                    fields: to_fields(&record, &fields),
                })
            }
            Err(e) => Some(RawRow {
                line: e.position().map(|p| p.line()).unwrap_or(0),
                fields: Err(format!("cannot read this row: {e}")),
            }),
        });
    Ok((flavour, rows))
}

fn to_fields(
    record: &csv::ByteRecord,
    fields: &[Option<Field>],
) -> Result<BTreeMap<Field, Value>, String> {
    let mut out = BTreeMap::new();
    for (bytes, field) in record.iter().zip(fields) {
        let Some(field) = field else { continue };
        let text = std::str::from_utf8(bytes).map_err(|_| {
            "the row is not UTF-8 text; save the file as UTF-8 and import again".to_owned()
        })?;
        if !text.trim().is_empty() {
            out.insert(*field, Value::Text(text.to_owned()));
        }
    }
    Ok(out)
}
