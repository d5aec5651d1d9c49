//! Typed, validated, versioned `settings.json` in the data folder (SPEC §10.1). Read at use: a change
//! made by another process (the CLI) is picked up on the next read.

mod document;
mod keys;
mod store;

pub use document::{General, LibrarySettings, LogLevel, Notifications, Settings, Theme};
pub use keys::{flatten, get_key};
pub use store::SettingsStore;

use aural_core::{ChangeOp, Entity};

use crate::context::AppContext;
use crate::error::ServiceError;

/// Changes one setting by dotted key and records it in the change feed, so an open window (even
/// of another process) applies it at once.
pub async fn set(ctx: &AppContext, key: &str, raw: &str) -> Result<Settings, ServiceError> {
    let updated = ctx.settings().set_key(key, raw).await?;
    // The file is saved, so the change stands; the announcement only tells other open windows
    // sooner (they read settings at use). A failure to announce (a full disk) is no reason to
    // report the save as failed.
    if let Err(e) = ctx
        .db()
        .changes()
        .announce(Entity::Setting, ChangeOp::Update, key)
        .await
    {
        tracing::warn!(key, error = %e, "saved a setting but could not announce the change");
    }
    Ok(updated)
}
