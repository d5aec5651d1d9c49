//! Desktop notifications. Without a notification server (no D-Bus session) nothing is
//! delivered; that is logged at debug level and never an error.

use std::collections::HashSet;

use aural_api::AppContext;
use aural_api::dto::JobDto;
use aural_core::{JobKind, JobState};
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

/// Announces finished library imports, each job once even if its final state is reported again.
#[derive(Default)]
pub struct Announcer {
    announced: HashSet<String>,
}

impl Announcer {
    pub fn on_job_updated(&mut self, app: &AppHandle, job: &JobDto) {
        let Some((title, body)) = import_outcome(job) else {
            return;
        };
        if !self.announced.insert(job.id.clone()) || !wanted(app) {
            return;
        }
        if let Err(err) = app.notification().builder().title(title).body(body).show() {
            tracing::debug!("desktop notification not shown: {err}");
        }
    }
}

fn import_outcome(job: &JobDto) -> Option<(&'static str, String)> {
    if job.kind != JobKind::ListImport {
        return None;
    }
    match job.state {
        JobState::Succeeded => Some((
            "Library import finished",
            job.message.clone().unwrap_or_default(),
        )),
        JobState::Failed => Some((
            "Library import failed",
            job.error.clone().unwrap_or_default(),
        )),
        _ => None,
    }
}

/// Read at use so switching the setting off applies to the next import.
fn wanted(app: &AppHandle) -> bool {
    app.try_state::<AppContext>().is_some_and(|ctx| {
        ctx.settings()
            .current()
            .general
            .notifications
            .import_finished
    })
}

#[cfg(test)]
mod tests {
    use aural_api::dto::JobDto;
    use aural_core::{JobKind, JobState};

    use super::import_outcome;

    fn job(kind: JobKind, state: JobState) -> JobDto {
        JobDto {
            id: "0b6f8a52-5d8e-4d8e-9a59-2f4d1c9e7a10".to_owned(),
            kind,
            state,
            parent_id: None,
            done: 120,
            total: Some(120),
            unit: "rows".to_owned(),
            message: Some("120 rows: 120 added".to_owned()),
            error_code: None,
            error: Some("line 3: unknown status".to_owned()),
            started_at: "2025-01-01T00:00:00Z".to_owned(),
            finished_at: None,
        }
    }

    #[test]
    fn only_a_finished_list_import_is_announced() {
        let cases = [
            (
                JobKind::ListImport,
                JobState::Succeeded,
                Some("Library import finished"),
            ),
            (
                JobKind::ListImport,
                JobState::Failed,
                Some("Library import failed"),
            ),
            (JobKind::ListImport, JobState::Running, None),
            (JobKind::ListImport, JobState::Queued, None),
            (JobKind::ListImport, JobState::Cancelled, None),
            (JobKind::ListExport, JobState::Succeeded, None),
        ];
        for (kind, state, want) in cases {
            let title = import_outcome(&job(kind, state)).map(|(title, _)| title);
            assert_eq!(title, want, "{kind} {state}");
        }
    }

    #[test]
    fn a_failed_import_says_why() {
        let (_, body) = import_outcome(&job(JobKind::ListImport, JobState::Failed))
            .expect("failed imports are announced");
        assert_eq!(
            body, "line 3: unknown status",
            "the body carries the job's error"
        );
    }
}
