//! `import scan|run|status|recover`. These call aural-services' import module directly and word
//! its errors like every other command's, until the command surface grows an import module.

use aural_api::{ApiError, AppContext};
use aural_core::Page;
use aural_services::ServiceError;
use aural_services::import::{self, CardId, CardSelection, ImportCard, RunRequest};
use aural_services::settings::ImportMode;

use crate::args::ImportCommand;
use crate::output::{Output, clean, opt, say, table};

pub async fn run(ctx: &AppContext, cmd: ImportCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        ImportCommand::Scan { paths } => {
            let cards = import::scan(ctx, paths).await.map_err(api)?;
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
            let selection = if all_ready {
                CardSelection::AllReady
            } else {
                CardSelection::Cards(cards.into_iter().map(CardId).collect())
            };
            let mode = match (r#move, copy) {
                (true, _) => Some(ImportMode::Move),
                (_, true) => Some(ImportMode::Copy),
                _ => None,
            };
            let report = import::run(
                ctx,
                RunRequest {
                    cards: selection,
                    mode,
                    template,
                },
            )
            .await
            .map_err(api)?;
            out.show(&report, || {
                say!("Imported {} books.", report.imported.len());
                for (card, why) in &report.failed {
                    say!("Card {card} failed: {}", clean(why));
                }
            });
            Ok(())
        }
        ImportCommand::Status { page, per_page } => {
            let status = import::status(ctx, None, Page::new(page, per_page))
                .await
                .map_err(api)?;
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
            let report = import::recover(ctx).await.map_err(api)?;
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
                for (card, why) in &report.failed {
                    say!("Card {card} is left for later: {}", clean(why));
                }
            });
            Ok(())
        }
    }
}

fn cards_table(cards: &[ImportCard]) {
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

fn api(err: ServiceError) -> ApiError {
    ApiError {
        code: err.code(),
        message: err.to_string(),
        field: err.field().map(str::to_owned),
        hint: err.hint(),
    }
}
