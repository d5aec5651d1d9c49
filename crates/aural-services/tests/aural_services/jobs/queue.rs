use std::sync::Arc;

use aural_core::{Entity, ErrorCode, JobParams, JobState, ListFormat};
use aural_services::events::AppEvent;
use aural_services::jobs::{self, Spawned};
use aural_services::library;
use tokio::sync::Semaphore;

use super::Gate;
use crate::support::{TestApp, fixture, wait_until};

async fn state(app: &TestApp, id: aural_core::JobId) -> JobState {
    app.ctx.db().jobs().get(id).await.expect("job row").state
}

#[tokio::test]
async fn jobs_beyond_the_kind_limit_wait_queued_and_start_in_order() {
    let app = TestApp::new().await;
    let gate = Gate::new();
    assert_eq!(aural_core::JobKind::ListImport.concurrency(), 1);
    let first = gate.spawn(&app.ctx, "a.csv").await;
    let second = gate.spawn(&app.ctx, "b.csv").await;
    let third = gate.spawn(&app.ctx, "c.csv").await;
    let ids = [first.id(), second.id(), third.id()];
    gate.started(ids[0]).await;
    assert_eq!(state(&app, ids[1]).await, JobState::Queued);
    assert_eq!(state(&app, ids[2]).await, JobState::Queued);

    gate.open();
    first.wait().await.expect("first");
    gate.started(ids[1]).await;
    assert_eq!(
        state(&app, ids[1]).await,
        JobState::Running,
        "the freed slot starts the next job by itself"
    );
    assert_eq!(state(&app, ids[2]).await, JobState::Queued);

    gate.open();
    second.wait().await.expect("second");
    gate.open();
    third.wait().await.expect("third");
    assert_eq!(
        gate.started_jobs(),
        ids,
        "queued jobs start in the order they were queued"
    );
    for id in ids {
        assert_eq!(state(&app, id).await, JobState::Succeeded);
    }
}

#[tokio::test]
async fn a_queued_job_that_is_cancelled_never_starts() {
    let app = TestApp::new().await;
    let gate = Gate::new();
    let running = gate.spawn(&app.ctx, "a.csv").await;
    gate.started(running.id()).await;
    let queued = gate.spawn(&app.ctx, "b.csv").await;
    let queued_id = queued.id();

    jobs::cancel(&app.ctx, queued_id)
        .await
        .expect("a queued job of this process can be cancelled");
    let err = queued.wait().await.expect_err("cancelled");
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert_eq!(state(&app, queued_id).await, JobState::Cancelled);

    let next = gate.spawn(&app.ctx, "c.csv").await;
    gate.open();
    running.wait().await.expect("running job");
    gate.started(next.id()).await;
    assert!(
        !gate.started_jobs().contains(&queued_id),
        "the cancelled job gave its turn to the next"
    );
    gate.open();
    next.wait().await.expect("next");
}

#[tokio::test]
async fn a_second_import_of_the_same_file_is_refused_naming_the_running_job() {
    let app = TestApp::new().await;
    let gate = Gate::new();
    let list = fixture("library.csv");
    let params = JobParams::ListImport {
        path: list.display().to_string(),
    };
    let running = gate.spawn_params(&app.ctx, params).await;

    let err = library::spawn_list_import(&app.ctx, list.clone())
        .await
        .expect_err("the same file is already being imported");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(
        err.to_string().contains(&running.id().to_string()),
        "the message names the running job: {err}"
    );

    gate.open();
    running.wait().await.expect("held import");
    library::spawn_list_import(&app.ctx, list)
        .await
        .expect("once the first has ended, the file may be imported again")
        .wait()
        .await
        .expect("import");
}

#[tokio::test]
async fn a_second_export_to_the_same_file_joins_the_running_one() {
    let app = TestApp::new().await;
    let gate = Gate::new();
    let target = app.dir.path().join("out.csv");
    let params = JobParams::ListExport {
        path: target.display().to_string(),
        format: ListFormat::Csv,
    };
    let running = match app
        .ctx
        .jobs()
        .spawn_or_join(&app.ctx, params, "rows", gate.work())
        .await
        .expect("held export")
    {
        Spawned::Started(task) => task,
        Spawned::Joined(id) => panic!("nothing to join yet, but joined {id}"),
    };

    let joined = library::spawn_list_export(&app.ctx, target.clone(), ListFormat::Csv)
        .await
        .expect("join");
    assert!(
        matches!(joined, Spawned::Joined(id) if id == running.id()),
        "an identical export gets the running job's id: {joined:?}"
    );
    let other_format = library::spawn_list_export(&app.ctx, target, ListFormat::Json)
        .await
        .expect_err("the same file in another format is other work on the same file");
    assert_eq!(other_format.code(), ErrorCode::Conflict);

    gate.open();
    let ended = jobs::wait_for_end(&app.ctx, joined.id())
        .await
        .expect("the joined job ends");
    jobs::outcome(&ended).expect("it succeeded");
    assert_eq!(
        ended.progress.done, 1,
        "the joiner sees the job's final progress"
    );
    running.wait().await.expect("held export");
}

#[tokio::test]
async fn cancelling_a_parent_cancels_its_children() {
    let app = TestApp::new().await;
    let children = Gate::new();
    let ctx = app.ctx.clone();
    let gate = children.clone();
    let parent = app
        .ctx
        .jobs()
        .spawn(
            &app.ctx,
            JobParams::ListImport {
                path: "parent.csv".to_owned(),
            },
            "files",
            move |handle| async move {
                // Children of the same kind as the parent: they run in its slot, or they would
                // wait forever behind it.
                let mut tasks = Vec::new();
                for name in ["one.csv", "two.csv"] {
                    let params = JobParams::ListImport {
                        path: name.to_owned(),
                    };
                    tasks.push(
                        handle
                            .spawn_child(&ctx, params, "rows", gate.work())
                            .await?,
                    );
                }
                for task in tasks {
                    task.wait().await?;
                }
                Ok(())
            },
        )
        .await
        .expect("parent");
    let parent_id = parent.id();
    let child_ids = wait_until("both children to start", || async {
        let started = children.started_jobs();
        (started.len() == 2).then_some(started)
    })
    .await;

    jobs::cancel(&app.ctx, parent_id).await.expect("cancel");
    let err = parent.wait().await.expect_err("cancelled");
    assert_eq!(err.code(), ErrorCode::Cancelled);
    for id in child_ids {
        // A parent's end is recorded after its children's.
        let child = app.ctx.db().jobs().get(id).await.expect("child row");
        assert_eq!(
            child.parent_id,
            Some(parent_id),
            "the row records its parent"
        );
        assert_eq!(
            child.state,
            JobState::Cancelled,
            "a child's token is a child of its parent's"
        );
    }
    assert_eq!(state(&app, parent_id).await, JobState::Cancelled);
}

#[tokio::test]
async fn progress_ticks_are_events_not_row_or_change_feed_writes() {
    let app = TestApp::new().await;
    let mut events = app.ctx.events().subscribe();
    let hold = Arc::new(Semaphore::new(0));
    let held = hold.clone();
    let before = app.ctx.db().changes().latest_seq().await.expect("seq");
    let task = app
        .ctx
        .jobs()
        .spawn(
            &app.ctx,
            JobParams::ListImport {
                path: "ticks.csv".to_owned(),
            },
            "rows",
            move |handle| async move {
                for done in 0..=100 {
                    handle.progress(done, Some(100), None).await?;
                }
                held.acquire().await.expect("open").forget();
                Ok(())
            },
        )
        .await
        .expect("start");
    let id = task.id();

    let mut ticks = 0;
    loop {
        match events.recv().await.expect("event") {
            AppEvent::JobUpdated(job) if job.id == id && job.state == JobState::Running => {
                ticks += 1;
                if job.progress.done == 100 {
                    break;
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        ticks, 102,
        "the start and every 1 % step reach the window as events"
    );
    let changes = app
        .ctx
        .db()
        .changes()
        .since(before, 1_000)
        .await
        .expect("feed");
    assert_eq!(
        changes.iter().filter(|c| c.entity == Entity::Job).count(),
        1,
        "only the job's creation is in the change feed, not its 101 progress steps"
    );

    hold.add_permits(1);
    task.wait().await.expect("job");
    let row = app.ctx.db().jobs().get(id).await.expect("row");
    assert_eq!(
        (row.state, row.progress.done),
        (JobState::Succeeded, 100),
        "the end saves the final progress with the state"
    );
}
