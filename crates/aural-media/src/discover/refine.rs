//! What tags add to a book found by file names (SPEC §7.2): parts ordered by disc and track
//! number before file name, and a folder whose files name different albums split into books.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::PathBuf;

use aural_core::natural_cmp;

use super::walk::same_stem;
use super::{AudioPart, BookGroup, BookShape, Companion};
use crate::tags::AudioTags;

/// Books made from one found book once its tags are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refined {
    pub books: Vec<BookGroup>,
    /// Companions of a split folder that no part's name claims.
    pub unclaimed: Vec<Companion>,
}

/// Orders the parts of `book` by disc (folder number, else tag), then track number, then file
/// name; and when every part has an album tag and they name several albums, makes one book
/// per album. Parts whose tags could not be read (absent from `tags`) keep their name order.
pub fn refine(mut book: BookGroup, tags: &HashMap<PathBuf, AudioTags>) -> Refined {
    book.parts.sort_by(|a, b| compare(a, b, tags));
    let albums: Option<Vec<String>> = book
        .parts
        .iter()
        .map(|p| {
            tags.get(&p.path)?
                .album
                .as_deref()
                .map(|a| a.trim().to_lowercase())
                .filter(|a| !a.is_empty())
        })
        .collect();
    let Some(albums) = albums else {
        return Refined {
            books: vec![book],
            unclaimed: Vec::new(),
        };
    };
    let mut distinct: Vec<&String> = Vec::new();
    for album in &albums {
        if !distinct.contains(&album) {
            distinct.push(album);
        }
    }
    if distinct.len() < 2 {
        return Refined {
            books: vec![book],
            unclaimed: Vec::new(),
        };
    }
    let mut companions = std::mem::take(&mut book.companions);
    let mut books = Vec::new();
    for album in distinct {
        let parts: Vec<AudioPart> = book
            .parts
            .iter()
            .zip(&albums)
            .filter(|(_, a)| *a == album)
            .map(|(p, _)| p.clone())
            .collect();
        let (mine, rest): (Vec<Companion>, Vec<Companion>) = companions
            .into_iter()
            .partition(|c| parts.iter().any(|p| same_stem(&c.path, &p.path)));
        companions = rest;
        let shape = if parts.len() == 1 {
            BookShape::SingleFile
        } else {
            book.shape
        };
        let root = if parts.len() == 1 {
            parts[0].path.clone()
        } else {
            book.root.clone()
        };
        books.push(BookGroup {
            root,
            shape,
            parts,
            companions: mine,
        });
    }
    Refined {
        books,
        unclaimed: companions,
    }
}

fn compare(a: &AudioPart, b: &AudioPart, tags: &HashMap<PathBuf, AudioTags>) -> Ordering {
    let key = |p: &AudioPart| {
        let t = tags.get(&p.path);
        (
            p.disc.or(t.and_then(|t| t.disc)).unwrap_or(0),
            t.and_then(|t| t.track).unwrap_or(u32::MAX),
        )
    };
    key(a).cmp(&key(b)).then_with(|| {
        let name = |p: &AudioPart| {
            p.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        natural_cmp(&name(a), &name(b))
    })
}
