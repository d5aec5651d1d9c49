//! The filesystem walk behind discovery: folders with their audio and companion files.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use aural_core::natural_cmp;
use walkdir::WalkDir;

use super::{AudioPart, Companion, SkipReason, Skipped};
use crate::format::FileRole;

#[derive(Debug, Default)]
pub(super) struct Folder {
    pub path: PathBuf,
    pub audio: Vec<AudioPart>,
    pub companions: Vec<Companion>,
    /// Indexes of direct sub-folders in [`Tree::folders`].
    pub children: Vec<usize>,
}

/// Folders in walk order (a parent before its children), plus files chosen on their own.
#[derive(Debug, Default)]
pub(super) struct Tree {
    pub folders: Vec<Folder>,
    pub lone_files: Vec<(AudioPart, Vec<Companion>)>,
    pub skipped: Vec<Skipped>,
    seen_dirs: HashSet<PathBuf>,
    seen_files: HashSet<PathBuf>,
}

impl Tree {
    pub fn add_root(&mut self, root: &Path) {
        match fs::metadata(root) {
            Err(e) => self.skip(root, SkipReason::Unreadable(e.kind())),
            Ok(meta) if meta.is_dir() => self.walk(root),
            Ok(meta) if meta.is_file() => self.add_lone_file(root, meta.len()),
            Ok(_) => self.skip(root, SkipReason::SpecialFile),
        }
    }

    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.skipped.push(Skipped {
            path: path.to_owned(),
            reason,
        });
    }

    /// A file chosen on its own keeps the companions beside it that share its name
    /// (`Book.m4b` takes `Book.cue` and `Book.jpg`).
    fn add_lone_file(&mut self, path: &Path, size: u64) {
        let FileRole::Audio(format) = FileRole::of(path) else {
            return;
        };
        if !self.first_time_file(path) {
            return;
        }
        let companions = path
            .parent()
            .and_then(|dir| fs::read_dir(dir).ok())
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p != path && same_stem(p, path))
            .filter_map(|p| match FileRole::of(&p) {
                FileRole::Companion(kind) => Some(Companion { path: p, kind }),
                _ => None,
            })
            .collect();
        let part = AudioPart {
            path: path.to_owned(),
            format,
            disc: None,
            size,
        };
        self.lone_files.push((part, companions));
    }

    fn first_time_file(&mut self, path: &Path) -> bool {
        let key = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.seen_files.insert(key)
    }

    fn walk(&mut self, root: &Path) {
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let mut entries = WalkDir::new(root)
            .follow_links(true)
            .sort_by(|a, b| {
                natural_cmp(
                    &a.file_name().to_string_lossy(),
                    &b.file_name().to_string_lossy(),
                )
            })
            .into_iter();
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_owned();
                    let reason = if e.loop_ancestor().is_some() {
                        SkipReason::SymlinkLoop
                    } else {
                        SkipReason::Unreadable(
                            e.io_error().map_or(io::ErrorKind::Other, io::Error::kind),
                        )
                    };
                    self.skip(&path, reason);
                    continue;
                }
            };
            // `stack` holds (depth, folder index) of the folders above this entry.
            while stack
                .last()
                .is_some_and(|(depth, _)| *depth >= entry.depth())
            {
                stack.pop();
            }
            let parent = stack.last().map(|(_, index)| *index);
            let file_type = entry.file_type();
            if file_type.is_dir() {
                let canonical =
                    fs::canonicalize(entry.path()).unwrap_or_else(|_| entry.path().to_owned());
                if !self.seen_dirs.insert(canonical) {
                    self.skip(entry.path(), SkipReason::AlreadySeen);
                    entries.skip_current_dir();
                    continue;
                }
                let index = self.folders.len();
                self.folders.push(Folder {
                    path: entry.path().to_owned(),
                    ..Folder::default()
                });
                if let Some(parent) = parent {
                    self.folders[parent].children.push(index);
                }
                stack.push((entry.depth(), index));
            } else if !file_type.is_file() {
                self.skip(entry.path(), SkipReason::SpecialFile);
            } else if let Some(parent) = parent {
                let path = entry.path().to_owned();
                match FileRole::of(&path) {
                    FileRole::Audio(format) => {
                        // A file deleted since it was listed is reported, not fatal.
                        match entry.metadata() {
                            Ok(meta) if self.first_time_file(&path) => {
                                self.folders[parent].audio.push(AudioPart {
                                    path,
                                    format,
                                    disc: None,
                                    size: meta.len(),
                                })
                            }
                            Ok(_) => {}
                            Err(e) => self.skip(
                                &path,
                                SkipReason::Unreadable(
                                    e.io_error().map_or(io::ErrorKind::Other, io::Error::kind),
                                ),
                            ),
                        }
                    }
                    FileRole::Companion(kind) => self.folders[parent]
                        .companions
                        .push(Companion { path, kind }),
                    FileRole::Ignored => {}
                }
            }
        }
    }
}

/// Whether `companion` is named for `audio`: `Book.cue` or `Book.m4b.cue` for `Book.m4b`.
pub(super) fn same_stem(companion: &Path, audio: &Path) -> bool {
    let lower = |s: Option<&std::ffi::OsStr>| s.and_then(|s| s.to_str()).map(str::to_lowercase);
    match (
        lower(companion.file_stem()),
        lower(audio.file_stem()),
        lower(audio.file_name()),
    ) {
        (Some(c), Some(stem), Some(name)) => c == stem || c == name,
        _ => false,
    }
}
