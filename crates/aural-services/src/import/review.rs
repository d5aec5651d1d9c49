//! The user's decisions on a card (SPEC §7.4): choose a library book as its match, from its
//! candidates or from a search of the library; correct the metadata it was read with; or
//! dismiss it. Nothing here picks for the user: edited metadata is matched again under the
//! same auto-accept threshold as a scan.

use aural_core::{Asin, Book, BookFilter, BookId, BookSort, Page, SortDir};
use aural_db::{CardId, CardStatus, DbError};

use super::card::{Candidate, ImportCard};
use super::error::ImportError;
use super::lock::ImportLock;
use super::matching::{candidate, mark_held, score};
use super::preview::fill_targets;
use super::scan::{note_duplicate, settle};
use crate::context::AppContext;
use crate::error::ServiceError;

/// Library books read for a manual search.
const SEARCH_LIMIT: u32 = 20;

/// Metadata the user gives a card; it replaces what tags and folder names said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardEdit {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub narrators: Vec<String>,
    pub series: Option<String>,
    pub series_position: Option<String>,
    pub year: Option<i32>,
}

/// One card as the Import page shows it, with its target folder.
pub async fn card(ctx: &AppContext, id: CardId) -> Result<ImportCard, ServiceError> {
    let mut card = ImportCard::from_row(ctx.db().import_cards().get(id).await?)?;
    fill_targets(ctx, std::slice::from_mut(&mut card)).await?;
    Ok(card)
}

/// Makes `book` the card's match and the card ready. The confidence shown is the book's score
/// against the card; the reasons say the user chose it.
pub async fn choose(
    ctx: &AppContext,
    id: CardId,
    book: BookId,
) -> Result<ImportCard, ServiceError> {
    let mut card = open_card(ctx, id).await?;
    let book = ctx.db().books().get(book).await?;
    let mut chosen = match card.candidates.iter().find(|c| c.book_id == book.id) {
        Some(c) => c.clone(),
        None => scored(&card, &book),
    };
    mark_held(ctx, std::slice::from_mut(&mut chosen)).await?;
    chosen.reasons.retain(|r| !r.starts_with("duplicate:"));
    chosen.reasons.insert(0, "chosen by you".to_owned());
    note_duplicate(&mut chosen);
    if !card.candidates.iter().any(|c| c.book_id == chosen.book_id) {
        card.candidates.push(chosen.clone());
    }
    card.book_id = Some(chosen.book_id);
    card.best_match = Some(chosen);
    card.status = CardStatus::Ready;
    card.error = None;
    save(ctx, card).await
}

/// Replaces the card's metadata with `edit` and matches it again. A match at or above the
/// threshold is taken as a scan would; otherwise the card is a new book named by the edit
/// (ready once it has a title and an author), its candidates still offered.
pub async fn edit(
    ctx: &AppContext,
    id: CardId,
    edit: CardEdit,
) -> Result<ImportCard, ServiceError> {
    let mut card = open_card(ctx, id).await?;
    let text = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let names = |v: Vec<String>| {
        v.into_iter()
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
    };
    let d = &mut card.detected;
    d.title = text(edit.title);
    d.authors = names(edit.authors);
    d.narrators = names(edit.narrators);
    d.series = text(edit.series);
    d.series_position = text(edit.series_position);
    d.year = edit.year;
    settle(ctx, &mut card).await?;
    if card.status == CardStatus::Pending && !card.detected.authors.is_empty() {
        card.status = CardStatus::Ready;
        card.error = None;
    }
    if card.status == CardStatus::Pending {
        card.status = CardStatus::MissingMetadata;
        card.error = Some("give the book an author, or choose a match".to_owned());
    }
    save(ctx, card).await
}

/// Library books for a card, by title or author words or an ASIN, each scored against the
/// card, best first. The user picks one with [`choose`].
pub async fn search(
    ctx: &AppContext,
    id: CardId,
    query: &str,
) -> Result<Vec<Candidate>, ServiceError> {
    let card = ImportCard::from_row(ctx.db().import_cards().get(id).await?)?;
    let query = query.trim();
    let books: Vec<Book> = match query.parse::<Asin>() {
        Ok(asin) => match ctx.db().books().get_by_asin(&asin).await {
            Ok(book) => vec![book],
            Err(DbError::NotFound { .. }) => Vec::new(),
            Err(e) => return Err(e.into()),
        },
        Err(_) if query.is_empty() => Vec::new(),
        Err(_) => {
            let filter = BookFilter {
                query: Some(query.to_owned()),
                ..BookFilter::default()
            };
            ctx.db()
                .books()
                .list(
                    &filter,
                    BookSort::default(),
                    SortDir::default(),
                    Page::new(1, SEARCH_LIMIT),
                )
                .await?
                .items
        }
    };
    let mut found: Vec<Candidate> = books.iter().map(|b| scored(&card, b)).collect();
    mark_held(ctx, &mut found).await?;
    found.sort_by(|a, b| {
        b.confidence
            .cmp(&a.confidence)
            .then(a.book_id.cmp(&b.book_id))
    });
    Ok(found)
}

/// Removes the card; its files stay where they are. A card whose placement is unfinished
/// stays, since the journal needs it to finish or undo that placement.
pub async fn dismiss(ctx: &AppContext, id: CardId) -> Result<(), ServiceError> {
    let Some(_lock) = ImportLock::try_take(ctx.data_dir())? else {
        return Err(ImportError::Busy.into());
    };
    let open = ctx.db().import_journal().open().await?;
    if open.iter().any(|e| e.card == id) {
        return Err(ImportError::CardInPlacement { id }.into());
    }
    ctx.db().import_cards().delete(id).await?;
    Ok(())
}

fn scored(card: &ImportCard, book: &Book) -> Candidate {
    let (confidence, reasons) = score(&card.detected, book);
    candidate(book, confidence, reasons)
}

/// A card the user may still change: not imported, and with files that can be imported.
async fn open_card(ctx: &AppContext, id: CardId) -> Result<ImportCard, ServiceError> {
    let card = ImportCard::from_row(ctx.db().import_cards().get(id).await?)?;
    if matches!(card.status, CardStatus::Imported | CardStatus::Invalid) {
        return Err(ImportError::CardClosed {
            id,
            status: card.status,
        }
        .into());
    }
    Ok(card)
}

async fn save(ctx: &AppContext, mut card: ImportCard) -> Result<ImportCard, ServiceError> {
    let id = card.id;
    let row = card.clone().into_row()?;
    ctx.db().import_cards().update(id, &row).await?;
    fill_targets(ctx, std::slice::from_mut(&mut card)).await?;
    Ok(card)
}
