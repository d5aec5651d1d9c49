//! Cover pictures for the window, by cache key only (see `aural_services::covers`).

use std::path::PathBuf;

use aural_services::AppContext;
use aural_services::covers::CoverCache;

/// The file and MIME type of a cached cover, or `None` for a key the cache would not make (such
/// as `../settings.json`); whether the file exists is the caller's read to find out.
pub fn cover_file(ctx: &AppContext, key: &str) -> Option<(PathBuf, &'static str)> {
    CoverCache::new(ctx.data_dir())
        .file(key)
        .map(|(path, kind)| (path, kind.mime()))
}
