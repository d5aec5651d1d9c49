//! `recover`: finishes or undoes what a crashed placement left in the journal (SPEC §7.6), so
//! every file exists exactly once and the database agrees with the disk. A card whose files
//! were all placed is recorded and, for a move, its sources deleted once the copies re-verify;
//! a card with any file not yet placed is rolled back to its sources and is ready again.

use std::collections::BTreeMap;
use std::path::Path;

use aural_db::{BookFile, CardId, CardStatus, JournalEntry, JournalStep, PlaceOp};
use serde::Serialize;

use super::card::{FileKind, ImportCard};
use super::lock::ImportLock;
use super::place::{record, remove_source, roll_back};
use super::target::book_input;
use crate::context::AppContext;
use crate::error::ServiceError;

/// What recovery did, card by card.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoverReport {
    /// Another process is importing: nothing was touched.
    pub busy: bool,
    pub completed: Vec<CardId>,
    pub rolled_back: Vec<CardId>,
    /// Cards left for a later recovery, with why (a copy that no longer verifies).
    pub failed: Vec<(CardId, String)>,
}

pub async fn recover(ctx: &AppContext) -> Result<RecoverReport, ServiceError> {
    let Some(_lock) = ImportLock::try_take(ctx.data_dir())? else {
        return Ok(RecoverReport {
            busy: true,
            ..RecoverReport::default()
        });
    };
    recover_locked(ctx).await
}

pub(crate) async fn recover_locked(ctx: &AppContext) -> Result<RecoverReport, ServiceError> {
    let open = ctx.db().import_journal().open().await?;
    let mut by_card: BTreeMap<CardId, Vec<JournalEntry>> = BTreeMap::new();
    for e in open {
        by_card.entry(e.card).or_default().push(e);
    }
    let mut report = RecoverReport::default();
    for (card, entries) in by_card {
        match recover_card(ctx, card, &entries).await {
            Ok(Done::Completed) => report.completed.push(card),
            Ok(Done::RolledBack) => report.rolled_back.push(card),
            Err(e) => {
                tracing::warn!(card = card.0, error = %e, "an interrupted import could not be recovered");
                report.failed.push((card, e.to_string()));
            }
        }
    }
    Ok(report)
}

enum Done {
    Completed,
    RolledBack,
}

async fn recover_card(
    ctx: &AppContext,
    id: CardId,
    entries: &[JournalEntry],
) -> Result<Done, ServiceError> {
    let all_placed = entries.iter().all(|e| {
        e.step >= JournalStep::Placed && std::fs::symlink_metadata(Path::new(&e.file.dst)).is_ok()
    });
    if !all_placed {
        roll_back(ctx, id, entries).await?;
        ctx.db()
            .import_cards()
            .set_status(
                id,
                CardStatus::Ready,
                Some("an interrupted import was undone; import it again"),
            )
            .await?;
        return Ok(Done::RolledBack);
    }
    let card = ImportCard::from_row(ctx.db().import_cards().get(id).await?)?;
    if entries.iter().any(|e| e.step == JournalStep::Placed) {
        let matched = match &card.best_match {
            Some(m) => Some(ctx.db().books().get(m.book_id).await?),
            None => None,
        };
        let input = book_input(&card, matched.as_ref());
        let files: Vec<BookFile> = entries
            .iter()
            .map(|e| {
                let cf = card.files.iter().find(|f| f.path == e.file.src);
                BookFile {
                    path: e.file.rel.clone(),
                    size: e.file.size,
                    sha256: e.file.sha256.clone().unwrap_or_default(),
                    format: cf.map(|f| f.format.clone()).unwrap_or_default(),
                    duration_ms: cf.and_then(|f| f.duration_ms),
                    chapters: None,
                    part: cf
                        .filter(|f| f.kind == FileKind::Audio)
                        .and_then(|f| f.part),
                }
            })
            .collect();
        let folder = entries
            .first()
            .and_then(|e| e.file.rel.rsplit_once('/'))
            .map(|(folder, _)| folder.to_owned())
            .unwrap_or_default();
        record(ctx, &card, &input, &files, &folder).await?;
    }
    let journal = ctx.db().import_journal();
    for e in entries {
        if e.op == PlaceOp::Move && e.step < JournalStep::SourceRemoved {
            remove_source(&e.file).await?;
            journal.source_removed(e.id).await?;
        }
    }
    journal.finish(id, JournalStep::Closed).await?;
    Ok(Done::Completed)
}
