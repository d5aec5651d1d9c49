use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aural_services::AppContext;
use aural_services::error::ServiceError;
use aural_services::events::{AppEvent, Notice};
use aural_services::supervisor::{
    FIRST_DELAY, Holder, Leadership, Loop, LoopState, LoopStatus, Role, Scope,
};
use tokio::sync::broadcast::Receiver;
use tokio::time::Instant;

use crate::support::{TestApp, wait_until};

fn status_of(ctx: &AppContext, name: &str) -> LoopStatus {
    ctx.supervisor()
        .status()
        .expect("status")
        .loops
        .into_iter()
        .find(|l| l.name == name)
        .expect("the loop is registered")
}

fn notices(events: &mut Receiver<AppEvent>) -> Vec<Notice> {
    let mut found = Vec::new();
    while let Ok(event) = events.try_recv() {
        if let AppEvent::Notice(notice) = event {
            found.push(notice);
        }
    }
    found
}

/// Panics on its first run, then runs until cancelled.
fn panics_once(runs: Arc<AtomicU32>) -> Loop {
    Loop::every_process("flaky monitor", move |_ctx, stop| {
        let run = runs.fetch_add(1, Ordering::SeqCst);
        async move {
            assert!(run > 0, "the monitor lost its footing");
            stop.cancelled().await;
            Ok(())
        }
    })
}

#[tokio::test]
async fn a_loop_that_panics_is_restarted_and_the_restart_is_shown() {
    let app = TestApp::new().await;
    let mut events = app.ctx.events().subscribe();
    // Virtual time from here: the restart delay passes as soon as nothing else can run.
    tokio::time::pause();
    let runs = Arc::new(AtomicU32::new(0));
    app.ctx
        .supervisor()
        .start(&app.ctx, Role::Window, vec![panics_once(runs.clone())])
        .expect("starts");

    let status = wait_until("the monitor to run again after its panic", || {
        let status = status_of(&app.ctx, "flaky monitor");
        std::future::ready(
            (status.state == LoopState::Running && status.restarts == 1).then_some(status),
        )
    })
    .await;
    assert_eq!(
        runs.load(Ordering::SeqCst),
        2,
        "one failed run, one good one"
    );
    let error = status
        .last_error
        .expect("the panic is kept as the last error");
    assert!(
        error.contains("the monitor lost its footing"),
        "the status says what went wrong: {error}"
    );
    assert!(status.last_error_at.is_some(), "and when");
    let notices = notices(&mut events);
    assert_eq!(
        notices.len(),
        1,
        "the restart is announced once: {notices:?}"
    );
    assert!(
        notices[0].title.contains("flaky monitor")
            && notices[0]
                .body
                .as_deref()
                .is_some_and(|b| b.contains("the monitor lost its footing")),
        "the notice names the loop and the failure: {:?}",
        notices[0]
    );

    tokio::time::resume();
    app.ctx.close().await.expect("close");
}

#[tokio::test]
async fn a_loop_that_keeps_failing_waits_twice_as_long_each_time() {
    let app = TestApp::new().await;
    let mut events = app.ctx.events().subscribe();
    tokio::time::pause();
    let starts = Arc::new(Mutex::new(Vec::<Instant>::new()));
    let failing = {
        let starts = starts.clone();
        Loop::leader_only("unreachable client", move |_ctx, _stop| {
            starts.lock().expect("starts").push(Instant::now());
            async { Err(ServiceError::BookNotFound("B000000000".to_owned())) }
        })
    };
    app.ctx
        .supervisor()
        .start(&app.ctx, Role::Daemon, vec![failing])
        .expect("starts");

    // Three restarts take seven seconds of virtual time, within `wait_until`'s deadline.
    wait_until("four runs of the failing loop", || {
        std::future::ready((starts.lock().expect("starts").len() >= 4).then_some(()))
    })
    .await;
    let starts = starts.lock().expect("starts").clone();
    for (i, pair) in starts.windows(2).take(3).enumerate() {
        let gap = pair[1] - pair[0];
        let want = FIRST_DELAY * 2u32.pow(i as u32);
        assert!(
            gap >= want && gap < want + Duration::from_millis(100),
            "restart {} waits {want:?} after failure {} (waited {gap:?} of virtual time)",
            i + 1,
            i + 1
        );
    }
    let status = status_of(&app.ctx, "unreachable client");
    assert!(status.restarts >= 3, "each failure counts: {status:?}");
    assert!(
        status
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("B000000000")),
        "the loop's own error is kept: {status:?}"
    );
    assert_eq!(
        notices(&mut events).len(),
        1,
        "a loop failing again and again is announced once, not at every restart"
    );

    tokio::time::resume();
    app.ctx.close().await.expect("close");
}

/// Sets its flag when dropped: whether the loop's future was dropped (returned or aborted).
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn closing_the_context_stops_every_loop_even_one_that_ignores_cancellation() {
    let app = TestApp::new().await;
    let polite_ended = Arc::new(AtomicBool::new(false));
    let stubborn_dropped = Arc::new(AtomicBool::new(false));
    let polite = {
        let ended = polite_ended.clone();
        Loop::every_process("polite", move |_ctx, stop| {
            let ended = ended.clone();
            async move {
                stop.cancelled().await;
                ended.store(true, Ordering::SeqCst);
                Ok(())
            }
        })
    };
    let stubborn = {
        let dropped = stubborn_dropped.clone();
        Loop::leader_only("stubborn", move |_ctx, _stop| {
            let flag = DropFlag(dropped.clone());
            async move {
                let _flag = flag;
                std::future::pending::<()>().await;
                Ok(())
            }
        })
    };
    app.ctx
        .supervisor()
        .start(&app.ctx, Role::Window, vec![polite, stubborn])
        .expect("starts");
    wait_until("both loops to run", || {
        let loops = app.ctx.supervisor().status().expect("status").loops;
        std::future::ready(
            loops
                .iter()
                .all(|l| l.state == LoopState::Running)
                .then_some(()),
        )
    })
    .await;

    app.ctx.close().await.expect("close");

    assert!(
        polite_ended.load(Ordering::SeqCst),
        "a loop that watches its token returns on close"
    );
    assert!(
        stubborn_dropped.load(Ordering::SeqCst),
        "a loop that ignores its token is aborted after the grace period"
    );
    let status = app.ctx.supervisor().status().expect("status");
    assert!(
        status.loops.iter().all(|l| l.state == LoopState::Stopped),
        "every loop is shown stopped: {:?}",
        status.loops
    );
    assert_eq!(status.leader, None, "closing gives leadership up");
}

/// A leader-only loop that counts its runs.
fn scheduled(runs: Arc<AtomicU32>) -> Loop {
    Loop::leader_only("schedules", move |_ctx, stop| {
        runs.fetch_add(1, Ordering::SeqCst);
        async move {
            stop.cancelled().await;
            Ok(())
        }
    })
}

#[tokio::test]
async fn one_context_per_folder_leads_and_another_takes_over_when_it_closes() {
    let app = TestApp::new().await;
    let first_runs = Arc::new(AtomicU32::new(0));
    let leadership = app
        .ctx
        .supervisor()
        .start(&app.ctx, Role::Window, vec![scheduled(first_runs.clone())])
        .expect("starts");
    assert!(
        matches!(leadership, Leadership::Leading),
        "the first process leads: {leadership:?}"
    );

    let second = app.second_process().await;
    let second_runs = Arc::new(AtomicU32::new(0));
    let leadership = second
        .supervisor()
        .start(&second, Role::Daemon, vec![scheduled(second_runs.clone())])
        .expect("starts");
    let window = Holder::this_process(Role::Window);
    match leadership {
        Leadership::Waiting { holder } => {
            assert_eq!(holder, Some(window), "the waiting process learns who leads")
        }
        other => panic!("a second process on the folder must wait, got {other:?}"),
    }
    let waiting = second.supervisor().status().expect("status");
    assert!(!waiting.leading, "only one process leads");
    assert_eq!(waiting.leader, Some(window));
    assert_eq!(
        waiting.loops[0].state,
        LoopState::WaitingForLeader,
        "the scheduled loop waits in the second process"
    );

    // A process without a supervisor (the CLI) sees the leader's loops.
    let cli = app.second_process().await;
    let seen = cli.supervisor().status().expect("status");
    assert_eq!(seen.leader, Some(window), "the CLI sees who leads");
    assert_eq!(
        seen.loops
            .iter()
            .map(|l| (l.name.as_str(), l.scope, l.state))
            .collect::<Vec<_>>(),
        [("schedules", Scope::Leader, LoopState::Running)],
        "the CLI sees the leader's loops as it published them"
    );
    cli.close().await.expect("close the CLI");

    wait_until("the first process to run its scheduled loop", || {
        std::future::ready((first_runs.load(Ordering::SeqCst) == 1).then_some(()))
    })
    .await;
    app.ctx.close().await.expect("close the first");

    wait_until("the second process to take over", || {
        let status = second.supervisor().status().expect("status");
        std::future::ready(status.leading.then_some(()))
    })
    .await;
    wait_until("the scheduled loop to run in the second process", || {
        std::future::ready((second_runs.load(Ordering::SeqCst) == 1).then_some(()))
    })
    .await;
    assert_eq!(
        first_runs.load(Ordering::SeqCst),
        1,
        "the scheduled loop never ran twice at once"
    );
    second.close().await.expect("close the second");
}

#[tokio::test]
async fn a_supervisor_starts_once() {
    let app = TestApp::new().await;
    app.ctx
        .supervisor()
        .start(&app.ctx, Role::Window, Vec::new())
        .expect("starts");
    let again = app
        .ctx
        .supervisor()
        .start(&app.ctx, Role::Window, Vec::new());
    assert!(
        matches!(again, Err(ServiceError::SupervisorStarted)),
        "a second start would run every loop twice: {again:?}"
    );
    app.ctx.close().await.expect("close");
}
