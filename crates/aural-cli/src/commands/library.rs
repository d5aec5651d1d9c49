use std::io::IsTerminal;

use aural_api::library::{self, ListFormat};
use aural_api::{ApiError, AppContext};
use aural_core::ErrorCode;
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{FormatArg, LibraryCommand};
use crate::output::{Output, clean, say};

/// Skipped rows listed one by one before the rest are only counted.
const LISTED_PROBLEMS: usize = 100;

pub async fn run(ctx: &AppContext, cmd: LibraryCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        LibraryCommand::Import { file } => {
            let bar = progress_bar(out);
            let report = library::run_list_import(ctx, file.clone(), |p| {
                if let Some(total) = p.total {
                    bar.set_length(total);
                }
                bar.set_position(p.done);
                bar.set_message(p.message.clone().unwrap_or_default());
            })
            .await;
            bar.finish_and_clear();
            let report = report?;
            out.show(&report, || {
                say!(
                    "Imported {}: {} rows — {} new, {} updated, {} unchanged, {} duplicates, {} skipped",
                    clean(&file.display().to_string()),
                    report.rows,
                    report.inserted,
                    report.updated,
                    report.unchanged,
                    report.duplicates.len(),
                    report.skipped.len()
                );
                for problem in report.duplicates.iter().take(LISTED_PROBLEMS) {
                    println!("  line {}: {}", problem.line, problem.reason);
                }
                for problem in report.adjusted.iter().take(LISTED_PROBLEMS) {
                    say!("  line {}: {}", problem.line, clean(&problem.reason));
                }
                for problem in report.skipped.iter().take(LISTED_PROBLEMS) {
                    say!("  line {}: {}", problem.line, clean(&problem.reason));
                }
                if report.skipped.len() > LISTED_PROBLEMS {
                    say!(
                        "  … and {} more skipped rows (use --json for all)",
                        report.skipped.len() - LISTED_PROBLEMS
                    );
                }
            });
            Ok(())
        }
        LibraryCommand::Export { file, format } => {
            let to_stdout = file.as_os_str() == library::STDOUT;
            let format = match format {
                Some(FormatArg::Csv) => ListFormat::Csv,
                Some(FormatArg::Json) => ListFormat::Json,
                None if to_stdout => ListFormat::Csv,
                None => ListFormat::named_by(&file).ok_or_else(|| {
                    ApiError::validation(
                        "format",
                        format!("cannot tell the format of {}", file.display()),
                    )
                    .with_hint("Name the file .csv or .json, or pass --format csv|json.")
                })?,
            };
            let report = match library::export_list(ctx, file, format).await {
                // The reader has what it wanted (`library export - | head`), as with `say!`.
                Err(e) if to_stdout && e.code == ErrorCode::Cancelled => return Ok(()),
                result => result?,
            };
            if to_stdout {
                // The list itself went to standard output; the summary must not mix into it.
                eprintln!("Exported {} books to standard output", report.rows);
            } else {
                out.show(&report, || {
                    say!("Exported {} books to {}", report.rows, clean(&report.path))
                });
            }
            Ok(())
        }
    }
}

/// A bar on an interactive terminal; nothing when output goes to a script.
fn progress_bar(out: &Output) -> ProgressBar {
    if out.is_json() || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} books ({eta} left) {msg}")
    {
        bar.set_style(style);
    }
    bar
}
