use aural_core::{JobId, JobKind, JobProgress, JobRecord, JobState, Page, Timestamp};
use aural_services::events::AppEvent;
use aural_services::library;

use crate::support::{NOW, TestApp, fixture};

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
        Some("6 new, 0 updated, 0 unchanged, 0 skipped"),
        "the job ends with its outcome, which the activity list and notification show"
    );
}

#[tokio::test]
async fn jobs_left_running_by_a_dead_process_become_interrupted() {
    let app = TestApp::new().await;
    let orphan = JobRecord {
        id: JobId::random(),
        kind: JobKind::ListImport,
        state: JobState::Running,
        parent_id: None,
        params: "{}".to_owned(),
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
    };
    app.ctx.db().jobs().create(&orphan).await.expect("insert");
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
}

#[tokio::test]
async fn closing_interrupts_running_jobs_and_leaves_the_library_in_one_file() {
    let app = TestApp::new().await;
    let path = app.dir.path().join("big.csv");
    let mut text = String::from("asin,title,authors\n");
    for i in 0..30_000 {
        text.push_str(&format!("B{i:09},Title {i},Author {}\n", i % 97));
    }
    std::fs::write(&path, text).expect("write");
    let task = library::spawn_list_import(&app.ctx, path)
        .await
        .expect("start");
    let id = task.id();
    app.ctx.close().await.expect("close");
    let err = task.wait().await.expect_err("stopped by the close");
    assert_eq!(err.code(), aural_core::ErrorCode::Cancelled);
    assert!(
        !app.dir.path().join("library.db-wal").exists(),
        "the last connection to close folds the write-ahead log into library.db"
    );

    let reopened = app.second_process().await;
    let job = reopened.db().jobs().get(id).await.expect("job row");
    assert_eq!(
        job.state,
        JobState::Interrupted,
        "quitting is not the user cancelling: a rerun finishes the import"
    );
}
