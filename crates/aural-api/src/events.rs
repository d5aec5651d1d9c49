//! Service events as the DTOs the window receives.

use aural_services::AppContext;
use aural_services::events::AppEvent;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::dto::{ApiError, EntitiesChanged, JobDto, JobUpdated, Notice};
use crate::error_map::from_service;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiEvent {
    EntitiesChanged(EntitiesChanged),
    JobUpdated(JobUpdated),
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
            AppEvent::Notice(notice) => ApiEvent::Notice(notice),
        }
    }
}

/// Tails the change feed until `stop`, so writes by other processes (auralarchive-cli) arrive as
/// `EntitiesChanged` events on this process's bus.
pub async fn spawn_change_tail(
    ctx: &AppContext,
    stop: CancellationToken,
) -> Result<JoinHandle<()>, ApiError> {
    aural_services::changes::spawn_tail(ctx, stop)
        .await
        .map_err(from_service)
}
