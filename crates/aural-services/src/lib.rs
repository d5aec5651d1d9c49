//! Everything between the command surface and the storage and protocol crates: the application
//! context, background jobs, the event bus, settings, secrets and the library workflows.

pub mod audible;
pub mod background;
pub mod blocklist;
pub mod changes;
pub mod config;
pub mod context;
pub mod covers;
mod data_dir;
pub mod downloads;
pub mod error;
pub mod events;
pub mod import;
pub mod jobs;
pub mod library;
pub mod logging;
pub mod lookup;
pub mod people;
mod private_file;
pub mod providers;
pub mod search;
pub mod secrets;
pub mod settings;
pub mod supervisor;

pub use config::{AppConfig, ServiceUrls};
pub use context::{AppContext, ContextBuilder};
pub use error::ServiceError;
