//! Jobs across processes and between a parent and its children: a kind's limit counts the jobs
//! of every process, a window sees the progress of a job the CLI runs, and a parent ends only
//! after its children.

use std::sync::Arc;
use std::time::Duration;

use aural_core::{ErrorCode, JobId, JobParams, JobState};
use aural_services::events::AppEvent;
use aural_services::jobs::JobTask;
use aural_services::supervisor::Role;
use aural_services::{AppContext, ServiceError, background};
use aural_testkit::EventCollector;
use tokio::sync::Semaphore;

use super::Gate;
use crate::support::{TestApp, wait_until};

async fn state(ctx: &AppContext, id: JobId) -> JobState {
    ctx.db().jobs().get(id).await.expect("job row").state
}

#[tokio::test]
async fn a_kinds_limit_counts_the_jobs_of_every_process() {
    let app = TestApp::new().await;
    let cli = app.second_process().await;
    let gate = Gate::new();
    let in_app = gate.spawn(&app.ctx, "a.csv").await;
    gate.started(in_app.id()).await;

    let mut cli_events = EventCollector::new(&cli);
    let in_cli = gate.spawn(&cli, "b.csv").await;
    assert_eq!(
        state(&cli, in_cli.id()).await,
        JobState::Queued,
        "one list import at a time, whichever process runs it"
    );
    let cli_id = in_cli.id();
    cli_events
        .wait_for(
            Duration::from_secs(5),
            "the reason the CLI's job waits",
            |event| {
                matches!(event, AppEvent::JobUpdated(job)
                if job.id == cli_id
                    && job.state == JobState::Queued
                    && job.progress.message.as_deref()
                        == Some("waiting: another process runs a list import (at most 1 at once)"))
            },
        )
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !gate.started_jobs().contains(&cli_id),
        "the CLI's import waits while the app's runs"
    );

    gate.open();
    in_app.wait().await.expect("the app's import");
    gate.started(in_cli.id()).await;
    assert_eq!(state(&cli, in_cli.id()).await, JobState::Running);
    gate.open();
    in_cli
        .wait()
        .await
        .expect("the CLI's import, after the app's");
}

#[tokio::test]
async fn a_job_waiting_for_another_process_can_be_cancelled() {
    let app = TestApp::new().await;
    let cli = app.second_process().await;
    let gate = Gate::new();
    let in_app = gate.spawn(&app.ctx, "a.csv").await;
    gate.started(in_app.id()).await;
    let in_cli = gate.spawn(&cli, "b.csv").await;
    let waiting = in_cli.id();

    aural_services::jobs::cancel(&cli, waiting)
        .await
        .expect("cancel");
    let err = in_cli.wait().await.expect_err("cancelled");
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert_eq!(state(&cli, waiting).await, JobState::Cancelled);
    assert!(!gate.started_jobs().contains(&waiting), "it never ran");
    gate.open();
    in_app.wait().await.expect("the app's import");
}

#[tokio::test]
async fn the_window_sees_the_progress_of_a_job_another_process_runs() {
    let app = TestApp::new().await;
    let mut events = EventCollector::new(&app.ctx);
    background::start(&app.ctx, Role::Window)
        .await
        .expect("the window's loops start");
    let cli = app.second_process().await;
    let hold = Arc::new(Semaphore::new(0));
    let held = hold.clone();
    let task = cli
        .jobs()
        .spawn(
            &cli,
            JobParams::ListImport {
                path: "from-the-cli.csv".to_owned(),
            },
            "rows",
            move |handle| async move {
                // Reports like an import does until the test lets it end.
                let mut done = 0;
                loop {
                    done += 1;
                    handle.progress(done, Some(1_000_000), None).await?;
                    tokio::select! {
                        permit = held.acquire() => {
                            permit.expect("open").forget();
                            return Ok::<_, ServiceError>(done);
                        }
                        () = tokio::time::sleep(Duration::from_millis(50)) => {}
                    }
                }
            },
        )
        .await
        .expect("the CLI's job starts");
    let id = task.id();

    let seen = events
        .wait_for(
            Duration::from_secs(10),
            "the CLI job's progress in the window's process",
            |event| {
                matches!(event, AppEvent::JobUpdated(job)
                    if job.id == id && job.state == JobState::Running && job.progress.done > 1)
            },
        )
        .await;
    let AppEvent::JobUpdated(job) = seen else {
        unreachable!("matched a job update")
    };
    assert_eq!(job.progress.total, Some(1_000_000));
    hold.add_permits(1);
    let done = task.wait().await.expect("the CLI's job");
    assert!(
        job.progress.done < done,
        "the window saw a step of the run, not only its end"
    );
}

/// A parent that starts one held child, waits until it runs, and returns without waiting for it:
/// with an error when `fails`.
async fn parent_of_one_held_child(app: &TestApp, children: &Gate, fails: bool) -> JobTask<()> {
    let ctx = app.ctx.clone();
    let gate = children.clone();
    app.ctx
        .jobs()
        .spawn(
            &app.ctx,
            JobParams::ListImport {
                path: "parent.csv".to_owned(),
            },
            "files",
            move |handle| async move {
                let params = JobParams::ListImport {
                    path: "child.csv".to_owned(),
                };
                let child = handle
                    .spawn_child(&ctx, params, "rows", gate.work())
                    .await?;
                gate.started(child.id()).await;
                if fails {
                    return Err(ServiceError::BookNotFound("the parent's book".to_owned()));
                }
                Ok(())
            },
        )
        .await
        .expect("parent")
}

#[tokio::test]
async fn a_parent_ends_after_its_children_even_when_it_does_not_wait_for_them() {
    let app = TestApp::new().await;
    let children = Gate::new();
    let parent = parent_of_one_held_child(&app, &children, false).await;
    let parent_id = parent.id();
    let child_id = wait_until("the child to start", || async {
        children.started_jobs().first().copied()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        state(&app.ctx, parent_id).await,
        JobState::Running,
        "the parent's work returned, but its child still runs"
    );

    children.open();
    parent.wait().await.expect("parent");
    assert_eq!(
        state(&app.ctx, child_id).await,
        JobState::Succeeded,
        "the child's end is recorded before the parent's"
    );
    assert_eq!(state(&app.ctx, parent_id).await, JobState::Succeeded);
}

#[tokio::test]
async fn a_failing_parent_cancels_its_children_and_ends_after_them() {
    let app = TestApp::new().await;
    let children = Gate::new();
    let parent = parent_of_one_held_child(&app, &children, true).await;
    let parent_id = parent.id();
    parent.wait().await.expect_err("the parent fails");
    let child_id = children.started_jobs()[0];
    assert_eq!(
        state(&app.ctx, child_id).await,
        JobState::Cancelled,
        "the child was cancelled, and its end recorded before the parent's"
    );
    assert_eq!(state(&app.ctx, parent_id).await, JobState::Failed);
}
