//! Choosing a target name that is free, or noticing the same file is already there (SPEC §7.5:
//! collisions get ` (2)`, ` (3)`…, never an overwrite; an identical file counts as imported).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use aural_core::naming::{ComponentKind, numbered};

use super::hash::{Verified, hash_file};
use crate::MediaError;

/// More numbered copies than this of one name means something loops; stop looking.
const MAX_NUMBER: u32 = 999;

/// Where a file can go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FreeTarget {
    /// Nothing is at this path: place the file here.
    Free(PathBuf),
    /// A file with the same size and SHA-256 already is: it was imported before.
    Identical(PathBuf),
}

/// The first of `dst`, `dst (2)`, `dst (3)`… that is free, unless one of them already holds
/// exactly the `source` contents. Only files of the same size are hashed.
pub fn free_target(dst: &Path, source: &Verified) -> Result<FreeTarget, MediaError> {
    let name = dst
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 1..=MAX_NUMBER {
        let candidate = dst.with_file_name(numbered(&name, n, ComponentKind::File));
        match fs::symlink_metadata(&candidate) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(FreeTarget::Free(candidate));
            }
            Err(e) => return Err(MediaError::io(&candidate, e)),
            Ok(meta) if meta.is_file() && meta.len() == source.size => {
                if hash_file(&candidate)? == *source {
                    return Ok(FreeTarget::Identical(candidate));
                }
            }
            Ok(_) => {}
        }
    }
    Err(MediaError::TargetExists {
        path: dst.to_owned(),
    })
}
