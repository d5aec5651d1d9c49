//! `scan`: chosen files and folders → one card per book (SPEC §7.2–7.4). Discovery and tag
//! reading block, so they run on a blocking thread; matching reads the library.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use aural_core::naming::guess_from_folders;
use aural_db::CardStatus;
use aural_media::discover::refine;
use aural_media::{AudioFormat, AudioTags, BookGroup, discover, read_tags};

use super::card::{CardFile, Detected, FileKind, ImportCard};
use super::error::ImportError;
use super::matching::{AUTO_ACCEPT, candidates, mark_held};
use super::preview::fill_targets;
use crate::context::AppContext;
use crate::error::ServiceError;

/// A book found on disk with the tags of each part (absent where unreadable).
struct Found {
    group: BookGroup,
    tags: HashMap<PathBuf, Result<AudioTags, String>>,
    /// Folder names from the chosen path down to the book's folder, for when tags are empty.
    folders: Vec<String>,
}

/// Scans `paths` and saves one card per book found; a folder scanned again updates its open
/// cards. Unreadable, empty or mislabelled files make their card `invalid`, never the scan fail.
/// A chosen path that cannot be read is an error naming it, before anything is scanned.
pub async fn scan(ctx: &AppContext, paths: Vec<PathBuf>) -> Result<Vec<ImportCard>, ServiceError> {
    let found = tokio::task::spawn_blocking(move || {
        for path in &paths {
            std::fs::metadata(path).map_err(|source| ImportError::SourceUnreadable {
                path: path.clone(),
                source,
            })?;
        }
        Ok::<_, ImportError>(find(&paths))
    })
    .await
    .map_err(|e| ServiceError::JobPanicked(e.to_string()))??;
    let mut cards = Vec::with_capacity(found.len());
    for book in found {
        cards.push(card(ctx, book).await?);
    }
    let rows = cards
        .iter()
        .cloned()
        .map(ImportCard::into_row)
        .collect::<Result<Vec<_>, _>>()?;
    let ids = ctx.db().import_cards().save(&rows).await?;
    for (card, id) in cards.iter_mut().zip(ids) {
        card.id = id;
    }
    fill_targets(ctx, &mut cards).await?;
    Ok(cards)
}

/// Scans the staging folder set in Settings › Library.
pub async fn scan_staging(ctx: &AppContext) -> Result<Vec<ImportCard>, ServiceError> {
    let dir = ctx
        .settings()
        .current()
        .library
        .staging_dir
        .clone()
        .ok_or(ImportError::NoStagingDir)?;
    scan(ctx, vec![PathBuf::from(dir)]).await
}

fn find(paths: &[PathBuf]) -> Vec<Found> {
    let discovery = discover(paths);
    let mut found = Vec::new();
    for group in discovery.books {
        let tags: HashMap<PathBuf, Result<AudioTags, String>> = group
            .parts
            .iter()
            .map(|p| {
                (
                    p.path.clone(),
                    read_tags(&p.path).map_err(|e| e.to_string()),
                )
            })
            .collect();
        let readable: HashMap<PathBuf, AudioTags> = tags
            .iter()
            .filter_map(|(p, t)| t.as_ref().ok().map(|t| (p.clone(), t.clone())))
            .collect();
        for group in refine(group, &readable).books {
            let folders = folders_of(paths, &group.root);
            let tags = group
                .parts
                .iter()
                .filter_map(|p| tags.get(&p.path).map(|t| (p.path.clone(), t.clone())))
                .collect();
            found.push(Found {
                group,
                tags,
                folders,
            });
        }
    }
    found
}

/// The names from the chosen path that holds `root` down to the book's folder (a file chosen on
/// its own adds its stem), so `Author/Series 03 - Title` can be read.
fn folders_of(chosen: &[PathBuf], root: &Path) -> Vec<String> {
    let base = chosen
        .iter()
        .filter_map(|c| {
            if root == c.as_path() {
                c.parent()
            } else {
                root.starts_with(c).then_some(c.as_path())
            }
        })
        .max_by_key(|p| p.components().count());
    let rel = base.and_then(|b| root.strip_prefix(b).ok()).unwrap_or(root);
    let mut names: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if root.is_file()
        && let Some(last) = names.last_mut()
        && let Some(stem) = Path::new(last.as_str()).file_stem()
    {
        *last = stem.to_string_lossy().into_owned();
    }
    names
}

async fn card(ctx: &AppContext, found: Found) -> Result<ImportCard, ServiceError> {
    let (files, problems) = files(&found);
    let detected = detect(&found);
    let unicode = path_text(&found.group.root)
        .map(|_| ())
        .map_err(|e| e.to_string());
    let mut card = ImportCard {
        id: aural_db::CardId(0),
        root: found.group.root.to_string_lossy().into_owned(),
        status: CardStatus::Ready,
        files,
        detected,
        best_match: None,
        book_id: None,
        candidates: Vec::new(),
        target: None,
        error: None,
        cover_key: None,
    };
    if let Err(e) = unicode {
        card.status = CardStatus::Invalid;
        card.error = Some(e);
        return Ok(card);
    }
    if let Some(problem) = problems {
        card.status = CardStatus::Invalid;
        card.error = Some(problem);
        return Ok(card);
    }
    settle(ctx, &mut card).await?;
    Ok(card)
}

/// Matches the card against the library and sets its status: ready with the best candidate
/// at or above the auto-accept threshold, ready as a new book when nothing in the library is
/// like it, else pending (or missing metadata) with why.
pub(crate) async fn settle(ctx: &AppContext, card: &mut ImportCard) -> Result<(), ServiceError> {
    card.candidates = candidates(ctx, &card.detected).await?;
    mark_held(ctx, &mut card.candidates).await?;
    let best = card.candidates.first();
    (card.status, card.best_match) = match best {
        Some(best) if best.confidence >= AUTO_ACCEPT => (CardStatus::Ready, Some(best.clone())),
        Some(_) => (CardStatus::Pending, None),
        None if card.detected.title.is_none() => (CardStatus::MissingMetadata, None),
        None if card.detected.authors.is_empty() => (CardStatus::Pending, None),
        // Nothing in the library is like it: a new book, named by its own tags.
        None => (CardStatus::Ready, None),
    };
    if let Some(best) = card.best_match.as_mut() {
        note_duplicate(best);
    }
    card.book_id = card.best_match.as_ref().map(|m| m.book_id);
    card.error = match card.status {
        CardStatus::Pending if card.candidates.is_empty() => {
            Some("no author found in its tags or folder names: choose a match".to_owned())
        }
        CardStatus::Pending => {
            Some("no library book matches surely enough: choose a match".to_owned())
        }
        CardStatus::MissingMetadata => {
            Some("no title found in its tags or folder names: edit its metadata".to_owned())
        }
        _ => None,
    };
    Ok(())
}

/// SPEC §7.7: a duplicate keeps both until replace and skip exist; say so up front.
pub(crate) fn note_duplicate(best: &mut super::card::Candidate) {
    if best.files_held > 0 && !best.reasons.iter().any(|r| r.starts_with("duplicate:")) {
        best.reasons.push(format!(
            "duplicate: the library already holds {} files of this book; importing keeps both",
            best.files_held
        ));
    }
}

/// The card's files in play order, and the first problem that makes the book unimportable.
fn files(found: &Found) -> (Vec<CardFile>, Option<String>) {
    let mut files = Vec::new();
    let mut problem = None;
    for (i, part) in found.group.parts.iter().enumerate() {
        let tags = found.tags.get(&part.path);
        let file_problem = match tags {
            _ if part.size == 0 => Some("the file is empty".to_owned()),
            Some(Err(e)) => Some(e.clone()),
            Some(Ok(t)) if t.mislabelled => {
                Some("its content is another format than its extension says".to_owned())
            }
            Some(Ok(_)) => path_text(&part.path).err().map(|e| e.to_string()),
            None => Some("its tags were not read".to_owned()),
        };
        if problem.is_none()
            && let Some(p) = &file_problem
        {
            problem = Some(format!("{}: {p}", part.path.display()));
        }
        files.push(CardFile {
            path: part.path.to_string_lossy().into_owned(),
            kind: FileKind::Audio,
            size: part.size,
            format: format_name(part.format).to_owned(),
            part: Some(u32::try_from(i + 1).unwrap_or(u32::MAX)),
            duration_ms: tags
                .and_then(|t| t.as_ref().ok())
                .map(|t| u64::try_from(t.properties.duration.as_millis()).unwrap_or(u64::MAX)),
            problem: file_problem,
        });
    }
    for companion in &found.group.companions {
        let size = std::fs::metadata(&companion.path).map_or(0, |m| m.len());
        let file_problem = path_text(&companion.path).err().map(|e| e.to_string());
        if problem.is_none()
            && let Some(p) = &file_problem
        {
            problem = Some(p.clone());
        }
        files.push(CardFile {
            path: companion.path.to_string_lossy().into_owned(),
            kind: FileKind::Companion,
            size,
            format: companion
                .path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default(),
            part: None,
            duration_ms: None,
            problem: file_problem,
        });
    }
    (files, problem)
}

fn path_text(path: &Path) -> Result<&str, ImportError> {
    path.to_str().ok_or_else(|| ImportError::NotUnicode {
        path: path.to_owned(),
    })
}

pub(crate) fn format_name(format: AudioFormat) -> &'static str {
    match format {
        AudioFormat::M4b => "m4b",
        AudioFormat::M4a => "m4a",
        AudioFormat::Mp4 => "mp4",
        AudioFormat::Aac => "aac",
        AudioFormat::Mp3 => "mp3",
        AudioFormat::Flac => "flac",
        AudioFormat::Ogg => "ogg",
        AudioFormat::Opus => "opus",
        AudioFormat::Wma => "wma",
        AudioFormat::Wav => "wav",
    }
}

/// Tags of the first readable part, the album before a part's own title (parts are titled
/// "Part 01"), then folder names for what tags leave empty.
fn detect(found: &Found) -> Detected {
    let first = found
        .group
        .parts
        .iter()
        .find_map(|p| found.tags.get(&p.path).and_then(|t| t.as_ref().ok()));
    let guess = guess_from_folders(&found.folders);
    let single = found.group.parts.len() == 1;
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let mut d = Detected::default();
    if let Some(t) = first {
        d.title = clean(&t.album).or_else(|| if single { clean(&t.title) } else { None });
        d.authors = if t.album_artists.is_empty() {
            t.artists.clone()
        } else {
            t.album_artists.clone()
        };
        d.narrators = t.narrators.clone();
        d.series = clean(&t.series);
        d.series_position = clean(&t.series_position);
        d.year = t.year;
        d.publisher = clean(&t.publisher);
        d.language = clean(&t.language);
        d.asin = t.asin.as_ref().map(|a| a.as_str().to_owned());
    }
    d.title = d.title.or(guess.title);
    if d.authors.is_empty() {
        d.authors = guess.author.into_iter().collect();
    }
    d.series = d.series.or(guess.series);
    d.series_position = d
        .series_position
        .or_else(|| guess.series_position.map(|p| p.to_string()));
    d.year = d.year.or(guess.year);
    d.asin = d.asin.or_else(|| guess.asin.map(|a| a.as_str().to_owned()));
    let total: u64 = found
        .group
        .parts
        .iter()
        .filter_map(|p| found.tags.get(&p.path).and_then(|t| t.as_ref().ok()))
        .map(|t| u64::try_from(t.properties.duration.as_millis()).unwrap_or(0))
        .sum();
    d.duration_ms = (total > 0).then_some(total);
    d
}
