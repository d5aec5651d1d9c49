//! Tauri commands, one module per UI area. Each body is one call into `aural_api`; native
//! dialogs (which only the shell can open) come first where a command needs a file.

pub mod authors;
pub mod blocklist;
pub mod downloads;
pub mod import;
pub mod jobs;
pub mod library;
pub mod providers;
pub mod search;
pub mod series;
pub mod settings;
pub mod supervisor;
