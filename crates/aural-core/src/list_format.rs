//! The two shapes of a library list, read by the import and written by the export.

use std::path::Path;

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListFormat {
    Csv,
    Json,
}

impl ListFormat {
    /// The format a `.csv` or `.json` file name says.
    pub fn named_by(path: &Path) -> Option<ListFormat> {
        match extension(path).as_deref() {
            Some("csv") => Some(ListFormat::Csv),
            Some("json") => Some(ListFormat::Json),
            _ => None,
        }
    }

    /// By extension (`.tsv` and `.txt` read as CSV), else by the first byte that is not white
    /// space (`[` or `{` is JSON).
    pub fn detect(path: &Path, bytes: &[u8]) -> ListFormat {
        if let Some(format) = ListFormat::named_by(path) {
            return format;
        }
        if matches!(extension(path).as_deref(), Some("tsv" | "txt")) {
            return ListFormat::Csv;
        }
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[' | b'{') => ListFormat::Json,
            _ => ListFormat::Csv,
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}
