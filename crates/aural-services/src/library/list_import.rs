//! The list import job: parse the whole file, then upsert in batches, each its own transaction.
//! A cancelled or failed import keeps the batches already committed; importing the file again
//! finishes the rest without duplicating anything, because rows are matched by ASIN or title+author.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aural_core::{BookId, BookInput, BookSource, BookStatus, JobParams};
use aural_db::Landing;

use super::list_file::{ListRow, RowProblem, parse_list};
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::{AppEvent, Notice, NoticeLevel};
use crate::jobs::{JobHandle, JobTask};

const BATCH: usize = 2_000;
/// Larger files are not library lists: the bench's 250,000 books take about 60 MB, and with a
/// description of a few hundred words each still under 400 MB. The cap counts bytes read, not the
/// size a file claims, so a device or a file that keeps growing stops here too.
const MAX_BYTES: u64 = 512 << 20;

/// What an import did with every row of the file: `rows` is always
/// `inserted + updated + unchanged + duplicates + skipped`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportOutcome {
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Rows that describe a book an earlier row of the file already gave (same title and first
    /// author); what they add is merged into that book.
    pub duplicates: Vec<RowProblem>,
    pub skipped: Vec<RowProblem>,
    /// Rows imported with a change, and why (a `downloading` row arrives as wanted).
    pub adjusted: Vec<RowProblem>,
}

/// Starts the import; another import of the same file, queued or running, is refused, naming it.
pub async fn spawn_list_import(
    ctx: &AppContext,
    path: PathBuf,
) -> Result<JobTask<ImportOutcome>, ServiceError> {
    let size = tokio::fs::metadata(&path)
        .await
        .map_err(|e| ServiceError::ReadFile {
            path: path.clone(),
            source: e,
        })?
        .len();
    if size > MAX_BYTES {
        return Err(too_large(path));
    }
    let params = JobParams::ListImport {
        path: path.display().to_string(),
    };
    let job_ctx = ctx.clone();
    ctx.jobs()
        .spawn(ctx, params, "rows", move |handle| async move {
            let outcome = run(&job_ctx, &handle, &path).await;
            // Read at the end, so switching the setting off applies to an import already running.
            let announce = job_ctx
                .settings()
                .current()
                .general
                .notifications
                .import_finished;
            job_ctx
                .events()
                .publish(AppEvent::Notice(notice(&path, &outcome, announce)));
            outcome
        })
        .await
}

async fn run(
    ctx: &AppContext,
    handle: &Arc<JobHandle>,
    path: &Path,
) -> Result<ImportOutcome, ServiceError> {
    let owned_path = path.to_path_buf();
    let list = tokio::task::spawn_blocking(move || {
        let bytes = read_list(&owned_path)?;
        parse_list(&owned_path, &bytes)
    })
    .await
    .map_err(|e| ServiceError::JobPanicked(e.to_string()))??;

    let total = list.rows.len() as u64;
    let mut outcome = ImportOutcome {
        rows: total + list.problems.len() as u64,
        skipped: list.problems,
        adjusted: list.adjusted,
        ..ImportOutcome::default()
    };
    // Every row of the file counts, so the bar ends full and agrees with the summary: rows that
    // cannot be imported are settled before the first batch.
    let name = file_name(path);
    let rows = outcome.rows;
    let mut done = outcome.skipped.len() as u64;
    handle
        .progress(
            done,
            Some(rows),
            Some(format!("Importing {total} books from {name}")),
        )
        .await?;
    // The first line that landed on each book, so a later row of the same book is a duplicate
    // also when the two fall into different batches.
    let mut first_line: HashMap<BookId, u64> = HashMap::new();
    for chunk in list.rows.chunks(BATCH) {
        handle.check_cancelled()?;
        let books: Vec<BookInput> = chunk.iter().map(|r| r.book.clone()).collect();
        let result = ctx
            .db()
            .books()
            .upsert_batch(&books, &BookSource::list_import(), BookStatus::Owned)
            .await?;
        count(&mut outcome, &mut first_line, chunk, &result);
        done += chunk.len() as u64;
        handle
            .progress(
                done,
                Some(rows),
                Some(format!("{name}: {done} of {rows} rows")),
            )
            .await?;
    }
    handle
        .progress(
            done,
            Some(rows),
            Some(format!("{name}: {}", summary(&outcome))),
        )
        .await?;
    Ok(outcome)
}

/// Counts rows, not books: each row is new, updated, unchanged or a duplicate of an earlier row.
fn count(
    outcome: &mut ImportOutcome,
    first_line: &mut HashMap<BookId, u64>,
    rows: &[ListRow],
    result: &aural_db::UpsertOutcome,
) {
    for ((row, id), landing) in rows.iter().zip(&result.ids).zip(&result.landings) {
        if let Some(first) = first_line.get(id) {
            outcome.duplicates.push(RowProblem {
                line: row.line,
                reason: format!(
                    "same book as line {first} (same title and first author); merged into it"
                ),
            });
            continue;
        }
        first_line.insert(*id, row.line);
        match landing {
            Landing::Inserted => outcome.inserted += 1,
            Landing::Updated => outcome.updated += 1,
            Landing::Unchanged => outcome.unchanged += 1,
            Landing::MergedIntoEarlier => {
                unreachable!("an earlier row of the batch recorded this book's first line")
            }
        }
    }
}

/// Reads at most [`MAX_BYTES`], whatever the path is: a file, a pipe or a device.
fn read_list(path: &Path) -> Result<Vec<u8>, ServiceError> {
    let read_error = |source| ServiceError::ReadFile {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    match read_capped(file, MAX_BYTES) {
        Ok(bytes) => Ok(bytes),
        Err(ReadStop::TooLarge) => Err(too_large(path.to_path_buf())),
        Err(ReadStop::Binary { offset }) => Err(ServiceError::ListFormat {
            path: path.to_path_buf(),
            reason: format!(
                "it holds a NUL byte at offset {offset}, so it is not a text list; save the list \
                 as UTF-8 text (CSV or JSON)"
            ),
        }),
        Err(ReadStop::Io(e)) => Err(read_error(e)),
    }
}

#[derive(Debug)]
enum ReadStop {
    TooLarge,
    /// Text lists hold no NUL byte; `/dev/zero`, a UTF-16 file or a binary file do.
    Binary {
        offset: u64,
    },
    Io(std::io::Error),
}

fn read_capped(reader: impl Read, cap: u64) -> Result<Vec<u8>, ReadStop> {
    let mut bytes = Vec::new();
    let mut limited = reader.take(cap + 1);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match limited.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ReadStop::Io(e)),
        };
        if let Some(at) = chunk[..n].iter().position(|b| *b == 0) {
            return Err(ReadStop::Binary {
                offset: (bytes.len() + at) as u64,
            });
        }
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.len() as u64 > cap {
            return Err(ReadStop::TooLarge);
        }
    }
}

fn too_large(path: PathBuf) -> ServiceError {
    ServiceError::ListFormat {
        path,
        reason: format!(
            "it is larger than {} MB, far more than a library list of 250,000 books; choose \
             the list file itself",
            MAX_BYTES >> 20
        ),
    }
}

/// The notice of a finished import; `announce` (the user's setting) makes an ended import, not a
/// cancelled one, a desktop notification too.
fn notice(path: &Path, outcome: &Result<ImportOutcome, ServiceError>, announce: bool) -> Notice {
    let name = file_name(path);
    match outcome {
        Ok(o) => Notice {
            level: if o.skipped.is_empty() && o.duplicates.is_empty() {
                NoticeLevel::Success
            } else {
                NoticeLevel::Warning
            },
            title: format!("Imported {name}"),
            body: Some(summary(o)),
            desktop: announce,
        },
        Err(ServiceError::Cancelled) => Notice {
            level: NoticeLevel::Info,
            title: format!("Import of {name} cancelled"),
            body: Some(
                "Books imported before the cancel stay; importing the file again adds the rest."
                    .to_owned(),
            ),
            desktop: false,
        },
        Err(e) => Notice {
            level: NoticeLevel::Error,
            title: format!("Could not import {name}"),
            body: Some(e.to_string()),
            desktop: announce,
        },
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn summary(o: &ImportOutcome) -> String {
    let mut text = format!(
        "{} new, {} updated, {} unchanged, {} skipped",
        o.inserted,
        o.updated,
        o.unchanged,
        o.skipped.len()
    );
    if !o.duplicates.is_empty() {
        text.push_str(&format!(
            ", {} duplicates merged into earlier rows",
            o.duplicates.len()
        ));
    }
    if let Some(first) = o.adjusted.first() {
        text.push_str(&format!(
            "; line {}: {}{}",
            first.line,
            first.reason,
            match o.adjusted.len() {
                1 => String::new(),
                n => format!(" (and {} more rows like it)", n - 1),
            }
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_at_the_cap_on_an_endless_source() {
        let err = read_capped(std::io::repeat(b'a'), 100_000).expect_err("endless input");
        assert!(matches!(err, ReadStop::TooLarge), "{err:?}");
        let bytes = read_capped(&b"title\nDune\n"[..], 100_000).expect("small input");
        assert_eq!(bytes, b"title\nDune\n");
    }

    #[test]
    fn a_nul_byte_stops_reading_where_it_is() {
        let err = read_capped(&b"title\nDu\0ne\n"[..], 100).expect_err("binary");
        assert!(matches!(err, ReadStop::Binary { offset: 8 }), "{err:?}");
    }
}
