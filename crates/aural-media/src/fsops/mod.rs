//! Copying and moving book files without losing or overwriting anything (SPEC §7.6 steps 2–5
//! and 7): the journal that makes these crash-safe lives in aural-services.

mod copy;
mod hash;
mod moving;
mod target;

pub(crate) use copy::place_temp;
pub use copy::{copy_verified, temp_path_for};
pub use hash::{Verified, hash_file, verify};
pub use moving::move_verified;
pub use target::{FreeTarget, free_target};

use std::fs;
use std::path::Path;

use crate::MediaError;

/// Makes a rename or removal in `dir` durable. Windows cannot open a folder as a file and
/// journals its metadata itself, so there it is a no-op.
fn sync_dir(dir: &Path) -> Result<(), MediaError> {
    if cfg!(unix) {
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| MediaError::io(dir, e))?;
    }
    Ok(())
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
