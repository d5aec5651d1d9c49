//! Finding books among chosen files and folders (SPEC §7.2).
//!
//! A walk collects every folder's audio and companion files; grouping then turns folders into
//! books. Nothing is read beyond directory entries and sizes, so a damaged file is still found
//! here and reported by tag reading or ffprobe later.

mod group;
mod refine;
mod walk;

pub use refine::{Refined, refine};

use std::io;
use std::path::{Path, PathBuf};

use crate::format::{AudioFormat, CompanionKind};

/// How the files of a book are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookShape {
    /// One audio file.
    SingleFile,
    /// Several parts in one folder.
    Folder,
    /// Parts spread over disc folders (`CD1`, `Disc 2`) under one parent.
    MultiDisc,
}

/// One audio file of a book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioPart {
    pub path: PathBuf,
    pub format: AudioFormat,
    /// The disc folder's number in a multi-disc book.
    pub disc: Option<u32>,
    pub size: u64,
}

/// A non-audio file that travels with its book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Companion {
    pub path: PathBuf,
    pub kind: CompanionKind,
}

/// Files that make one book. Parts are in play order: disc by disc, then natural file-name
/// order ("Part 2" before "Part 10"); a planner that reads tags may reorder by track number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookGroup {
    /// The book's folder, or the file itself for a file chosen on its own.
    pub root: PathBuf,
    pub shape: BookShape,
    pub parts: Vec<AudioPart>,
    pub companions: Vec<Companion>,
}

impl BookGroup {
    pub fn total_size(&self) -> u64 {
        self.parts.iter().map(|p| p.size).sum()
    }
}

/// Why a path was left out of the scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A FIFO, socket or device: opening it could block or read forever.
    SpecialFile,
    /// A symlink pointing at one of its own ancestors.
    SymlinkLoop,
    /// A folder already walked through another path (a second symlink to it).
    AlreadySeen,
    /// Unreadable (permissions) or gone (deleted mid-scan, dangling symlink).
    Unreadable(io::ErrorKind),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// What a scan found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    pub books: Vec<BookGroup>,
    /// Companions in a folder of several books that no book's name claims.
    pub unclaimed: Vec<Companion>,
    pub skipped: Vec<Skipped>,
}

/// Walks the chosen files and folders and groups their audio into books. Symlinks are followed
/// once; loops, special files and unreadable entries are reported in `skipped`, never fatal.
pub fn discover<P: AsRef<Path>>(roots: &[P]) -> Discovery {
    let mut tree = walk::Tree::default();
    for root in roots {
        tree.add_root(root.as_ref());
    }
    group::group(tree)
}
