//! Service events as the DTOs the window receives.

use aural_services::events::AppEvent;

use crate::dto::{EntitiesChanged, JobDto, JobUpdated, Notice};

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
