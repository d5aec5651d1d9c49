//! Tails the change feed and publishes batched `EntitiesChanged` events, which is how writes by any
//! process (a job, the CLI) reach an open window.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use aural_core::{Entity, Timestamp};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::events::AppEvent;

const POLL: Duration = Duration::from_millis(250);
const BATCH: u32 = 2_000;
/// Past this many ids an event says only "many rows" (empty `ids`): listing them costs more than refetching.
const MAX_IDS: usize = 500;
const KEEP_MS: i64 = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY: Duration = Duration::from_secs(60 * 60);

/// Starts tailing from the newest change; runs until `stop` is cancelled.
pub async fn spawn_tail(
    ctx: &AppContext,
    stop: CancellationToken,
) -> Result<JoinHandle<()>, ServiceError> {
    let mut last = ctx.db().changes().latest_seq().await?;
    let ctx = ctx.clone();
    Ok(tokio::spawn(async move {
        let mut poll = tokio::time::interval(POLL);
        let mut prune = tokio::time::interval(PRUNE_EVERY);
        loop {
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = prune.tick() => {
                    let cutoff = Timestamp(ctx.clock().now().millis() - KEEP_MS);
                    if let Err(e) = ctx.db().changes().prune_before(cutoff).await {
                        tracing::warn!(error = %e, "could not prune the change feed");
                    }
                }
                _ = poll.tick() => match publish_since(&ctx, last).await {
                    Ok(seq) => last = seq,
                    Err(e) => tracing::warn!(error = %e, "could not read the change feed"),
                },
            }
        }
    }))
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
            let ids = if ids.len() > MAX_IDS {
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
