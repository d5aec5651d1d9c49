//! Where each file of a card goes under the library root (SPEC §7.5): the folder and file
//! templates filled with the book's values (sanitised before substitution), companions under
//! their own safe names, and a numbered suffix for any name already taken by other bytes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use aural_core::naming::sanitize::{MAX_COMPONENT_BYTES, truncate_component};
use aural_core::naming::{ComponentKind, NameFields, NamingTemplate, numbered, sanitize_component};
use aural_core::{Book, BookInput, SeriesInput, SeriesPosition};
use aural_db::PlannedFile;
use aural_media::fsops::{FreeTarget, free_target, hash_file, temp_path_for};

use super::card::{FileKind, ImportCard};
use super::error::ImportError;

/// The placement first writes `.<name>.aapart` beside the target, which must fit the 255-byte
/// limit too: the name leaves room for the dot and the suffix.
const TEMP_AFFIX_BYTES: usize = ".".len() + ".aapart".len();

/// The folder and file templates an import names files with.
#[derive(Debug, Clone)]
pub struct Templates {
    pub folder: NamingTemplate,
    pub file: NamingTemplate,
}

/// What the book is called: the matched library book's own values, else the card's tags.
pub(crate) fn book_input(card: &ImportCard, matched: Option<&Book>) -> BookInput {
    if let Some(book) = matched {
        return BookInput {
            asin: book.asin.clone(),
            title: book.title.clone(),
            authors: book.authors.iter().map(|a| a.name.clone()).collect(),
            narrators: book.narrators.clone(),
            series: book
                .series
                .iter()
                .map(|s| SeriesInput {
                    name: s.name.clone(),
                    position: s.position.clone(),
                })
                .collect(),
            details: book.details.clone(),
            ..BookInput::default()
        };
    }
    let d = &card.detected;
    let mut input = BookInput {
        asin: d.asin.as_deref().and_then(|a| a.parse().ok()),
        title: d.title.clone().unwrap_or_default(),
        authors: d.authors.clone(),
        narrators: d.narrators.clone(),
        series: d
            .series
            .iter()
            .map(|name| SeriesInput {
                name: name.clone(),
                position: d.series_position.as_deref().map(SeriesPosition::parse),
            })
            .collect(),
        ..BookInput::default()
    };
    input.details.publisher = d.publisher.clone();
    input.details.language = d.language.clone();
    input.details.runtime_min = d
        .duration_ms
        .map(|ms| u32::try_from(ms.div_ceil(60_000)).unwrap_or(u32::MAX));
    input
}

fn fields(input: &BookInput, year: Option<i32>) -> NameFields {
    let series = input.series.first();
    NameFields {
        authors: input.authors.clone(),
        narrators: input.narrators.clone(),
        title: input.title.clone(),
        subtitle: input.details.subtitle.clone(),
        series: series.map(|s| s.name.clone()),
        series_position: series
            .and_then(|s| s.position.as_ref())
            .map(ToString::to_string),
        year,
        asin: input.asin.as_ref().map(|a| a.as_str().to_owned()),
        language: input.details.language.clone(),
        publisher: input.details.publisher.clone(),
        ..NameFields::default()
    }
}

/// The book's folder under the library root as the templates name it now: what a card shows
/// before it is imported. Collisions are only known when the files are placed.
pub(crate) fn folder_preview(
    card: &ImportCard,
    input: &BookInput,
    templates: &Templates,
) -> String {
    templates
        .folder
        .render_folder(&fields(input, card.detected.year))
        .components()
        .join("/")
}

/// The card's files with their targets, in play order then companions. A target holding other
/// bytes moves the file to ` (2)`, ` (3)`…; one holding the same bytes is taken as placed.
pub(crate) fn plan(
    card: &ImportCard,
    input: &BookInput,
    templates: &Templates,
    root: &Path,
) -> Result<(String, Vec<PlannedFile>), ImportError> {
    let base = fields(input, card.detected.year);
    let parts = u32::try_from(card.audio().count()).unwrap_or(u32::MAX);
    let folder = templates.folder.render_folder(&base);
    let folder_rel = folder.components().join("/");
    let mut used: HashSet<String> = HashSet::new();
    let mut planned = Vec::with_capacity(card.files.len());
    for file in &card.files {
        let src = PathBuf::from(&file.path);
        let name = match file.kind {
            FileKind::Audio => {
                let mut f = base.clone();
                f.part = file.part.filter(|_| parts > 1);
                f.parts = Some(parts);
                f.ext = src.extension().map(|e| e.to_string_lossy().to_lowercase());
                NamingTemplate::render_path(&templates.folder, &templates.file, &f)
                    .components()
                    .last()
                    .cloned()
                    .unwrap_or_default()
            }
            FileKind::Companion => sanitize_component(
                &src.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
                ComponentKind::File,
            ),
        };
        let name = truncate_component(
            &name,
            MAX_COMPONENT_BYTES - TEMP_AFFIX_BYTES,
            ComponentKind::File,
        );
        let mut unique = name.clone();
        let mut n = 1;
        while !used.insert(unique.to_lowercase()) {
            n += 1;
            unique = numbered(&name, n, ComponentKind::File);
        }
        let wanted = root.join(folder.to_path_buf()).join(&unique);
        let (dst, sha256, existed) = if std::fs::symlink_metadata(&wanted).is_ok() {
            let source = hash_file(&src)?;
            match free_target(&wanted, &source)? {
                FreeTarget::Free(p) => (p, None, false),
                FreeTarget::Identical(p) => (p, Some(source.sha256_hex()), true),
            }
        } else {
            (wanted, None, false)
        };
        let leaf = dst
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        planned.push(PlannedFile {
            src: text(&src)?,
            tmp: text(&temp_path_for(&dst))?,
            dst: text(&dst)?,
            rel: if folder_rel.is_empty() {
                leaf
            } else {
                format!("{folder_rel}/{leaf}")
            },
            part: file.part,
            size: file.size,
            sha256,
            existed,
        });
    }
    Ok((folder_rel, planned))
}

fn text(path: &Path) -> Result<String, ImportError> {
    path.to_str()
        .map(str::to_owned)
        .ok_or_else(|| ImportError::NotUnicode {
            path: path.to_owned(),
        })
}
