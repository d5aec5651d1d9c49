//! Writes the library as a list in the shape the import reads: our CSV columns, or JSON objects
//! with the same field names (the row itself is `list_file::record`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use aural_core::BookId;

use super::list_file::{COLUMNS, ListFormat, csv_record, json_object};
use crate::context::AppContext;
use crate::error::ServiceError;

const BATCH: u32 = 1_000;

/// Streams every book to a temp file beside `path` and renames it into place, so an export that
/// fails halfway never leaves a truncated list where an old one was.
pub async fn export_list(
    ctx: &AppContext,
    path: &Path,
    format: ListFormat,
) -> Result<u64, ServiceError> {
    let tmp = temp_path(path);
    let result = write_all(ctx, &tmp, format).await.and_then(|rows| {
        std::fs::rename(&tmp, path).map_err(|e| write_error(path, e))?;
        Ok(rows)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

enum Sink {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Json(BufWriter<File>),
}

async fn write_all(ctx: &AppContext, tmp: &Path, format: ListFormat) -> Result<u64, ServiceError> {
    let fail = |e: std::io::Error| write_error(tmp, e);
    let file = BufWriter::new(File::create(tmp).map_err(fail)?);
    let mut sink = match format {
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(file);
            w.write_record(COLUMNS).map_err(|e| fail(e.into()))?;
            Sink::Csv(Box::new(w))
        }
        ListFormat::Json => {
            let mut file = file;
            file.write_all(b"[").map_err(fail)?;
            Sink::Json(file)
        }
    };
    let mut after: Option<BookId> = None;
    let mut rows = 0u64;
    loop {
        let books = ctx.db().books().export_after(after, BATCH).await?;
        let Some(last) = books.last() else { break };
        after = Some(last.id);
        for book in &books {
            match &mut sink {
                Sink::Csv(w) => w
                    .write_record(csv_record(book))
                    .map_err(|e| fail(e.into()))?,
                Sink::Json(out) => {
                    let object = json_object(book);
                    let sep: &[u8] = if rows == 0 { b"\n  " } else { b",\n  " };
                    out.write_all(sep).map_err(fail)?;
                    serde_json::to_writer(&mut *out, &object).map_err(|e| fail(e.into()))?;
                }
            }
            rows += 1;
        }
    }
    let buffered = match sink {
        Sink::Csv(w) => w.into_inner().map_err(|e| fail(e.into_error()))?,
        Sink::Json(mut out) => {
            out.write_all(b"\n]\n").map_err(fail)?;
            out
        }
    };
    let file = buffered.into_inner().map_err(|e| fail(e.into_error()))?;
    file.sync_all().map_err(fail)?;
    Ok(rows)
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".partial");
    path.with_file_name(name)
}

fn write_error(path: &Path, source: std::io::Error) -> ServiceError {
    ServiceError::WriteFile {
        path: path.to_path_buf(),
        source,
    }
}
