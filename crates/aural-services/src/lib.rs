//! Everything between the command surface and the storage and protocol crates: the application
//! context, background jobs, the event bus, settings, secrets and the library workflows.

pub mod background;
pub mod changes;
pub mod config;
pub mod context;
mod data_dir;
pub mod error;
pub mod events;
pub mod jobs;
pub mod library;
pub mod logging;
pub mod people;
mod private_file;
pub mod secrets;
pub mod settings;
pub mod supervisor;

pub use config::AppConfig;
pub use context::AppContext;
pub use error::ServiceError;
