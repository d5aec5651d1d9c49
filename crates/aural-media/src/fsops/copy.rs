//! Copy to a temporary name beside the target, fsync, verify, then link into place.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio_util::sync::CancellationToken;

use super::hash::{CHUNK, Verified, verify};
use super::{parent_of, sync_dir};
use crate::MediaError;

/// The temporary name a copy to `dst` is written under: `.<name>.aapart` in the same folder,
/// hidden, and skipped by discovery.
pub fn temp_path_for(dst: &Path) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(dst.file_name().unwrap_or_default());
    name.push(".aapart");
    parent_of(dst).join(name)
}

/// Copies `src` to `dst`, creating `dst`'s folders: written to [`temp_path_for`], fsynced,
/// read back and compared by size and SHA-256, then put in place without ever replacing an
/// existing `dst`. On any failure or cancellation the temporary file is removed and the source
/// is untouched.
pub fn copy_verified(
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
    refuse_existing(dst)?;
    let dir = parent_of(dst);
    fs::create_dir_all(dir).map_err(|e| MediaError::io(dir, e))?;
    let tmp = temp_path_for(dst);
    let result = write_temp(src, &tmp, meta.len(), cancel)
        .and_then(|copied| verify(src, &tmp, &copied).map(|()| copied))
        .and_then(|copied| place_temp(&tmp, dst).map(|()| copied));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn refuse_existing(dst: &Path) -> Result<(), MediaError> {
    match fs::symlink_metadata(dst) {
        Ok(_) => Err(MediaError::TargetExists {
            path: dst.to_owned(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(MediaError::io(dst, e)),
    }
}

/// Streams `src` into a fresh `tmp`, hashing what was read, and fsyncs it.
fn write_temp(
    src: &Path,
    tmp: &Path,
    expected_len: u64,
    cancel: &CancellationToken,
) -> Result<Verified, MediaError> {
    let mut input = File::open(src).map_err(|e| MediaError::io(src, e))?;
    // A temp file left by a crashed earlier copy to the same target is ours to replace.
    let _ = fs::remove_file(tmp);
    let mut output = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
        .map_err(|e| MediaError::io(tmp, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; CHUNK];
    let mut size = 0u64;
    loop {
        if cancel.is_cancelled() {
            return Err(MediaError::Cancelled);
        }
        let n = input.read(&mut buf).map_err(|e| MediaError::io(src, e))?;
        if n == 0 {
            break;
        }
        output
            .write_all(&buf[..n])
            .map_err(|e| MediaError::io(tmp, e))?;
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    if size != expected_len {
        // The source changed while it was copied (still downloading?): this copy proves nothing.
        return Err(MediaError::VerifyFailed {
            source_path: src.to_owned(),
            copy: tmp.to_owned(),
        });
    }
    if let Ok(modified) = input.metadata().and_then(|m| m.modified()) {
        let _ = output.set_modified(modified);
    }
    output.sync_all().map_err(|e| MediaError::io(tmp, e))?;
    Ok(Verified {
        size,
        sha256: hasher.finalize().into(),
    })
}

/// Links `tmp` to `dst` — which fails instead of replacing an existing file — then drops the
/// temporary name. Filesystems without hard links (FAT, some network shares) get a checked rename.
pub(crate) fn place_temp(tmp: &Path, dst: &Path) -> Result<(), MediaError> {
    match fs::hard_link(tmp, dst) {
        Ok(()) => fs::remove_file(tmp).map_err(|e| MediaError::io(tmp, e))?,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(MediaError::TargetExists {
                path: dst.to_owned(),
            });
        }
        Err(_) => {
            refuse_existing(dst)?;
            fs::rename(tmp, dst).map_err(|e| MediaError::io(dst, e))?;
        }
    }
    sync_dir(parent_of(dst))
}
