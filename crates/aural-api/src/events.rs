//! Service events as the DTOs the window receives.

use aural_services::events::AppEvent;
use aural_services::events::coalesce::{Coalesce, CoalesceKey, Stream};

pub use aural_services::events::coalesce::{Coalescer, INTERVAL as COALESCE_INTERVAL};

use crate::dto::{DownloadUpdated, EntitiesChanged, JobDto, JobUpdated, Notice, ProgressUpdated};

#[derive(Debug, Clone, PartialEq)]
pub enum ApiEvent {
    EntitiesChanged(EntitiesChanged),
    JobUpdated(JobUpdated),
    ProgressUpdated(ProgressUpdated),
    DownloadUpdated(DownloadUpdated),
    Notice(Notice),
}

impl From<AppEvent> for ApiEvent {
    fn from(event: AppEvent) -> ApiEvent {
        match event {
            AppEvent::EntitiesChanged { entity, ids } => {
                ApiEvent::EntitiesChanged(EntitiesChanged { entity, ids })
            }
            AppEvent::JobUpdated(job) => ApiEvent::JobUpdated(JobUpdated {
                job: JobDto::from(&job),
            }),
            AppEvent::ProgressUpdated(update) => ApiEvent::ProgressUpdated(ProgressUpdated {
                id: update.id,
                done: update.progress.done,
                total: update.progress.total,
                unit: update.progress.unit,
                message: update.progress.message,
            }),
            AppEvent::DownloadUpdated(update) => ApiEvent::DownloadUpdated(DownloadUpdated {
                id: update.id.to_string(),
                state: update.state,
                warnings: update.warnings.clone(),
                progress: update.progress,
                speed: update.speed,
                eta: update.eta,
            }),
            AppEvent::Notice(notice) => ApiEvent::Notice(notice),
        }
    }
}

/// The window's events are thinned as the service events are: per job, progress source and
/// download, the latest wins.
impl Coalesce for ApiEvent {
    fn coalesce_key(&self) -> Option<CoalesceKey> {
        let (stream, id) = match self {
            ApiEvent::JobUpdated(update) => (Stream::Job, &update.job.id),
            ApiEvent::ProgressUpdated(update) => (Stream::Progress, &update.id),
            ApiEvent::DownloadUpdated(update) => (Stream::Download, &update.id),
            ApiEvent::EntitiesChanged(_) | ApiEvent::Notice(_) => return None,
        };
        Some(CoalesceKey {
            stream,
            id: id.clone(),
        })
    }
}
