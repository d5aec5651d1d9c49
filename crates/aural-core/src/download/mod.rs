//! A download's life (SPEC §6.1): the state it is in, which moves are allowed, and the health
//! warnings shown beside the state without changing it.

mod health;
mod state;

pub use health::{Health, HealthKind, HealthWarning};
pub use state::{DownloadState, IllegalTransition, UnknownDownloadState};
