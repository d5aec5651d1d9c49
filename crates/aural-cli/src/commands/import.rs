//! `import scan|run|status|recover`, through `aural_api::import` like the window's Import page.

use aural_api::dto::{ImportCardDto, ImportRunRequest};
use aural_api::import;
use aural_api::{ApiError, AppContext};
use aural_services::settings::ImportMode;

use crate::args::ImportCommand;
use crate::output::{Output, clean, opt, say, table};

pub async fn run(ctx: &AppContext, cmd: ImportCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        ImportCommand::Scan { paths } => {
            let cards = import::scan_paths(ctx, paths).await?;
            out.show(&cards, || cards_table(&cards));
            Ok(())
        }
        ImportCommand::Run {
            all_ready,
            cards,
            r#move,
            copy,
            template,
        } => {
            let selection = if all_ready { None } else { Some(cards) };
            let mode = match (r#move, copy) {
                (true, _) => Some(ImportMode::Move),
                (_, true) => Some(ImportMode::Copy),
                _ => None,
            };
            let report = import::run_import(
                ctx,
                ImportRunRequest {
                    cards: selection,
                    mode,
                    template,
                },
            )
            .await?;
            out.show(&report, || {
                say!("Imported {} books.", report.imported.len());
                for f in &report.failed {
                    say!("Card {} failed: {}", f.card, clean(&f.reason));
                }
            });
            Ok(())
        }
        ImportCommand::Status { page, per_page } => {
            let status = import::list_import_cards(ctx, None, page, per_page).await?;
            out.show(&status, || {
                let c = status.counts;
                say!(
                    "Ready {} · Pending {} · Missing metadata {} · Invalid {} · Errors {} · Imported {}",
                    c.ready,
                    c.pending,
                    c.missing_metadata,
                    c.invalid,
                    c.error,
                    c.imported
                );
                cards_table(&status.cards.items);
            });
            Ok(())
        }
        ImportCommand::Recover => {
            let report = import::recover_imports(ctx).await?;
            out.show(&report, || {
                if report.busy {
                    say!("Another process is importing; nothing was touched.");
                } else {
                    say!(
                        "Completed {} and undid {} interrupted imports.",
                        report.completed.len(),
                        report.rolled_back.len()
                    );
                }
                for f in &report.failed {
                    say!("Card {} is left for later: {}", f.card, clean(&f.reason));
                }
            });
            Ok(())
        }
    }
}

fn cards_table(cards: &[ImportCardDto]) {
    table(
        &[
            "ID", "Status", "Title", "Author", "Match", "Files", "Target",
        ],
        cards.iter().map(|c| {
            vec![
                c.id.to_string(),
                c.status.to_string(),
                opt(c.detected.title.as_ref()),
                c.detected.authors.join(", "),
                c.best_match
                    .as_ref()
                    .map(|m| format!("book {} ({} %)", m.book_id, m.confidence))
                    .unwrap_or_default(),
                c.files.len().to_string(),
                opt(c.target.as_ref().or(c.error.as_ref())),
            ]
        }),
    );
}
