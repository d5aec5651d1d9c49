//! The owner of every long-running loop of a process. Loops are registered with a name and a
//! scope when the supervisor starts; each runs on its own task, is restarted with a growing delay
//! when it panics or fails, and is cancelled and awaited (with a bound) when the context closes.
//!
//! Loops of [`Scope::Leader`] run in one process per data folder at a time: the one holding the
//! leader lock (see [`leader`]). A process that cannot take it keeps trying in the background and
//! starts them when the leader stops.

mod backoff;
pub mod leader;
mod status;
mod supervise;

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::context::AppContext;
use crate::error::ServiceError;

pub use self::backoff::{FIRST_DELAY, HEALTHY_RUN, MAX_DELAY};
use self::leader::LeaderLock;
pub use self::leader::{Holder, Published, Role};
use self::status::Board;
pub use self::status::{LoopState, LoopStatus, Scope, SupervisorStatus};
pub use self::supervise::STOP_GRACE;

/// How often a process that does not lead tries to take the leader lock.
pub const LEADER_RETRY: Duration = Duration::from_secs(1);

type RunLoop = dyn Fn(AppContext, CancellationToken) -> BoxFuture<'static, Result<(), ServiceError>>
    + Send
    + Sync;

/// A long-running loop: `run` is called for every (re)start and should return only when its
/// token is cancelled (returning `Ok` earlier counts as a failure).
#[derive(Clone)]
pub struct Loop {
    name: &'static str,
    scope: Scope,
    run: Arc<RunLoop>,
}

impl Loop {
    /// A loop that runs in every process with a supervisor, such as the change-feed tail.
    pub fn every_process<F, Fut>(name: &'static str, run: F) -> Loop
    where
        F: Fn(AppContext, CancellationToken) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), ServiceError>> + Send + 'static,
    {
        Loop::new(name, Scope::EveryProcess, run)
    }

    /// A loop that runs only in the leader of the data folder: scheduled work that must not run
    /// twice.
    pub fn leader_only<F, Fut>(name: &'static str, run: F) -> Loop
    where
        F: Fn(AppContext, CancellationToken) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), ServiceError>> + Send + 'static,
    {
        Loop::new(name, Scope::Leader, run)
    }

    fn new<F, Fut>(name: &'static str, scope: Scope, run: F) -> Loop
    where
        F: Fn(AppContext, CancellationToken) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), ServiceError>> + Send + 'static,
    {
        Loop {
            name,
            scope,
            run: Arc::new(move |ctx, stop| Box::pin(run(ctx, stop))),
        }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl std::fmt::Debug for Loop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loop")
            .field("name", &self.name)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// Whether this process runs the leader-only loops, as [`Supervisor::start`] found it.
#[derive(Debug)]
pub enum Leadership {
    Leading,
    /// Another process leads (`holder`, when it has said who it is); this one takes over when
    /// it stops.
    Waiting {
        holder: Option<Holder>,
    },
    /// The leader lock cannot be used (a read-only data folder): this process runs only its
    /// per-process loops and does not try again.
    Unavailable(std::io::Error),
}

/// One per [`AppContext`]; idle until [`Supervisor::start`].
#[derive(Debug)]
pub struct Supervisor {
    started: AtomicBool,
    tracker: TaskTracker,
    stop: CancellationToken,
    board: Arc<Board>,
}

impl Supervisor {
    pub(crate) fn new(data_dir: &Path) -> Supervisor {
        Supervisor {
            started: AtomicBool::new(false),
            tracker: TaskTracker::new(),
            stop: CancellationToken::new(),
            board: Arc::new(Board::new(data_dir.to_path_buf())),
        }
    }

    /// Starts `loops` for `ctx` (whose supervisor this is) and tries to lead the data folder as
    /// `role`. Called once per process: the app when it opens, the daemon when it starts.
    pub fn start(
        &self,
        ctx: &AppContext,
        role: Role,
        loops: Vec<Loop>,
    ) -> Result<Leadership, ServiceError> {
        if self.started.swap(true, Ordering::SeqCst) {
            return Err(ServiceError::SupervisorStarted);
        }
        let (every, leader_only): (Vec<Loop>, Vec<Loop>) = loops
            .into_iter()
            .partition(|l| l.scope == Scope::EveryProcess);
        for spec in &every {
            self.board.add(spec.name, spec.scope, LoopState::Running);
        }
        for spec in &leader_only {
            self.board
                .add(spec.name, spec.scope, LoopState::WaitingForLeader);
        }
        let spawner = Spawner {
            ctx: ctx.clone(),
            tracker: self.tracker.clone(),
            stop: self.stop.clone(),
            board: self.board.clone(),
        };
        for spec in every {
            spawner.spawn(spec);
        }
        match LeaderLock::try_take(&self.board.data_dir, Holder::this_process(role)) {
            Ok(Some(lock)) => {
                spawner.lead(lock, leader_only);
                Ok(Leadership::Leading)
            }
            Ok(None) => {
                let holder = leader::current(&self.board.data_dir)
                    .ok()
                    .flatten()
                    .flatten()
                    .map(|p| p.holder);
                // The caller says so in its own words (the app's log, the daemon's error line).
                tracing::debug!(
                    leader = %holder.map_or_else(|| "another AuralArchive process".to_owned(), |h| h.to_string()),
                    "another process runs the background work; this one takes over when it stops"
                );
                self.tracker
                    .spawn(spawner.await_leadership(Holder::this_process(role), leader_only));
                Ok(Leadership::Waiting { holder })
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot take the leader lock; scheduled background work does not run in this process");
                Ok(Leadership::Unavailable(e))
            }
        }
    }

    /// This process's loops and who leads the data folder. A process that runs no supervisor (the
    /// CLI) reports the leader's loops as the leader last published them.
    pub fn status(&self) -> Result<SupervisorStatus, ServiceError> {
        if let Some(holder) = self.board.holder() {
            return Ok(SupervisorStatus {
                leader: Some(holder),
                leading: true,
                loops: self.board.loops(),
            });
        }
        let data_dir = &self.board.data_dir;
        let current = leader::current(data_dir).map_err(|e| ServiceError::data_dir(data_dir, e))?;
        let published = current.flatten();
        let loops = if self.started.load(Ordering::SeqCst) {
            self.board.loops()
        } else {
            published
                .as_ref()
                .map(|p| p.loops.clone())
                .unwrap_or_default()
        };
        Ok(SupervisorStatus {
            leader: published.map(|p| p.holder),
            leading: false,
            loops,
        })
    }

    /// Cancels every loop, waits for them (each gets [`STOP_GRACE`], then is aborted) and gives
    /// up leadership, so a waiting process takes over.
    pub(crate) async fn stop(&self) {
        self.stop.cancel();
        self.tracker.close();
        self.tracker.wait().await;
        self.board.resign();
    }
}

/// What the supervising tasks need to start more of them.
#[derive(Clone)]
struct Spawner {
    ctx: AppContext,
    tracker: TaskTracker,
    stop: CancellationToken,
    board: Arc<Board>,
}

impl Spawner {
    fn spawn(&self, spec: Loop) {
        self.tracker.spawn(supervise::supervise(
            self.ctx.clone(),
            spec,
            self.board.clone(),
            self.stop.clone(),
        ));
    }

    fn lead(&self, lock: LeaderLock, loops: Vec<Loop>) {
        tracing::info!(
            data_dir = %self.board.data_dir.display(),
            "this process runs the background work of the data folder"
        );
        self.board.lead(lock);
        for spec in loops {
            self.spawn(spec);
        }
    }

    /// Tries to take the leader lock every [`LEADER_RETRY`] until it does or the supervisor stops.
    async fn await_leadership(self, holder: Holder, loops: Vec<Loop>) {
        loop {
            tokio::select! {
                () = self.stop.cancelled() => return,
                () = tokio::time::sleep(LEADER_RETRY) => {}
            }
            match LeaderLock::try_take(&self.board.data_dir, holder) {
                Ok(Some(lock)) => {
                    self.lead(lock, loops);
                    return;
                }
                Ok(None) => {}
                Err(e) => tracing::debug!(error = %e, "cannot take the leader lock yet"),
            }
        }
    }
}
