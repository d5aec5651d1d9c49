//! Where a card's book would go: the library folder the naming templates in Settings › Library
//! give it now. Computed when cards are shown, so a changed template shows at once.

use super::card::ImportCard;
use super::run::templates;
use super::target::{book_input, folder_preview};
use crate::context::AppContext;
use crate::error::ServiceError;
use aural_db::CardStatus;

/// Sets `target` on each card still to import. An imported card keeps the folder it went to;
/// an invalid one has none; while a template is invalid no card has one (importing says why).
pub(crate) async fn fill_targets(
    ctx: &AppContext,
    cards: &mut [ImportCard],
) -> Result<(), ServiceError> {
    let library = ctx.settings().current().library;
    let Ok(templates) = templates(None, &library.folder_template, &library.file_template) else {
        return Ok(());
    };
    for card in cards {
        if matches!(card.status, CardStatus::Imported | CardStatus::Invalid) {
            continue;
        }
        let matched = match &card.best_match {
            Some(m) => Some(ctx.db().books().get(m.book_id).await?),
            None => None,
        };
        let input = book_input(card, matched.as_ref());
        card.target = (!input.title.is_empty()).then(|| folder_preview(card, &input, &templates));
    }
    Ok(())
}
