//! Where a card's book would go: the library folder the naming templates in Settings › Library
//! give it now, and the matched book's cover. Computed when cards are shown, so a changed
//! template shows at once.

use super::card::ImportCard;
use super::run::templates;
use super::target::{book_input, folder_preview};
use crate::context::AppContext;
use crate::error::ServiceError;
use aural_db::CardStatus;

/// Sets `target` on each card still to import, and every matched card's cover. An imported
/// card keeps the folder it went to; an invalid one has none; while a template is invalid no
/// card has one (importing says why).
pub(crate) async fn fill_targets(
    ctx: &AppContext,
    cards: &mut [ImportCard],
) -> Result<(), ServiceError> {
    let library = ctx.settings().current().library;
    let templates = templates(None, &library.folder_template, &library.file_template).ok();
    for card in cards {
        let matched = match card.best_match.as_ref().map(|m| m.book_id).or(card.book_id) {
            Some(id) => Some(ctx.db().books().get(id).await?),
            None => None,
        };
        card.cover_key = matched.as_ref().and_then(|b| b.cover_key.clone());
        if matches!(card.status, CardStatus::Imported | CardStatus::Invalid) {
            continue;
        }
        let Some(templates) = &templates else {
            continue;
        };
        let input = book_input(card, matched.filter(|_| card.best_match.is_some()).as_ref());
        card.target = (!input.title.is_empty()).then(|| folder_preview(card, &input, templates));
    }
    Ok(())
}
