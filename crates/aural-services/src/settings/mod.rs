//! Typed, validated, versioned `settings.json` in the data folder (SPEC §10.1). Read at use: a change
//! made by another process (the CLI) is picked up on the next read.

mod document;
mod downloads;
mod file;
mod folders;
mod keys;
mod section;
mod store;

pub use document::{
    General, ImportMode, LibrarySettings, LogLevel, Notifications, Settings, Theme,
};
pub use downloads::DownloadSettings;
pub use keys::{flatten, get_key};
pub use section::SettingsSection;
pub use store::{FILE, Repair, SettingsStore};

use std::path::{Path, PathBuf};

use aural_core::{ChangeOp, Entity};

use crate::context::AppContext;
use crate::error::ServiceError;

/// Changes one setting by dotted key and records it in the change feed, so an open window (even
/// of another process) applies it at once.
pub async fn set(ctx: &AppContext, key: &str, raw: &str) -> Result<Settings, ServiceError> {
    let updated = ctx.settings().set_key(key, raw).await?;
    announce(ctx, key).await;
    Ok(updated)
}

/// Replaces one section whole, as the Settings page saves it: the section is validated as a whole
/// and nothing is written when any of it is invalid.
pub async fn update_section(
    ctx: &AppContext,
    section: SettingsSection,
) -> Result<Settings, ServiceError> {
    let name = section.name();
    let updated = ctx
        .settings()
        .modify(move |settings| {
            let mut updated = settings.clone();
            section.apply(&mut updated);
            updated.validate()?;
            folders::check_changed(settings, &updated)?;
            Ok(updated)
        })
        .await?;
    announce(ctx, name).await;
    Ok(updated)
}

/// Sets the library root to a folder the user picked in the native folder dialog.
pub async fn set_library_root(ctx: &AppContext, root: PathBuf) -> Result<Settings, ServiceError> {
    let root = root
        .into_os_string()
        .into_string()
        .map_err(|raw| ServiceError::SettingValue {
            key: "library.root".to_owned(),
            message: format!(
                "{} is not valid Unicode; choose a folder whose name is",
                Path::new(&raw).display()
            ),
        })?;
    let updated = ctx
        .settings()
        .modify(move |settings| {
            let mut updated = settings.clone();
            updated.library.root = Some(root);
            updated.validate()?;
            folders::check(&updated, "library.root")?;
            Ok(updated)
        })
        .await?;
    announce(ctx, "library.root").await;
    Ok(updated)
}

async fn announce(ctx: &AppContext, key: &str) {
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
}

/// What start-up had to put right in `settings.json`, one line per problem plus where the file as
/// it was is kept; empty when the file was fine.
pub fn start_up_warnings(ctx: &AppContext) -> Vec<String> {
    let Some(repair) = ctx.settings().repair() else {
        return Vec::new();
    };
    let mut lines = repair.problems.clone();
    lines.push(match &repair.aside {
        Some(aside) => format!("the settings file as it was is kept in {}", aside.display()),
        None => "the settings file could not be kept aside, so it is left as it was".to_owned(),
    });
    lines
}
