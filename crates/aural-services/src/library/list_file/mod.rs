//! Reading a library list (CSV or JSON; ours, a Libation export or an audible-cli export) into book
//! inputs, collecting a line-numbered problem for every row that cannot be used instead of failing
//! the whole file.

mod cell;
mod columns;
mod csv_rows;
mod json_rows;
mod quotes;
mod record;
mod row;

use std::path::Path;

use aural_core::BookInput;

use crate::error::ServiceError;

use self::row::RawRow;

pub use aural_core::ListFormat;
pub use columns::Flavour;
pub(super) use record::{COLUMNS, csv_record, json_object};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub reason: String,
}

/// A usable row and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    pub line: u64,
    pub book: BookInput,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedList {
    pub format: ListFormat,
    pub flavour: Flavour,
    /// The usable rows, in file order; rows that are not usable are in `problems`. Together they
    /// are every row of the file.
    pub rows: Vec<ListRow>,
    pub problems: Vec<RowProblem>,
    /// Usable rows the import changes on the way in, and how.
    pub adjusted: Vec<RowProblem>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn parse_list(path: &Path, bytes: &[u8]) -> Result<ParsedList, ServiceError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let format = ListFormat::detect(path, bytes);
    let fail = |reason: String| ServiceError::ListFormat {
        path: path.to_path_buf(),
        reason,
    };
    let (flavour, raw_rows): (Flavour, Box<dyn Iterator<Item = RawRow>>) = match format {
        ListFormat::Csv => {
            let (flavour, rows) = csv_rows::read(bytes).map_err(fail)?;
            (flavour, Box::new(rows))
        }
        ListFormat::Json => {
            let (flavour, rows) = json_rows::read(bytes).map_err(fail)?;
            (flavour, Box::new(rows))
        }
    };
    let mut list = ParsedList {
        format,
        flavour,
        rows: Vec::new(),
        problems: Vec::new(),
        adjusted: Vec::new(),
    };
    let mut seen_asins = std::collections::HashMap::new();
    for raw in raw_rows {
        let line = raw.line;
        let adjusted = raw.fields.as_ref().ok().and_then(row::adjustment);
        match raw
            .fields
            .and_then(|fields| row::to_input(&fields, flavour))
        {
            Ok(input) => {
                if let Some(asin) = &input.asin
                    && let Some(first) = seen_asins.insert(asin.clone(), line)
                {
                    seen_asins.insert(asin.clone(), first);
                    list.problems.push(RowProblem {
                        line,
                        reason: format!(
                            "ASIN {asin} already appears on line {first}; this row is skipped"
                        ),
                    });
                    continue;
                }
                if let Some(reason) = adjusted {
                    list.adjusted.push(RowProblem { line, reason });
                }
                list.rows.push(ListRow { line, book: input });
            }
            Err(reason) => list.problems.push(RowProblem { line, reason }),
        }
    }
    Ok(list)
}
