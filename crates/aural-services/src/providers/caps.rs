//! Torznab/Newznab caps kept with their indexer (SPEC §5.2): a book search reads them at most
//! once a day, and every Test reads them again.

use aural_core::ProviderId;
use aural_indexers::Caps;

use crate::context::AppContext;
use crate::error::ServiceError;

/// How long caps read from an indexer are trusted.
const FRESH_MS: i64 = 24 * 60 * 60 * 1000;

/// The indexer's caps when they were read within the last day. Caps this version cannot read
/// (kept by an older one) count as missing, so they are read again.
pub(crate) async fn fresh(ctx: &AppContext, id: ProviderId) -> Result<Option<Caps>, ServiceError> {
    let Some((json, at)) = ctx.db().providers().caps(id).await? else {
        return Ok(None);
    };
    if ctx.clock().now().millis() - at.millis() >= FRESH_MS {
        return Ok(None);
    }
    Ok(serde_json::from_str(&json).ok())
}

pub(crate) async fn keep(
    ctx: &AppContext,
    id: ProviderId,
    caps: &Caps,
) -> Result<(), ServiceError> {
    let json = serde_json::to_string(caps).map_err(|e| ServiceError::Invalid {
        field: "caps",
        message: e.to_string(),
    })?;
    Ok(ctx.db().providers().set_caps(id, &json).await?)
}
