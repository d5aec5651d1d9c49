//! Importing audiobook files into the library (SPEC §7): `scan` finds books and makes cards
//! with their best library match; `run` places the cards' files through a crash-safe journal;
//! `recover` finishes or undoes what a crash left. `status` lists the cards with counts; the
//! `review` functions carry the user's decisions on a card.

mod card;
mod error;
mod lock;
mod matching;
mod place;
mod preview;
mod recover;
mod review;
mod run;
mod scan;
mod target;

pub use aural_db::{CardId, CardStatus, JournalStep};
pub use card::{Candidate, CardFile, Detected, FileKind, ImportCard};
pub use error::ImportError;
pub use matching::AUTO_ACCEPT;
pub use place::{Flow, StepObserver};
pub use recover::{RecoverReport, recover};
pub use review::{CardEdit, card, choose, dismiss, edit, search};
pub use run::{CardSelection, RunReport, RunRequest, run, run_observed, start};
pub use scan::{scan, scan_staging};
pub use target::Templates;

use aural_core::{Page, Paged};
use aural_db::BookFile;
use serde::Serialize;

use crate::context::AppContext;
use crate::error::ServiceError;

/// The cards and how many are in each status, as the Import page's counters show them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportStatus {
    pub counts: StatusCounts,
    pub cards: Paged<ImportCard>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCounts {
    pub ready: u64,
    pub pending: u64,
    pub missing_metadata: u64,
    pub invalid: u64,
    pub error: u64,
    pub imported: u64,
}

pub async fn status(
    ctx: &AppContext,
    filter: Option<CardStatus>,
    page: Page,
) -> Result<ImportStatus, ServiceError> {
    let counts = ctx.db().import_cards().counts().await?;
    let cards = ctx.db().import_cards().list(filter, page).await?;
    let mut items = cards
        .items
        .into_iter()
        .map(ImportCard::from_row)
        .collect::<Result<Vec<_>, _>>()?;
    preview::fill_targets(ctx, &mut items).await?;
    Ok(ImportStatus {
        counts: StatusCounts {
            ready: counts.get(CardStatus::Ready),
            pending: counts.get(CardStatus::Pending),
            missing_metadata: counts.get(CardStatus::MissingMetadata),
            invalid: counts.get(CardStatus::Invalid),
            error: counts.get(CardStatus::Error),
            imported: counts.get(CardStatus::Imported),
        },
        cards: Paged {
            items,
            total: cards.total,
            page: cards.page,
        },
    })
}

/// The files the library lists for a book, paths relative to the library root.
pub async fn book_files(
    ctx: &AppContext,
    book: aural_core::BookId,
) -> Result<Vec<BookFile>, ServiceError> {
    Ok(ctx.db().import_journal().book_files(book).await?)
}
