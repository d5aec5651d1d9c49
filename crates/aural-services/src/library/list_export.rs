//! Writes the library as a list in the shape the import reads: our CSV columns, or JSON objects
//! with the same field names (the row itself is `list_file::record`).

use std::io::{BufWriter, Write};
use std::path::Path;

use aural_core::BookId;

use super::export_target::{self, ExportWriter};
use super::list_file::{COLUMNS, ListFormat, csv_record, json_object};
use crate::context::AppContext;
use crate::error::ServiceError;

const BATCH: u32 = 1_000;

/// Streams every book to `path` as [`export_target::choose`] decides: a regular file is replaced
/// only when the list is complete, so an export that fails halfway never leaves a truncated list
/// where an old one was; a FIFO, a device or `-` receive the rows as they are written.
pub async fn export_list(
    ctx: &AppContext,
    path: &Path,
    format: ListFormat,
) -> Result<u64, ServiceError> {
    export_list_reporting(ctx, path, format, |_| async { Ok(()) }).await
}

/// [`export_list`], calling `after_batch` with the rows written so far after each batch; an error
/// from it (a cancel) stops the export, and what was written of a file is removed.
pub(crate) async fn export_list_reporting<F, Fut>(
    ctx: &AppContext,
    path: &Path,
    format: ListFormat,
    after_batch: F,
) -> Result<u64, ServiceError>
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = Result<(), ServiceError>>,
{
    let target = export_target::choose(path, ctx.data_dir())?;
    let shown = target.shown();
    let out = tokio::task::spawn_blocking(move || target.open())
        .await
        .map_err(|e| ServiceError::JobPanicked(e.to_string()))?
        .map_err(|e| write_error(&shown, e))?;
    let (out, rows) = write_all(ctx, out, format, after_batch).await?;
    out.finish().map_err(|e| write_error(&shown, e))?;
    Ok(rows)
}

enum Sink {
    Csv(Box<csv::Writer<BufWriter<ExportWriter>>>),
    Json(BufWriter<ExportWriter>),
}

async fn write_all<F, Fut>(
    ctx: &AppContext,
    out: ExportWriter,
    format: ListFormat,
    mut after_batch: F,
) -> Result<(ExportWriter, u64), ServiceError>
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = Result<(), ServiceError>>,
{
    let shown = out.shown().to_owned();
    let fail = |e: std::io::Error| write_error(&shown, e);
    let file = BufWriter::new(out);
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
        after_batch(rows).await?;
    }
    let buffered = match sink {
        Sink::Csv(w) => w.into_inner().map_err(|e| fail(e.into_error()))?,
        Sink::Json(mut out) => {
            out.write_all(b"\n]\n").map_err(fail)?;
            out
        }
    };
    let out = buffered.into_inner().map_err(|e| fail(e.into_error()))?;
    Ok((out, rows))
}

/// A reader that stops reading (`library export - | head`, a FIFO whose reader ends) cuts the export
/// short on purpose: that is said as such, not as a failure to write.
fn write_error(path: &Path, source: std::io::Error) -> ServiceError {
    if source.kind() == std::io::ErrorKind::BrokenPipe {
        return ServiceError::ReaderGone {
            path: path.to_path_buf(),
        };
    }
    ServiceError::WriteFile {
        path: path.to_path_buf(),
        source,
    }
}
