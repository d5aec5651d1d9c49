//! The blocklist (SPEC §2.5): releases not to take again. Searches mark them rejected with the
//! reason; the user sees and edits the list.

use aural_core::{BlocklistEntry, NewBlocklistEntry, Page, Paged};
use sha2::{Digest, Sha256};

use crate::context::AppContext;
use crate::error::ServiceError;

/// How a release's GUID is kept: its SHA-256 in hex.
pub fn guid_hash(guid: &str) -> String {
    hex::encode(Sha256::digest(guid.as_bytes()))
}

/// Puts a release on the list (once per book), so every later search rejects it.
pub async fn add(
    ctx: &AppContext,
    entry: &NewBlocklistEntry,
) -> Result<BlocklistEntry, ServiceError> {
    if entry.title.trim().is_empty() {
        return Err(ServiceError::Invalid {
            field: "title",
            message: "a blocklisted release needs its title".to_owned(),
        });
    }
    if let Some(hash) = &entry.info_hash
        && !(hash.len() == 40 && hash.chars().all(|c| c.is_ascii_hexdigit()))
    {
        return Err(ServiceError::Invalid {
            field: "infoHash",
            message: "an info-hash is 40 hexadecimal characters".to_owned(),
        });
    }
    if let Some(book) = entry.book {
        crate::library::get_book(ctx, &crate::library::BookKey::Id(book)).await?;
    }
    Ok(ctx.db().blocklist().add(entry).await?)
}

pub async fn list(ctx: &AppContext, page: Page) -> Result<Paged<BlocklistEntry>, ServiceError> {
    Ok(ctx.db().blocklist().list(page).await?)
}

pub async fn remove(ctx: &AppContext, id: i64) -> Result<(), ServiceError> {
    ctx.db().blocklist().remove(id).await.map_err(|e| match e {
        aural_db::DbError::NotFound { .. } => ServiceError::BlocklistEntryNotFound(id),
        other => ServiceError::Db(other),
    })
}
