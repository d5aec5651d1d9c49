//! A download's life (SPEC §6.1): the state it is in, which moves are allowed, and the health
//! warnings shown beside the state without changing it.

mod health;
mod record;
mod retry;
mod state;

pub use health::{Health, HealthKind, HealthWarning};
pub use record::{
    Download, DownloadHistoryEntry, DownloadKind, NewDownload, ReleaseInfo, Transfer,
    UnknownDownloadKind,
};
pub use retry::{handover_retry_after, search_retry_after};
pub use state::{DownloadState, IllegalTransition, UnknownDownloadState};
