//! Runs one loop until the supervisor stops: a loop that panics, fails or ends by itself is
//! logged, shown on the board and in a notice, and started again after a growing delay.

use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::{JoinError, JoinHandle};
use tokio_util::sync::CancellationToken;

use super::Loop;
use super::backoff::Backoff;
use super::status::{Board, LoopState};
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::{AppEvent, Notice, NoticeLevel};

/// How long a stopping loop may take to notice its cancellation before it is aborted, so that
/// closing the app or the daemon takes well under two seconds.
pub const STOP_GRACE: Duration = Duration::from_secs(1);

pub(crate) async fn supervise(
    ctx: AppContext,
    spec: Loop,
    board: Arc<Board>,
    stop: CancellationToken,
) {
    let name = spec.name;
    let mut backoff = Backoff::default();
    while !stop.is_cancelled() {
        board.update(name, |s| {
            s.state = LoopState::Running;
            s.retry_in_ms = None;
        });
        let started = tokio::time::Instant::now();
        // Its own task, so that a panic ends only this run and arrives here as a `JoinError`;
        // `run` is called inside it, so a panic before its first await is caught too.
        let mut run = tokio::spawn({
            let (run, ctx, token) = (spec.run.clone(), ctx.clone(), stop.child_token());
            async move { run(ctx, token).await }
        });
        let ended = tokio::select! {
            ended = &mut run => ended,
            () = stop.cancelled() => {
                wind_down(name, run).await;
                break;
            }
        };
        if stop.is_cancelled() {
            break;
        }
        let failure = Failure::from(ended);
        let delay = backoff.after_failure(started.elapsed());
        report(&ctx, name, &failure, delay, backoff.streak());
        let now = ctx.clock().now();
        board.update(name, |s| {
            s.state = LoopState::Restarting;
            s.restarts = s.restarts.saturating_add(1);
            s.last_error = Some(failure.to_string());
            s.last_error_at = Some(now);
            s.retry_in_ms = Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
        });
        tokio::select! {
            () = stop.cancelled() => break,
            () = tokio::time::sleep(delay) => {}
        }
    }
    board.update(name, |s| {
        s.state = LoopState::Stopped;
        s.retry_in_ms = None;
    });
}

/// Gives a cancelled loop [`STOP_GRACE`] to return, then aborts it.
async fn wind_down(name: &str, mut run: JoinHandle<Result<(), ServiceError>>) {
    match tokio::time::timeout(STOP_GRACE, &mut run).await {
        Ok(Ok(Ok(()) | Err(ServiceError::Cancelled))) => {}
        Ok(ended) => {
            let failure = Failure::from(ended);
            tracing::warn!(%name, error = %failure, "a background loop failed while stopping");
        }
        Err(_) => {
            tracing::warn!(%name, grace = ?STOP_GRACE, "a background loop did not stop in time and was aborted");
            run.abort();
            let _ = run.await;
        }
    }
}

/// Why a run of a loop ended before the supervisor stopped it.
enum Failure {
    Error(ServiceError),
    Panic(String),
    /// A loop runs until cancelled; returning earlier is a bug of its own kind.
    Returned,
}

impl From<Result<Result<(), ServiceError>, JoinError>> for Failure {
    fn from(ended: Result<Result<(), ServiceError>, JoinError>) -> Failure {
        match ended {
            Ok(Ok(())) => Failure::Returned,
            Ok(Err(e)) => Failure::Error(e),
            Err(e) => match e.try_into_panic() {
                Ok(payload) => Failure::Panic(panic_message(payload.as_ref())),
                Err(e) => Failure::Panic(e.to_string()),
            },
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Error(e) => write!(f, "{e}"),
            Failure::Panic(message) => write!(f, "it crashed: {message}"),
            Failure::Returned => f.write_str("it stopped without being asked to"),
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

/// Logs every failure; the first of a streak also becomes a notice, so a loop that keeps failing
/// shows once in the window instead of every few seconds (`supervisor status` has the count).
fn report(ctx: &AppContext, name: &str, failure: &Failure, delay: Duration, streak: u32) {
    match failure {
        Failure::Panic(_) | Failure::Returned => {
            tracing::error!(%name, error = %failure, retry_in = ?delay, streak, "a background loop crashed");
        }
        Failure::Error(_) => {
            tracing::warn!(%name, error = %failure, retry_in = ?delay, streak, "a background loop failed");
        }
    }
    if streak == 1 {
        ctx.events().publish(AppEvent::Notice(Notice {
            level: NoticeLevel::Warning,
            title: format!("The {name} stopped and restarts"),
            body: Some(format!(
                "{failure}. It runs again in {} s.",
                delay.as_secs().max(1)
            )),
            desktop: false,
        }));
    }
}
