//! Tails the change feed and publishes batched `EntitiesChanged` events, which is how writes by any
//! process (a job, the CLI) reach an open window; and prunes old changes. Both are supervised
//! loops (see [`crate::background`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use aural_core::{Entity, MANY_IDS, Timestamp};
use tokio_util::sync::CancellationToken;

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::AppEvent;
use crate::supervisor::Loop;

const POLL: Duration = Duration::from_millis(250);
const BATCH: u32 = 2_000;
const KEEP_MS: i64 = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY: Duration = Duration::from_secs(60 * 60);

/// The tail as a supervised loop of every process, publishing what changes from now on. The
/// last seq published outlives a run, so a restart after a failure publishes what changed
/// meanwhile instead of skipping it.
pub async fn tail_loop(ctx: &AppContext) -> Result<Loop, ServiceError> {
    let last = Arc::new(AtomicI64::new(ctx.db().changes().latest_seq().await?));
    Ok(Loop::every_process("change-feed tail", move |ctx, stop| {
        tail(ctx, stop, last.clone())
    }))
}

async fn tail(
    ctx: AppContext,
    stop: CancellationToken,
    last: Arc<AtomicI64>,
) -> Result<(), ServiceError> {
    let mut poll = tokio::time::interval(POLL);
    loop {
        tokio::select! {
            () = stop.cancelled() => return Ok(()),
            _ = poll.tick() => match publish_since(&ctx, last.load(Ordering::SeqCst)).await {
                Ok(seq) => last.store(seq, Ordering::SeqCst),
                // A busy or briefly locked database is retried at the next tick, without the
                // restart and notice a failed loop gets.
                Err(e) => tracing::warn!(error = %e, "could not read the change feed"),
            },
        }
    }
}

/// Removes changes older than a week, hourly: scheduled work, so only the leader does it.
pub fn prune_loop() -> Loop {
    Loop::leader_only("change-feed prune", |ctx, stop| async move {
        let mut prune = tokio::time::interval(PRUNE_EVERY);
        loop {
            tokio::select! {
                () = stop.cancelled() => return Ok(()),
                _ = prune.tick() => {
                    let cutoff = Timestamp(ctx.clock().now().millis() - KEEP_MS);
                    ctx.db().changes().prune_before(cutoff).await?;
                }
            }
        }
    })
}

/// Publishes the changes after `last`, one event per entity kind, and returns the newest seq seen.
pub async fn publish_since(ctx: &AppContext, mut last: i64) -> Result<i64, ServiceError> {
    loop {
        let changes = ctx.db().changes().since(last, BATCH).await?;
        let Some(newest) = changes.last().map(|c| c.seq) else {
            return Ok(last);
        };
        let mut by_entity: BTreeMap<Entity, BTreeSet<String>> = BTreeMap::new();
        for change in changes.iter() {
            by_entity
                .entry(change.entity)
                .or_default()
                .insert(change.entity_id.clone());
        }
        for (entity, ids) in by_entity {
            // An empty id is a write recorded as "many rows" (`MANY_IDS`).
            let ids = if ids.len() > MANY_IDS || ids.contains("") {
                Vec::new()
            } else {
                ids.into_iter().collect()
            };
            ctx.events()
                .publish(AppEvent::EntitiesChanged { entity, ids });
        }
        last = newest;
        if changes.len() < BATCH as usize {
            return Ok(last);
        }
    }
}
