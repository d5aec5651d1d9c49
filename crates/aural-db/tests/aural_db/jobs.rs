use aural_core::{
    Entity, ErrorCode, JobId, JobKind, JobParams, JobProgress, JobRecord, JobState, Page, Timestamp,
};
use aural_db::{Created, DbError, JobEnd};

use crate::support::{T0, open};

fn job(started: i64) -> JobRecord {
    JobRecord {
        id: JobId::random(),
        kind: JobKind::ListImport,
        state: JobState::Running,
        parent_id: None,
        params: JobParams::ListImport {
            path: format!("list-{started}.csv"),
        },
        progress: JobProgress {
            done: 0,
            total: Some(100),
            unit: "books".into(),
            message: None,
        },
        error_code: None,
        error: None,
        started_at: Timestamp(started),
        finished_at: None,
    }
}

const OWNER: &str = "this-process";

#[tokio::test]
async fn a_job_is_created_progresses_and_finishes() {
    let t = open().await;
    let jobs = t.db.jobs();
    let mut record = job(T0);
    let parent = job(T0 - 1);
    jobs.create(&parent, OWNER).await.expect("parent");
    record.parent_id = Some(parent.id);
    assert_eq!(
        jobs.create(&record, OWNER).await.expect("create"),
        Created::New(JobState::Running)
    );
    assert_eq!(
        jobs.get(record.id).await.expect("get"),
        record,
        "a job reads back as written"
    );

    let progress = JobProgress {
        done: 40,
        total: Some(100),
        unit: "books".into(),
        message: Some("Importing".into()),
    };
    jobs.checkpoint(record.id, &progress)
        .await
        .expect("progress");
    assert_eq!(
        jobs.get(record.id).await.expect("get").progress,
        progress,
        "a checkpoint saves how far the job got"
    );
    let last = JobProgress {
        done: 41,
        ..progress.clone()
    };
    jobs.finish(
        record.id,
        &JobEnd {
            state: JobState::Failed,
            progress: last.clone(),
            error: Some((ErrorCode::DiskFull, "disk full".into())),
            at: Timestamp(T0 + 9),
        },
    )
    .await
    .expect("finish");
    let got = jobs.get(record.id).await.expect("get");
    assert_eq!(got.progress, last, "the end saves the final progress");
    assert_eq!(
        (got.state, got.error_code, got.error.as_deref()),
        (
            JobState::Failed,
            Some(ErrorCode::DiskFull),
            Some("disk full")
        )
    );
    assert_eq!(got.finished_at, Some(Timestamp(T0 + 9)));

    let changes = t.db.changes().since(0, 100).await.expect("changes");
    let for_job = changes
        .iter()
        .filter(|c| c.entity == Entity::Job && c.entity_id == record.id.to_string())
        .count();
    assert_eq!(
        for_job, 2,
        "create and finish record a change; a progress checkpoint does not, or every window \
         would refetch its job list per save"
    );

    let err = jobs
        .checkpoint(JobId::random(), &progress)
        .await
        .expect_err("unknown job");
    assert!(
        matches!(err, DbError::NotFound { entity: "job", .. }),
        "got {err:?}"
    );
}

#[tokio::test]
async fn running_jobs_of_gone_owners_become_interrupted_and_lists_are_newest_first() {
    let t = open().await;
    let jobs = t.db.jobs();
    let (a, b, mut c, d) = (job(T0), job(T0 + 1), job(T0 + 2), job(T0 + 3));
    c.state = JobState::Succeeded;
    for j in [&a, &b, &c] {
        jobs.create(j, "gone").await.expect("create");
    }
    jobs.create(&d, "alive").await.expect("create");
    assert_eq!(jobs.running(None).await.expect("running").len(), 3);
    let elsewhere = jobs
        .running(Some("alive"))
        .await
        .expect("running elsewhere");
    assert_eq!(
        elsewhere.iter().map(|j| j.id).collect::<Vec<_>>(),
        [a.id, b.id],
        "the jobs of other owners, oldest first"
    );
    let page = jobs.list(Page::new(1, 2)).await.expect("list");
    assert_eq!(page.total, 4);
    assert_eq!(
        page.items.iter().map(|j| j.id).collect::<Vec<_>>(),
        [d.id, c.id]
    );

    let is_gone = |owner: &str| owner == "gone";
    assert_eq!(jobs.interrupt_orphans(is_gone).await.expect("interrupt"), 2);
    let running = jobs.running(None).await.expect("running");
    assert_eq!(
        running.iter().map(|j| j.id).collect::<Vec<_>>(),
        [d.id],
        "the job of a live owner keeps running"
    );
    assert_eq!(
        jobs.get(a.id).await.expect("get").state,
        JobState::Interrupted
    );
    assert_eq!(
        jobs.get(c.id).await.expect("get").state,
        JobState::Succeeded,
        "finished jobs keep their outcome"
    );
    assert_eq!(jobs.interrupt_orphans(is_gone).await.expect("again"), 0);
}

#[tokio::test]
async fn a_second_active_job_with_the_same_dedupe_key_is_not_recorded() {
    let t = open().await;
    let jobs = t.db.jobs();
    let first = job(T0);
    let mut second = job(T0 + 1);
    second.params = first.params.clone();
    jobs.create(&first, OWNER).await.expect("first");
    assert_eq!(
        jobs.create(&second, OWNER).await.expect("second"),
        Created::Duplicate(first.clone()),
        "the same file imported twice at once: the running job is named"
    );
    assert!(
        matches!(jobs.get(second.id).await, Err(DbError::NotFound { .. })),
        "nothing is written for the duplicate"
    );

    let mut queued = job(T0 + 2);
    queued.state = JobState::Queued;
    assert_eq!(
        jobs.create(&queued, OWNER).await.expect("other file"),
        Created::New(JobState::Queued),
        "another file is other work"
    );

    jobs.finish(
        first.id,
        &JobEnd {
            state: JobState::Succeeded,
            progress: first.progress.clone(),
            error: None,
            at: Timestamp(T0 + 5),
        },
    )
    .await
    .expect("finish");
    assert_eq!(
        jobs.create(&second, OWNER).await.expect("rerun"),
        Created::New(JobState::Running),
        "once the first has ended the same work may run again"
    );
}

#[tokio::test]
async fn a_queued_job_that_starts_is_running_from_then_on() {
    let t = open().await;
    let jobs = t.db.jobs();
    let mut queued = job(T0);
    queued.state = JobState::Queued;
    assert_eq!(
        jobs.create(&queued, OWNER).await.expect("create"),
        Created::New(JobState::Queued)
    );
    assert!(
        jobs.start_if_room(queued.id, queued.kind, Timestamp(T0 + 70))
            .await
            .expect("start")
    );
    let got = jobs.get(queued.id).await.expect("get");
    assert_eq!(
        (got.state, got.started_at),
        (JobState::Running, Timestamp(T0 + 70)),
        "its start time is when it got its slot, not when it was queued"
    );
    assert!(
        !jobs
            .start_if_room(queued.id, queued.kind, Timestamp(T0 + 80))
            .await
            .expect("again"),
        "a job that already runs is not started twice"
    );
}

#[tokio::test]
async fn a_job_waits_while_its_kind_is_at_its_limit_in_any_process() {
    let t = open().await;
    let jobs = t.db.jobs();
    assert_eq!(JobKind::ListImport.concurrency(), 1);
    let running = job(T0);
    assert_eq!(
        jobs.create_and_start(&running, "another process")
            .await
            .expect("first"),
        Created::New(JobState::Running),
        "with room, a job is recorded already running"
    );
    let mut second = job(T0 + 1);
    second.params = JobParams::ListImport {
        path: "other.csv".to_owned(),
    };
    let seq = t.db.changes().latest_seq().await.expect("seq");
    assert_eq!(
        jobs.create_and_start(&second, OWNER).await.expect("second"),
        Created::New(JobState::Queued),
        "another process runs the one list import allowed"
    );
    assert_eq!(
        t.db.changes().since(seq, 10).await.expect("feed").len(),
        1,
        "one change row for the new job"
    );
    assert!(
        !jobs
            .start_if_room(second.id, second.kind, Timestamp(T0 + 2))
            .await
            .expect("try"),
        "still no room"
    );

    jobs.finish(
        running.id,
        &JobEnd {
            state: JobState::Succeeded,
            progress: running.progress.clone(),
            error: None,
            at: Timestamp(T0 + 3),
        },
    )
    .await
    .expect("finish");
    assert!(
        jobs.start_if_room(second.id, second.kind, Timestamp(T0 + 4))
            .await
            .expect("room"),
        "the other process's job ended, so the queued one starts"
    );
    assert_eq!(
        jobs.get(second.id).await.expect("get").state,
        JobState::Running
    );
}
