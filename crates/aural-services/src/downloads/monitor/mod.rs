//! The download monitor (SPEC §6.2): one leader-only loop that reads every download a client
//! holds from the database, asks each client about all of its downloads in one list call, and
//! turns what changed into transitions, health warnings and `DownloadUpdated` events. It keeps
//! nothing that matters in memory: a restarted app, or a new leader, picks every download up
//! from the database and the client.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aural_clients::{ItemState, ItemStatus, Selection};
use aural_core::{
    BlocklistReason, Download, DownloadId, DownloadState, Entity, Health, HealthKind, ProviderId,
    Timestamp, Transfer,
};
use aural_db::{DownloadFacts, Transition, TransitionError};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::client::{self, Connected};
use super::observe::{observe, reason, route};
use super::schedule::{MonitorSchedule, jittered};
use super::update::Shown;
use super::{grab, requeue};
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::AppEvent;
use crate::supervisor::Loop;

mod seed;

/// The states in which a client is working on a download. A completed one waits for the
/// import, which takes it from there; an imported torrent seeds until its rule is met.
const WATCHED: [DownloadState; 5] = [
    DownloadState::Sent,
    DownloadState::Downloading,
    DownloadState::Paused,
    DownloadState::Stalled,
    DownloadState::Seeding,
];
const BATCH: u32 = 500;
const DISABLED: &str =
    "client disabled: enable it in Settings › Download clients to follow this download";
/// Progress alone is written at most this often: the row records states, events carry the rest.
const WRITE_PROGRESS_EVERY: Duration = Duration::from_secs(30);

pub fn monitor_loop() -> Loop {
    monitor_loop_with(MonitorSchedule::default())
}

pub fn monitor_loop_with(schedule: MonitorSchedule) -> Loop {
    Loop::leader_only("download monitor", move |ctx, stop| {
        let monitor = Monitor::new(schedule.clone());
        async move { monitor.run(&ctx, &stop).await }
    })
}

struct Monitor {
    schedule: MonitorSchedule,
    /// Connected clients by provider, rebuilt when the provider's row changes.
    clients: HashMap<ProviderId, (Timestamp, Arc<Connected>)>,
    /// Successful answers in a row without the download, and when the first came.
    misses: HashMap<DownloadId, (u32, Instant)>,
    shown: Shown,
    written: HashMap<DownloadId, Instant>,
    /// A pause or resume seen in the client at the last poll, not yet followed.
    flips: HashMap<DownloadId, DownloadState>,
}

impl Monitor {
    fn new(schedule: MonitorSchedule) -> Monitor {
        Monitor {
            schedule,
            clients: HashMap::new(),
            misses: HashMap::new(),
            shown: Shown::default(),
            written: HashMap::new(),
            flips: HashMap::new(),
        }
    }

    async fn run(mut self, ctx: &AppContext, stop: &CancellationToken) -> Result<(), ServiceError> {
        let mut feed = ctx.events().subscribe();
        loop {
            let pause = tokio::select! {
                () = stop.cancelled() => return Ok(()),
                pause = self.tick(ctx) => pause?,
            };
            tokio::select! {
                () = stop.cancelled() => return Ok(()),
                () = tokio::time::sleep(jittered(pause)) => {}
                () = ctx.monitor_wake().notified() => {}
                // A download written by another process (a grab from the CLI) is seen at once,
                // not at the next idle poll. The monitor's own writes show up here too, so a
                // change never brings the next poll closer than the busy pace.
                () = download_changed(&mut feed) => {
                    tokio::select! {
                        () = stop.cancelled() => return Ok(()),
                        () = tokio::time::sleep(pause.min(self.schedule.busy)) => {}
                    }
                }
            }
        }
    }

    /// One round: hand-overs due again, then every watched download; returns how long to rest,
    /// never past the next hand-over due.
    async fn tick(&mut self, ctx: &AppContext) -> Result<Duration, ServiceError> {
        let next_retry = grab::retry_due(ctx).await?;
        let pause = self.poll_all(ctx).await?;
        Ok(match next_retry {
            Some(at) => {
                let until = at.millis().saturating_sub(ctx.clock().now().millis());
                pause.min(Duration::from_millis(u64::try_from(until).unwrap_or(0)))
            }
            None => pause,
        })
    }

    async fn poll_all(&mut self, ctx: &AppContext) -> Result<Duration, ServiceError> {
        let watched = watched(ctx).await?;
        let ids: HashSet<DownloadId> = watched.iter().map(|d| d.id).collect();
        self.misses.retain(|id, _| ids.contains(id));
        self.shown.keep(&ids);
        self.written.retain(|id, _| ids.contains(id));
        self.flips.retain(|id, _| ids.contains(id));
        if watched.is_empty() {
            return Ok(self.schedule.idle);
        }
        let busy = watched
            .iter()
            .any(|d| matches!(d.state, DownloadState::Sent | DownloadState::Downloading));
        let mut by_client: BTreeMap<Option<ProviderId>, Vec<Download>> = BTreeMap::new();
        for d in watched {
            by_client.entry(d.client).or_default().push(d);
        }
        for (client, downloads) in by_client {
            match client {
                Some(id) => self.poll(ctx, id, downloads).await?,
                None => {
                    for d in downloads {
                        let message = "its download client was removed from Settings";
                        self.warn(ctx, d, HealthKind::ClientError, message).await?;
                    }
                }
            }
        }
        Ok(if busy {
            self.schedule.busy
        } else {
            self.schedule.quiet
        })
    }

    /// Asks one client about all of its watched downloads at once.
    async fn poll(
        &mut self,
        ctx: &AppContext,
        client: ProviderId,
        downloads: Vec<Download>,
    ) -> Result<(), ServiceError> {
        let connected = match self.connect(ctx, client).await {
            Ok(Some(c)) => c,
            Ok(None) => {
                for d in downloads {
                    self.warn(ctx, d, HealthKind::ClientDisabled, DISABLED)
                        .await?;
                }
                return Ok(());
            }
            Err(e) => {
                let message = e.to_string();
                for d in downloads {
                    self.warn(ctx, d, HealthKind::ClientError, &message).await?;
                }
                return Ok(());
            }
        };
        let items = downloads.iter().filter_map(|d| connected.item(d)).collect();
        match connected.client.list(&Selection::Ids(items)).await {
            Ok(listed) => {
                let by_id: HashMap<String, ItemStatus> =
                    listed.into_iter().map(|s| (s.id.to_string(), s)).collect();
                for d in downloads {
                    let status = connected
                        .item(&d)
                        .and_then(|item| by_id.get(&item.to_string()));
                    match status {
                        Some(status) => self.apply(ctx, &connected, d, status).await?,
                        None => self.missing(ctx, d).await?,
                    }
                }
            }
            Err(e) => {
                let kind = if e.is_unreachable() {
                    HealthKind::ClientUnreachable
                } else {
                    HealthKind::ClientError
                };
                let message = connected.fail(e).to_string();
                tracing::debug!(client = %client, error = %message, "cannot list the client's downloads");
                for d in downloads {
                    self.warn(ctx, d, kind, &message).await?;
                }
            }
        }
        Ok(())
    }

    /// The client, connected; `None` while the user has it disabled.
    async fn connect(
        &mut self,
        ctx: &AppContext,
        id: ProviderId,
    ) -> Result<Option<Arc<Connected>>, ServiceError> {
        let provider = ctx.db().providers().get(id).await?;
        if !provider.enabled {
            self.clients.remove(&id);
            return Ok(None);
        }
        if let Some((at, connected)) = self.clients.get(&id)
            && *at == provider.updated_at
        {
            return Ok(Some(connected.clone()));
        }
        let at = provider.updated_at;
        let connected = Arc::new(client::connect(ctx, provider).await?);
        self.clients.insert(id, (at, connected.clone()));
        Ok(Some(connected))
    }

    /// The client answered about `d`: moves it where the answer points and updates its health.
    async fn apply(
        &mut self,
        ctx: &AppContext,
        connected: &Connected,
        d: Download,
        status: &ItemStatus,
    ) -> Result<(), ServiceError> {
        self.misses.remove(&d.id);
        if d.state == DownloadState::Seeding {
            return self.seed(ctx, connected, d, status).await;
        }
        let now = ctx.clock().now();
        let seen = observe(d.state, status);
        let mut health = d.health.clone();
        health.clear(HealthKind::ClientUnreachable);
        health.clear(HealthKind::ClientDisabled);
        for kind in seen.clear {
            health.clear(kind);
        }
        for (kind, message) in seen.raise {
            health.raise(kind, now, message);
        }
        let mut target = seen.target;
        if d.state == DownloadState::Paused && d.remote_path.is_none() {
            // Paused by the user before this monitor ever saw it in the client: the client
            // follows the pause, not the other way round.
            if !matches!(status.state, ItemState::Paused) {
                let Some(item) = connected.item(&d) else {
                    return Ok(());
                };
                if let Err(e) = connected.client.pause(&item).await {
                    let message = connected.fail(e).to_string();
                    tracing::debug!(download = %d.id, error = %message, "cannot pause it in the client yet");
                    return Ok(());
                }
                tracing::info!(download = %d.id, "paused in the client as the user asked");
                // Its path is written once the client shows the pause, which ends this catch-up.
                return Ok(());
            }
            target = None;
        }
        let mut failure = None;
        if let Some(lasted) = lasted(&health, HealthKind::Stalled, now) {
            if lasted >= self.schedule.stall_fail_after {
                failure = Some("stalled for too long with nobody to download from".to_owned());
            } else if lasted >= self.schedule.stall_after {
                target = Some(DownloadState::Stalled);
            }
        }
        if let Some(lasted) = lasted(&health, HealthKind::ClientError, now)
            && lasted >= self.schedule.grace
        {
            failure = health
                .get(HealthKind::ClientError)
                .and_then(|w| w.message.clone())
                .or_else(|| Some("the client reports an error".to_owned()));
        }
        if failure.is_some() {
            target = Some(DownloadState::Failed);
        }
        target = self.debounce(&d, target);
        let steps = target.map(|t| route(d.state, t)).unwrap_or_default();
        let mut facts = DownloadFacts {
            transfer: Some(transfer_of(status)),
            ..DownloadFacts::default()
        };
        if d.remote_path.as_deref() != Some(status.save_path.as_str()) {
            facts.remote_path = Some(status.save_path.clone());
        }
        if steps.last() == Some(&DownloadState::Completed) {
            let local = connected
                .placement
                .paths
                .to_local(&status.save_path)
                .join(&status.name);
            if tokio::fs::try_exists(&local).await.unwrap_or(false) {
                health.clear(HealthKind::PathNotFound);
            } else {
                health.raise(
                    HealthKind::PathNotFound,
                    now,
                    Some(format!("{} is not there", local.display())),
                );
            }
            facts.local_path = Some(local.display().to_string());
        }
        if health != d.health {
            facts.health = Some(health);
        }
        facts.error = failure.clone();
        let moved = self.settle(ctx, d, steps, facts, failure).await?;
        failed_release(ctx, moved).await
    }

    /// Follows a pause or resume the client shows only when the next poll shows it too: the
    /// user's own pause or resume reaches the client before its row moves, and the first
    /// sighting in between is that, not a change made in the client.
    fn debounce(&mut self, d: &Download, target: Option<DownloadState>) -> Option<DownloadState> {
        let flip = match (d.state, target) {
            (DownloadState::Paused, Some(t @ DownloadState::Downloading)) => Some(t),
            (from, Some(t @ DownloadState::Paused)) if from != DownloadState::Paused => Some(t),
            _ => None,
        };
        match flip {
            Some(t) if self.flips.insert(d.id, t) == Some(t) => {
                self.flips.remove(&d.id);
                target
            }
            Some(_) => None,
            None => {
                self.flips.remove(&d.id);
                target
            }
        }
    }

    /// The client answered without `d`.
    async fn missing(&mut self, ctx: &AppContext, d: Download) -> Result<(), ServiceError> {
        if d.state == DownloadState::Seeding {
            // Removed in the client after the import: nothing of ours is lost.
            let why = Some("the torrent left the client after seeding".to_owned());
            let facts = DownloadFacts::default();
            self.settle(ctx, d, vec![DownloadState::Done], facts, why)
                .await?;
            return Ok(());
        }
        let (misses, since) = self.misses.entry(d.id).or_insert((0, Instant::now()));
        *misses += 1;
        let message = "the client no longer has it";
        let gone = *misses >= self.schedule.missing_answers
            && since.elapsed() >= self.schedule.missing_after;
        if gone && d.state.can_go_to(DownloadState::Failed) {
            let facts = DownloadFacts {
                error: Some("removed from the client".to_owned()),
                ..DownloadFacts::default()
            };
            let failure = Some("removed from the client".to_owned());
            let moved = self
                .settle(ctx, d, vec![DownloadState::Failed], facts, failure)
                .await?;
            return failed_release(ctx, moved).await;
        }
        self.warn(ctx, d, HealthKind::MissingFromClient, message)
            .await
    }

    /// Raises `kind` on `d`; past the grace period, an unreachable or failing client fails it.
    async fn warn(
        &mut self,
        ctx: &AppContext,
        d: Download,
        kind: HealthKind,
        message: &str,
    ) -> Result<(), ServiceError> {
        let now = ctx.clock().now();
        let mut health = d.health.clone();
        if kind != HealthKind::ClientDisabled {
            health.clear(HealthKind::ClientDisabled);
        }
        health.raise(kind, now, Some(message.to_owned()));
        let grace_over = matches!(
            kind,
            HealthKind::ClientUnreachable | HealthKind::ClientError
        ) && lasted(&health, kind, now).is_some_and(|l| l >= self.schedule.grace);
        let facts = DownloadFacts {
            health: (health != d.health).then_some(health),
            ..DownloadFacts::default()
        };
        if grace_over && d.state.can_go_to(DownloadState::Failed) {
            let failure = format!("{message} (for {} h)", self.schedule.grace.as_secs() / 3600);
            let facts = DownloadFacts {
                error: Some(failure.clone()),
                ..facts
            };
            // The client's fault, not the release's: nothing is blocklisted.
            self.settle(ctx, d, vec![DownloadState::Failed], facts, Some(failure))
                .await?;
            return Ok(());
        }
        self.settle(ctx, d, vec![], facts, None).await?;
        Ok(())
    }

    /// Writes `facts` with the moves in `steps` (the facts go with the first), or alone when
    /// they say something new; then tells the window.
    async fn settle(
        &mut self,
        ctx: &AppContext,
        d: Download,
        steps: Vec<DownloadState>,
        facts: DownloadFacts,
        failure: Option<String>,
    ) -> Result<Option<Download>, ServiceError> {
        let repo = ctx.db().downloads();
        let mut current = d.clone();
        let mut moved = false;
        if steps.is_empty() {
            let progress_due = facts.transfer.is_some_and(|t| t != d.transfer)
                && self
                    .written
                    .get(&d.id)
                    .is_none_or(|at| at.elapsed() >= WRITE_PROGRESS_EVERY);
            let news =
                facts.health.is_some() || facts.remote_path.is_some() || facts.local_path.is_some();
            if news || progress_due {
                current = repo.record(d.id, &facts).await?;
                self.written.insert(d.id, Instant::now());
            } else if let Some(transfer) = facts.transfer {
                current.transfer = transfer;
            }
        } else {
            let mut facts = Some(facts);
            let mut from = d.state;
            for to in steps {
                let why = match (&failure, to) {
                    (Some(message), DownloadState::Failed | DownloadState::Done) => message.clone(),
                    _ => reason(from, to).to_owned(),
                };
                let transition =
                    Transition::new(from, to, why).with(facts.take().unwrap_or_default());
                match repo.transition(d.id, &transition).await {
                    Ok(now) => {
                        current = now;
                        moved = true;
                    }
                    // The user (or another process) moved it meanwhile; the next poll starts
                    // from where it is now.
                    Err(TransitionError::Moved { actual, .. }) => {
                        tracing::debug!(download = %d.id, %actual, "moved meanwhile");
                        return Ok(None);
                    }
                    Err(e) => return Err(e.into()),
                }
                tracing::info!(download = %d.id, from = %from, to = %to, "download moved");
                from = to;
            }
            self.written.insert(d.id, Instant::now());
        }
        self.shown.publish(ctx, &current);
        Ok(moved.then_some(current))
    }
}

/// A download the monitor failed for what its client did with the release (an error, stalled
/// too long, removed): its release is blocklisted and its book queued for the next best.
async fn failed_release(ctx: &AppContext, moved: Option<Download>) -> Result<(), ServiceError> {
    if let Some(failed) = moved.filter(|d| d.state == DownloadState::Failed) {
        requeue::after_failure(ctx, &failed, BlocklistReason::FailedDownload).await?;
    }
    Ok(())
}

/// Returns when the change feed reports downloads; a bus without senders waits for ever.
async fn download_changed(feed: &mut broadcast::Receiver<AppEvent>) {
    loop {
        match feed.recv().await {
            Ok(AppEvent::EntitiesChanged {
                entity: Entity::Download,
                ..
            }) => return,
            // Behind the bus: something may have changed, so look.
            Err(broadcast::error::RecvError::Lagged(_)) => return,
            Ok(_) => {}
            Err(broadcast::error::RecvError::Closed) => std::future::pending::<()>().await,
        }
    }
}

/// Every watched download, read in batches.
async fn watched(ctx: &AppContext) -> Result<Vec<Download>, ServiceError> {
    let mut all = Vec::new();
    loop {
        let batch = ctx
            .db()
            .downloads()
            .in_states(&WATCHED, all.last().map(|d: &Download| d.id), BATCH)
            .await?;
        let done = batch.len() < BATCH as usize;
        all.extend(batch);
        if done {
            return Ok(all);
        }
    }
}

fn transfer_of(status: &ItemStatus) -> Transfer {
    Transfer {
        progress: status.progress,
        speed_bps: status.download_speed,
        eta_s: status.eta.map(|e| e.as_secs()),
        size: Some(status.size),
        ratio: Some(status.ratio),
    }
}

fn lasted(health: &Health, kind: HealthKind, now: Timestamp) -> Option<Duration> {
    health
        .lasted_ms(kind, now)
        .map(|ms| Duration::from_millis(u64::try_from(ms).unwrap_or(0)))
}
