use std::collections::BTreeMap;

use super::cell;
use super::columns::{self, Field, Flavour};
use super::quotes::{self, QuoteProblem};
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
    let mut reader = reader_at(bytes, delimiter, true);
    let headers = reader
        .byte_headers()
        .map_err(|e| format!("cannot read the header line: {e}"))?
        .clone();
    if headers.iter().any(|h| h.contains(&b'\n')) {
        return Err(
            "the header line has an unterminated quote; the first line must name the \
                    columns, with every opening \" closed on that line"
                .to_owned(),
        );
    }
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
    let rows = CsvRows {
        bytes,
        delimiter,
        reader,
        start: Start { byte: 0, line: 0 },
        record: csv::ByteRecord::new(),
        fields,
        flavour,
    };
    Ok((flavour, rows))
}

fn reader_at(bytes: &[u8], delimiter: u8, has_headers: bool) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(has_headers)
        .from_reader(bytes)
}

/// Where the current reader's input starts in the file: a reader begins again after a row with an
/// unterminated quote, and its positions count from there.
#[derive(Clone, Copy)]
struct Start {
    byte: u64,
    line: u64,
}

struct CsvRows<'a> {
    bytes: &'a [u8],
    delimiter: u8,
    reader: csv::Reader<&'a [u8]>,
    start: Start,
    record: csv::ByteRecord,
    fields: Vec<Option<Field>>,
    flavour: Flavour,
}

impl Iterator for CsvRows<'_> {
    type Item = RawRow;

    fn next(&mut self) -> Option<RawRow> {
        loop {
            let read = self.reader.read_byte_record(&mut self.record);
            let line = self.start.line + self.record.position().map_or(1, |p| p.line());
            match read {
                Ok(false) => return None,
                Err(e) => {
                    let line = self.start.line + e.position().map_or(1, |p| p.line());
                    return Some(RawRow {
                        line,
                        fields: Err(format!("cannot read this row: {e}")),
                    });
                }
                Ok(true) => {}
            }
            if self
                .record
                .iter()
                .all(|f| f.iter().all(u8::is_ascii_whitespace))
            {
                continue;
            }
            // Only a quoted value holds a line break, so only then can a quote have run on.
            if self.record.iter().any(|f| f.contains(&b'\n')) {
                let from = self.start.byte + self.record.position().map_or(0, |p| p.byte());
                let to = self.start.byte + self.reader.position().byte();
                let span = &self.bytes[usize_of(from)..usize_of(to)];
                if let Err(problem) = quotes::check(span, self.delimiter, &self.fields) {
                    return Some(self.restart_after(line, from, problem));
                }
            }
            return Some(RawRow {
                line,
                fields: to_fields(&self.record, &self.fields, self.flavour),
            });
        }
    }
}

impl<'a> CsvRows<'a> {
    /// Skips the row whose quote never closed and reads on from the line after the opening quote:
    /// the rows swallowed by the quote are read as rows again.
    fn restart_after(&mut self, line: u64, from: u64, problem: QuoteProblem) -> RawRow {
        let bytes: &'a [u8] = self.bytes;
        let quote_line = line + problem.line;
        let quote_byte = usize_of(from) + problem.offset;
        let next_line = bytes[quote_byte..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| quote_byte + i + 1);
        self.start = Start {
            byte: next_line as u64,
            line: quote_line,
        };
        self.reader = reader_at(&bytes[next_line..], self.delimiter, false);
        RawRow {
            line,
            fields: Err(format!(
                "unterminated quote starting on line {quote_line}: {}; this row is skipped and \
                 the lines after it are read as rows — close the quote or remove it, then \
                 import the file again",
                problem.what
            )),
        }
    }
}

fn usize_of(offset: u64) -> usize {
    usize::try_from(offset).expect("offsets are within a slice held in memory")
}

fn to_fields(
    record: &csv::ByteRecord,
    fields: &[Option<Field>],
    flavour: Flavour,
) -> Result<BTreeMap<Field, Value>, String> {
    let mut out = BTreeMap::new();
    for (bytes, field) in record.iter().zip(fields) {
        let Some(field) = field else { continue };
        let text = std::str::from_utf8(bytes).map_err(|_| {
            "the row is not UTF-8 text; save the file as UTF-8 and import again".to_owned()
        })?;
        // Only our own export marks formula-like cells, so only our lists lose the mark.
        let text = match flavour {
            Flavour::AuralArchive => cell::unguard(text),
            Flavour::Libation | Flavour::AudibleCli => text,
        };
        if !text.trim().is_empty() {
            out.insert(*field, Value::Text(text.to_owned()));
        }
    }
    Ok(out)
}
