//! Placing one card's files through the journal (SPEC §7.6): every entry is written before a
//! file is touched; each file is copied to a temp name beside its target, fsynced, verified by
//! size and SHA-256 and linked into place; then the files, the book's `owned` claim by the file
//! import and the card are recorded; only then are a move's sources deleted. A failure before
//! recording undoes what was placed, and nothing is ever deleted before its copy is verified.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use aural_core::{BookSource, BookStatus, SourceKind};
use aural_db::{BookFile, CardId, JournalEntry, JournalStep, PlaceOp, PlannedFile};
use aural_media::fsops::hash_file;
use aural_media::{Ffprobe, MediaError, copy_verified};
use tokio_util::sync::CancellationToken;

use super::card::{FileKind, ImportCard};
use super::error::ImportError;
use super::target::{Templates, book_input, plan};
use crate::context::AppContext;
use crate::error::ServiceError;

/// Told after each journal step of a card; answering `Stop` ends the placement on the spot,
/// leaving the disk and database as a crash there would. Tests use it to prove recovery.
pub trait StepObserver: Send + Sync {
    fn after(&self, card: CardId, step: JournalStep) -> Flow;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// Goes on after every step.
pub(crate) struct NoStop;

impl StepObserver for NoStop {
    fn after(&self, _: CardId, _: JournalStep) -> Flow {
        Flow::Continue
    }
}

pub(crate) struct Placement<'a> {
    pub card: &'a ImportCard,
    pub op: PlaceOp,
    pub templates: &'a Templates,
    pub root: &'a Path,
    /// Folders a move empties inside it are removed (SPEC §7.6); elsewhere they stay.
    pub staging: Option<&'a Path>,
    pub observer: &'a Arc<dyn StepObserver>,
    pub cancel: &'a CancellationToken,
}

/// Why a placement ended early.
pub(crate) enum Halt {
    /// The observer stopped it as a crash would.
    Stopped,
    /// Nothing of the card is left in the library; its sources are as they were.
    Failed(ServiceError),
    /// The book is recorded, but a source of the move could not be removed yet; the journal
    /// keeps the entry open for recovery.
    AfterRecord(ServiceError),
}

impl From<ServiceError> for Halt {
    fn from(e: ServiceError) -> Halt {
        Halt::Failed(e)
    }
}

impl From<aural_db::DbError> for Halt {
    fn from(e: aural_db::DbError) -> Halt {
        Halt::Failed(e.into())
    }
}

impl From<ImportError> for Halt {
    fn from(e: ImportError) -> Halt {
        Halt::Failed(e.into())
    }
}

pub(crate) async fn place(ctx: &AppContext, p: Placement<'_>) -> Result<(), Halt> {
    let card = p.card;
    let matched = match &card.best_match {
        Some(m) => Some(ctx.db().books().get(m.book_id).await?),
        None => None,
    };
    let input = book_input(card, matched.as_ref());
    let (templates, root, owned) = (p.templates.clone(), p.root.to_owned(), card.clone());
    let input_for_plan = input.clone();
    let (folder, files) =
        tokio::task::spawn_blocking(move || plan(&owned, &input_for_plan, &templates, &root))
            .await
            .map_err(|e| ServiceError::JobPanicked(e.to_string()))??;
    let journal = ctx.db().import_journal();
    let ids = journal.plan(card.id, p.op, &files).await?;
    stop_if(p.observer, card.id, JournalStep::Planned)?;
    let mut hashes = Vec::with_capacity(files.len());
    for (id, file) in ids.iter().zip(&files) {
        if let Some(sha) = &file.sha256 {
            hashes.push(sha.clone());
            continue;
        }
        let copied = copy_file(file, p.cancel).await;
        match copied {
            Ok(sha) => {
                journal.placed(*id, &sha).await?;
                hashes.push(sha);
                stop_if(p.observer, card.id, JournalStep::Placed)?;
            }
            Err(e) => {
                let entries = journal.open().await?;
                roll_back(ctx, card.id, &entries).await?;
                return Err(Halt::Failed(e));
            }
        }
    }
    let mut book_files = Vec::with_capacity(files.len());
    for ((f, sha), cf) in files.iter().zip(&hashes).zip(&card.files) {
        let audio = cf.kind == FileKind::Audio;
        book_files.push(BookFile {
            path: f.rel.clone(),
            size: f.size,
            sha256: sha.clone(),
            format: cf.format.clone(),
            duration_ms: cf.duration_ms,
            chapters: if audio {
                chapter_count(Path::new(&f.dst)).await
            } else {
                None
            },
            part: cf.part.filter(|_| audio),
        });
    }
    record(ctx, card, &input, &book_files, &folder).await?;
    stop_if(p.observer, card.id, JournalStep::Recorded)?;
    if p.op == PlaceOp::Move {
        for ((id, file), sha) in ids.iter().zip(&files).zip(&hashes) {
            let placed = PlannedFile {
                sha256: Some(sha.clone()),
                ..file.clone()
            };
            remove_source(&placed).await.map_err(Halt::AfterRecord)?;
            journal.source_removed(*id).await?;
            stop_if(p.observer, card.id, JournalStep::SourceRemoved)?;
        }
    }
    journal.finish(card.id, JournalStep::Closed).await?;
    if p.op == PlaceOp::Move
        && let Some(staging) = p.staging
    {
        let (staging, sources) = (
            staging.to_owned(),
            files.iter().map(|f| f.src.clone()).collect::<Vec<_>>(),
        );
        tokio::task::spawn_blocking(move || remove_empty_folders(&staging, &sources))
            .await
            .map_err(|e| ServiceError::JobPanicked(e.to_string()))?;
    }
    Ok(())
}

/// Removes the folders that held `sources` and are now empty, up to but not including
/// `staging`; a folder outside it, or holding anything else, stays.
fn remove_empty_folders(staging: &Path, sources: &[String]) {
    for src in sources {
        let mut dir = Path::new(src).parent();
        while let Some(d) = dir {
            if d == staging || !d.starts_with(staging) || fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
}

/// How many chapters the placed file lists (MP4 chapter lists, ID3 CHAP); unknown when
/// ffprobe cannot tell, which never stops an import.
async fn chapter_count(path: &Path) -> Option<u32> {
    match Ffprobe::default().probe(path).await {
        Ok(probe) => u32::try_from(probe.chapters.len()).ok(),
        Err(e) => {
            tracing::debug!(path = %path.display(), error = %e, "no chapter count");
            None
        }
    }
}

fn stop_if(observer: &Arc<dyn StepObserver>, card: CardId, step: JournalStep) -> Result<(), Halt> {
    match observer.after(card, step) {
        Flow::Continue => Ok(()),
        Flow::Stop => Err(Halt::Stopped),
    }
}

async fn copy_file(file: &PlannedFile, cancel: &CancellationToken) -> Result<String, ServiceError> {
    let (src, dst, cancel) = (
        std::path::PathBuf::from(&file.src),
        std::path::PathBuf::from(&file.dst),
        cancel.clone(),
    );
    tokio::task::spawn_blocking(move || copy_verified(&src, &dst, &cancel).map(|v| v.sha256_hex()))
        .await
        .map_err(|e| ServiceError::JobPanicked(e.to_string()))?
        .map_err(|e| match e {
            MediaError::Cancelled => ServiceError::Cancelled,
            e => ImportError::Media(e).into(),
        })
}

/// Lands the book with the file import's `owned` claim, then records its files, the journal
/// step and the card in one transaction. Both writes repeat harmlessly, which recovery uses.
pub(crate) async fn record(
    ctx: &AppContext,
    card: &ImportCard,
    input: &aural_core::BookInput,
    files: &[BookFile],
    folder: &str,
) -> Result<(), ServiceError> {
    let source = BookSource {
        kind: SourceKind::FileImport,
        key: String::new(),
    };
    let landed = ctx
        .db()
        .books()
        .upsert_batch(std::slice::from_ref(input), &source, BookStatus::Owned)
        .await?;
    let book = landed.ids[0];
    ctx.db()
        .import_journal()
        .record(card.id, book, files, folder)
        .await?;
    Ok(())
}

/// Deletes a move's source once its copy is recorded, after checking the copy still holds the
/// source's bytes (recovery may run long after the copy was made).
pub(crate) async fn remove_source(file: &PlannedFile) -> Result<(), ServiceError> {
    let file = file.clone();
    tokio::task::spawn_blocking(move || -> Result<(), ImportError> {
        let src = Path::new(&file.src);
        if fs::symlink_metadata(src).is_err() {
            return Ok(());
        }
        let dst = Path::new(&file.dst);
        // A book scanned from inside the library is its own target: there is nothing to remove.
        if let (Ok(a), Ok(b)) = (fs::canonicalize(src), fs::canonicalize(dst))
            && a == b
        {
            return Ok(());
        }
        let copy = hash_file(dst)?;
        if Some(copy.sha256_hex()) != file.sha256 || copy.size != file.size {
            return Err(ImportError::Media(MediaError::VerifyFailed {
                source_path: src.to_owned(),
                copy: dst.to_owned(),
            }));
        }
        fs::remove_file(src).map_err(|e| ImportError::Media(io(src, e)))?;
        if let Some(dir) = src.parent()
            && let Ok(d) = fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    })
    .await
    .map_err(|e| ServiceError::JobPanicked(e.to_string()))??;
    Ok(())
}

fn io(path: &Path, source: std::io::Error) -> MediaError {
    MediaError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Undoes a card's unrecorded placement: temp files go, and every copy it placed goes too —
/// but only while its source still exists, so no file is ever left nowhere. Entries end as
/// rolled back and the card is ready again.
pub(crate) async fn roll_back(
    ctx: &AppContext,
    card: CardId,
    entries: &[JournalEntry],
) -> Result<(), ServiceError> {
    let mine: Vec<JournalEntry> = entries.iter().filter(|e| e.card == card).cloned().collect();
    tokio::task::spawn_blocking(move || {
        for e in &mine {
            let _ = fs::remove_file(&e.file.tmp);
            if !e.file.existed && ours(e) {
                let _ = fs::remove_file(&e.file.dst);
            }
        }
    })
    .await
    .map_err(|e| ServiceError::JobPanicked(e.to_string()))?;
    ctx.db()
        .import_journal()
        .finish(card, JournalStep::RolledBack)
        .await?;
    Ok(())
}

/// Whether the file at an entry's target is the copy this entry made and may go: its source is
/// still there, and the target holds the source's bytes. A copy that finished just before a
/// crash, with the journal still at `planned`, is recognised the same way.
fn ours(e: &JournalEntry) -> bool {
    let (src, dst) = (Path::new(&e.file.src), Path::new(&e.file.dst));
    if fs::symlink_metadata(dst).is_err() || fs::symlink_metadata(src).is_err() {
        return false;
    }
    match (hash_file(src), hash_file(dst)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
