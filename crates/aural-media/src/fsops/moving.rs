//! Moving a file within a disk or across disks, never replacing the target.

use std::fs;
use std::io;
use std::path::Path;

use tokio_util::sync::CancellationToken;

use super::copy::copy_verified;
use super::hash::{Verified, hash_file};
use super::{parent_of, sync_dir};
use crate::MediaError;

/// Moves `src` to `dst`. On one disk the file is hard-linked into place (refusing an existing
/// `dst`) and the old name removed; across disks, or where links are not allowed, it is
/// [`copy_verified`] and the source is removed only after the copy was verified. If removing
/// the source fails, the verified copy stays and the error names the source.
pub fn move_verified(
    src: &Path,
    dst: &Path,
    cancel: &CancellationToken,
) -> Result<Verified, MediaError> {
    let meta = fs::metadata(src).map_err(|e| MediaError::io(src, e))?;
    if !meta.is_file() {
        return Err(MediaError::NotAFile {
            path: src.to_owned(),
        });
    }
    if fs::symlink_metadata(dst).is_ok() {
        return Err(MediaError::TargetExists {
            path: dst.to_owned(),
        });
    }
    if cancel.is_cancelled() {
        return Err(MediaError::Cancelled);
    }
    let dir = parent_of(dst);
    fs::create_dir_all(dir).map_err(|e| MediaError::io(dir, e))?;
    // A hard link to a symlink would move the link, not the audio it points at.
    let is_link = fs::symlink_metadata(src).is_ok_and(|m| m.file_type().is_symlink());
    let linked = if is_link {
        Err(io::Error::from(io::ErrorKind::Unsupported))
    } else {
        fs::hard_link(src, dst)
    };
    let verified = match linked {
        Ok(()) => {
            sync_dir(dir)?;
            hash_file(dst)?
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(MediaError::TargetExists {
                path: dst.to_owned(),
            });
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(MediaError::io(src, e)),
        Err(_) => copy_verified(src, dst, cancel)?,
    };
    fs::remove_file(src).map_err(|e| MediaError::io(src, e))?;
    sync_dir(parent_of(src))?;
    Ok(verified)
}
