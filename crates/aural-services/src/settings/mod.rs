//! Typed, validated, versioned `settings.json` in the data folder (SPEC §10.1). Read at use: a change
//! made by another process (the CLI) is picked up on the next read.

mod document;
mod keys;
mod store;

pub use document::{General, LibrarySettings, LogLevel, Notifications, Settings, Theme};
pub use keys::{flatten, get_key};
pub use store::SettingsStore;
