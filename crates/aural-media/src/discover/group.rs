//! Turning walked folders into books (SPEC §7.2 rules 1–3 and 5).

use aural_core::naming::disc_number;

use super::walk::{Folder, Tree, same_stem};
use super::{BookGroup, BookShape, Companion, Discovery};

pub(super) fn group(mut tree: Tree) -> Discovery {
    let mut found = Discovery {
        skipped: std::mem::take(&mut tree.skipped),
        ..Discovery::default()
    };
    for (part, companions) in std::mem::take(&mut tree.lone_files) {
        found.books.push(BookGroup {
            root: part.path.clone(),
            shape: BookShape::SingleFile,
            parts: vec![part],
            companions,
        });
    }
    let mut consumed = vec![false; tree.folders.len()];
    for index in 0..tree.folders.len() {
        if consumed[index] {
            continue;
        }
        let discs = disc_children(&tree, index);
        let folder = &mut tree.folders[index];
        if !folder.audio.is_empty() {
            book_per_folder(folder, &mut found);
        } else if !discs.is_empty() {
            let mut book = BookGroup {
                root: folder.path.clone(),
                shape: BookShape::MultiDisc,
                parts: Vec::new(),
                companions: std::mem::take(&mut folder.companions),
            };
            for (number, child) in discs {
                consumed[child] = true;
                let disc = &mut tree.folders[child];
                book.parts.extend(disc.audio.drain(..).map(|mut part| {
                    part.disc = Some(number);
                    part
                }));
                book.companions.append(&mut disc.companions);
            }
            found.books.push(book);
        }
    }
    found
}

/// Sub-folders named like discs that hold audio, in disc order; empty unless there are any.
fn disc_children(tree: &Tree, index: usize) -> Vec<(u32, usize)> {
    let mut discs: Vec<(u32, usize)> = tree.folders[index]
        .children
        .iter()
        .filter_map(|&child| {
            let folder = &tree.folders[child];
            let name = folder.path.file_name()?.to_str()?;
            let number = disc_number(name)?;
            (!folder.audio.is_empty()).then_some((number, child))
        })
        .collect();
    discs.sort_by_key(|(number, _)| *number);
    discs
}

/// A folder of parts is one book; a folder of several M4B/M4A files is one book per file, each
/// taking the companions named for it.
fn book_per_folder(folder: &mut Folder, found: &mut Discovery) {
    let audio = std::mem::take(&mut folder.audio);
    let companions = std::mem::take(&mut folder.companions);
    let each_is_a_book =
        audio.len() > 1 && audio.iter().all(|p| p.format.is_whole_book_container());
    if !each_is_a_book {
        let shape = if audio.len() == 1 {
            BookShape::SingleFile
        } else {
            BookShape::Folder
        };
        found.books.push(BookGroup {
            root: folder.path.clone(),
            shape,
            parts: audio,
            companions,
        });
        return;
    }
    let (mut claimed, unclaimed): (Vec<Companion>, Vec<Companion>) = companions
        .into_iter()
        .partition(|c| audio.iter().any(|a| same_stem(&c.path, &a.path)));
    found.unclaimed.extend(unclaimed);
    for part in audio {
        let (mine, rest): (Vec<Companion>, Vec<Companion>) = claimed
            .into_iter()
            .partition(|c| same_stem(&c.path, &part.path));
        claimed = rest;
        found.books.push(BookGroup {
            root: part.path.clone(),
            shape: BookShape::SingleFile,
            parts: vec![part],
            companions: mine,
        });
    }
}
