mod gate;
mod processes;
mod queue;

use aural_core::{JobId, JobKind, JobParams, JobProgress, JobRecord, JobState, Page, Timestamp};
use aural_services::events::AppEvent;
use aural_services::library;

use crate::support::{NOW, TestApp, fixture};

use self::gate::Gate;

#[tokio::test]
async fn a_job_is_recorded_and_publishes_its_start_progress_and_end() {
    let app = TestApp::new().await;
    let mut events = app.ctx.events().subscribe();
    let task = library::spawn_list_import(&app.ctx, fixture("library.csv"))
        .await
        .expect("start");
    let id = task.id();
    let mut seen = Vec::new();
    task.wait_with_progress(|p| seen.push(p.done))
        .await
        .expect("import");
    assert_eq!(
        seen.last(),
        Some(&6),
        "the final step reports every row: {seen:?}"
    );

    let mut states = Vec::new();
    while let Ok(event) = events.try_recv() {
        if let AppEvent::JobUpdated(job) = event
            && job.id == id
        {
            states.push(job.state);
        }
    }
    assert_eq!(states.first(), Some(&JobState::Running));
    assert_eq!(states.last(), Some(&JobState::Succeeded));
    let page = aural_services::jobs::list(&app.ctx, Page::default())
        .await
        .expect("list");
    let row = page.items.iter().find(|j| j.id == id).expect("job row");
    assert_eq!(
        (row.kind, row.state, row.progress.done),
        (JobKind::ListImport, JobState::Succeeded, 6)
    );
    assert!(row.finished_at.is_some());
    assert_eq!(
        row.progress.message.as_deref(),
        Some("library.csv: 6 new, 0 updated, 0 unchanged, 0 skipped"),
        "the job ends with its outcome, which the activity list and notification show"
    );
}

fn running_job() -> JobRecord {
    JobRecord {
        id: JobId::random(),
        kind: JobKind::ListImport,
        state: JobState::Running,
        parent_id: None,
        params: JobParams::ListImport {
            path: "list.csv".to_owned(),
        },
        progress: JobProgress {
            done: 3,
            total: Some(10),
            unit: "rows".to_owned(),
            message: None,
        },
        error_code: None,
        error: None,
        started_at: Timestamp(NOW),
        finished_at: None,
    }
}

/// The owner tokens of the processes with a lock file in the data folder.
fn owner_tokens(app: &TestApp) -> Vec<String> {
    let mut tokens: Vec<String> = std::fs::read_dir(app.dir.path().join("run"))
        .expect("run folder")
        .filter_map(|e| {
            let name = e.expect("entry").file_name().into_string().expect("utf-8");
            name.strip_suffix(".lock").map(str::to_owned)
        })
        .collect();
    tokens.sort();
    tokens
}

#[tokio::test]
async fn jobs_left_running_by_a_dead_process_become_interrupted() {
    let app = TestApp::new().await;
    // A process that crashed leaves its lock file behind, unlocked.
    std::fs::write(app.dir.path().join("run/4242-1.lock"), b"").expect("stale lock file");
    let orphan = running_job();
    app.ctx
        .db()
        .jobs()
        .create(&orphan, "4242-1")
        .await
        .expect("insert");
    let err = aural_services::jobs::cancel(&app.ctx, orphan.id)
        .await
        .expect_err("not ours to cancel");
    assert!(
        err.hint()
            .is_some_and(|h| h.contains("another AuralArchive process")),
        "{:?}",
        err.hint()
    );
    assert_eq!(
        aural_services::jobs::interrupt_orphans(&app.ctx)
            .await
            .expect("interrupt"),
        1
    );
    let job = app.ctx.db().jobs().get(orphan.id).await.expect("get");
    assert_eq!(job.state, JobState::Interrupted);
    assert_eq!(
        owner_tokens(&app).len(),
        1,
        "the stale lock file is removed"
    );
}

#[tokio::test]
async fn a_start_leaves_the_jobs_of_a_live_process_running() {
    let app = TestApp::new().await;
    let tokens = owner_tokens(&app);
    assert_eq!(tokens.len(), 1, "the app's own lock file");
    let job = running_job();
    app.ctx
        .db()
        .jobs()
        .create(&job, &tokens[0])
        .await
        .expect("insert");

    // The CLI starting beside the running app must not take the app's job for an orphan.
    let cli = app.second_process().await;
    assert_eq!(
        aural_services::jobs::interrupt_orphans(&cli)
            .await
            .expect("interrupt"),
        0
    );
    let seen = cli.db().jobs().get(job.id).await.expect("get");
    assert_eq!(seen.state, JobState::Running);

    // Once the app has ended, its job is an orphan.
    app.ctx.close().await.expect("close");
    assert_eq!(
        aural_services::jobs::interrupt_orphans(&cli)
            .await
            .expect("interrupt"),
        1
    );
    let seen = cli.db().jobs().get(job.id).await.expect("get");
    assert_eq!(seen.state, JobState::Interrupted);
}

#[tokio::test]
async fn closing_interrupts_running_and_queued_jobs_and_leaves_the_library_in_one_file() {
    let app = TestApp::new().await;
    let gate = Gate::new();
    let running = gate.spawn(&app.ctx, "running.csv").await;
    gate.started(running.id()).await;
    let queued = gate.spawn(&app.ctx, "queued.csv").await;
    let (running_id, queued_id) = (running.id(), queued.id());

    app.ctx.close().await.expect("close");
    for task in [running, queued] {
        let err = task.wait().await.expect_err("stopped by the close");
        assert_eq!(err.code(), aural_core::ErrorCode::Cancelled);
    }
    assert!(
        !app.dir.path().join("library.db-wal").exists(),
        "the last connection to close folds the write-ahead log into library.db"
    );
    assert_eq!(
        gate.started_jobs(),
        [running_id],
        "the queued job never started"
    );

    let reopened = app.second_process().await;
    for (id, what) in [(running_id, "running"), (queued_id, "queued")] {
        let job = reopened.db().jobs().get(id).await.expect("job row");
        assert_eq!(
            job.state,
            JobState::Interrupted,
            "the {what} job: quitting is not the user cancelling, so a rerun still has work to do"
        );
    }
}
