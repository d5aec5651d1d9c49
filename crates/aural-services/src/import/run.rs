//! `run`: imports chosen cards as one job with progress, one card after another under the
//! import lock. A card that fails is rolled back and marked `error` with the reason; the others
//! go on.

use std::path::PathBuf;
use std::sync::Arc;

use aural_core::JobParams;
use aural_core::naming::{NamingPreset, NamingTemplate};
use aural_db::{CardId, CardStatus, PlaceOp};
use serde::Serialize;

use super::card::ImportCard;
use super::error::ImportError;
use super::lock::ImportLock;
use super::place::{Halt, NoStop, Placement, StepObserver, place};
use super::recover::recover_locked;
use super::target::Templates;
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::jobs::{JobHandle, JobTask};
use crate::settings::ImportMode;

/// Which cards to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardSelection {
    AllReady,
    Cards(Vec<CardId>),
}

/// An import as the user asked for it; unset choices come from Settings › Library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRequest {
    pub cards: CardSelection,
    pub mode: Option<ImportMode>,
    /// A preset name (`audiobookshelf`, `flat`, `libation`) or a folder template.
    pub template: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    pub imported: Vec<CardId>,
    /// Cards that failed and were rolled back, with why.
    pub failed: Vec<(CardId, String)>,
    /// The placement was stopped by a step observer, as a crash would stop it.
    pub stopped: bool,
}

/// Imports the selected cards as a job and waits for it.
pub async fn run(ctx: &AppContext, request: RunRequest) -> Result<RunReport, ServiceError> {
    run_observed(ctx, request, Arc::new(NoStop)).await
}

/// [`run`], telling `observer` after each journal step; it may stop the placement there.
pub async fn run_observed(
    ctx: &AppContext,
    request: RunRequest,
    observer: Arc<dyn StepObserver>,
) -> Result<RunReport, ServiceError> {
    launch(ctx, request, observer).await?.wait().await
}

/// Starts importing the selected cards as a job and returns it without waiting: the window
/// follows its progress through job events. What stops an import before it starts (no library
/// folder, a card not ready, another import running) is an error here.
pub async fn start(
    ctx: &AppContext,
    request: RunRequest,
) -> Result<JobTask<RunReport>, ServiceError> {
    launch(ctx, request, Arc::new(NoStop)).await
}

async fn launch(
    ctx: &AppContext,
    request: RunRequest,
    observer: Arc<dyn StepObserver>,
) -> Result<JobTask<RunReport>, ServiceError> {
    let settings = ctx.settings().current();
    let root = settings
        .library
        .root
        .clone()
        .map(PathBuf::from)
        .ok_or(ImportError::NoLibraryRoot)?;
    if !root.is_dir() {
        return Err(ImportError::LibraryRootMissing { path: root }.into());
    }
    let staging = settings.library.staging_dir.clone().map(PathBuf::from);
    let templates = templates(
        request.template.as_deref(),
        &settings.library.folder_template,
        &settings.library.file_template,
    )?;
    let op = match request.mode.unwrap_or(settings.library.import_mode) {
        ImportMode::Copy => PlaceOp::Copy,
        ImportMode::Move => PlaceOp::Move,
    };
    let ids = match request.cards {
        CardSelection::AllReady => ctx.db().import_cards().ready().await?,
        CardSelection::Cards(ids) => ids,
    };
    let mut cards = Vec::with_capacity(ids.len());
    for id in ids {
        let card = ImportCard::from_row(ctx.db().import_cards().get(id).await?)?;
        if card.status != CardStatus::Ready {
            return Err(ImportError::CardNotReady {
                id,
                status: card.status,
            }
            .into());
        }
        cards.push(card);
    }
    let Some(lock) = ImportLock::try_take(ctx.data_dir())? else {
        return Err(ImportError::Busy.into());
    };
    let params = JobParams::FileImport {
        cards: cards.iter().map(|c| c.id.0).collect(),
    };
    let job_ctx = ctx.clone();
    let task = ctx
        .jobs()
        .spawn(ctx, params, "books", move |handle| async move {
            let _lock = lock;
            // What an earlier crash left is put right before new files are placed.
            recover_locked(&job_ctx).await?;
            let work = Work {
                op,
                templates: &templates,
                root: &root,
                staging: staging.as_deref(),
                observer: &observer,
            };
            work.run(&job_ctx, &handle, &cards).await
        })
        .await?;
    Ok(task)
}

struct Work<'a> {
    op: PlaceOp,
    templates: &'a Templates,
    root: &'a std::path::Path,
    staging: Option<&'a std::path::Path>,
    observer: &'a Arc<dyn StepObserver>,
}

impl Work<'_> {
    async fn run(
        &self,
        ctx: &AppContext,
        handle: &JobHandle,
        cards: &[ImportCard],
    ) -> Result<RunReport, ServiceError> {
        let total = u64::try_from(cards.len()).unwrap_or(u64::MAX);
        let mut report = RunReport::default();
        for (done, card) in cards.iter().enumerate() {
            handle.check_cancelled()?;
            let placement = Placement {
                card,
                op: self.op,
                templates: self.templates,
                root: self.root,
                staging: self.staging,
                observer: self.observer,
                cancel: &handle.cancel,
            };
            match place(ctx, placement).await {
                Ok(()) => report.imported.push(card.id),
                Err(Halt::Stopped) => {
                    report.stopped = true;
                    return Ok(report);
                }
                Err(Halt::Failed(ServiceError::Cancelled)) => return Err(ServiceError::Cancelled),
                Err(Halt::AfterRecord(e)) => {
                    let message = format!("imported, but a source is still in place: {e}");
                    tracing::warn!(card = card.id.0, error = %message, "a moved source could not be removed");
                    report.failed.push((card.id, message));
                }
                Err(Halt::Failed(e)) => {
                    let message = e.to_string();
                    tracing::warn!(card = card.id.0, error = %message, "import of a card failed");
                    ctx.db()
                        .import_cards()
                        .set_status(card.id, CardStatus::Error, Some(&message))
                        .await?;
                    report.failed.push((card.id, message));
                }
            }
            let done = u64::try_from(done + 1).unwrap_or(u64::MAX);
            handle
                .progress(
                    done,
                    Some(total),
                    Some(format!("Imported {done} of {total} books")),
                )
                .await?;
        }
        Ok(report)
    }
}

pub(crate) fn templates(
    chosen: Option<&str>,
    folder: &str,
    file: &str,
) -> Result<Templates, ImportError> {
    let preset = match chosen.map(str::to_lowercase).as_deref() {
        Some("audiobookshelf") => Some(NamingPreset::AudioBookShelf),
        Some("flat") => Some(NamingPreset::Flat),
        Some("libation") => Some(NamingPreset::LibationLike),
        _ => None,
    };
    let (folder, file, setting) = match (preset, chosen) {
        (Some(p), _) => (p.templates().0, p.templates().1, "template"),
        (None, Some(t)) => (t, file, "template"),
        (None, None) => (folder, file, "library.folderTemplate"),
    };
    let parse = |text: &str, setting: &'static str| {
        text.parse::<NamingTemplate>()
            .map_err(|source| ImportError::Template { setting, source })
    };
    Ok(Templates {
        folder: parse(folder, setting)?,
        file: parse(file, "library.fileTemplate")?,
    })
}
