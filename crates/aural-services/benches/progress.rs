//! Live progress without write storms: imports a generated list while 50 child jobs report
//! progress as fast as downloads would, and a simulated window takes the events as the desktop
//! shell does (coalesced per id, in batches) and queries the job list whenever the change feed
//! says jobs changed. Prints progress writes to the database per second, events reaching the
//! window per second, and the window's job-list queries per second (target: at most one).
//! `AURAL_BENCH_PROGRESS_SIZE=20000` overrides the 250,000 books.

use std::time::{Duration, Instant};

use anyhow::Context;
use aural_core::{Entity, JobParams, ListFormat, Page};
use aural_services::events::AppEvent;
use aural_services::events::coalesce::{Coalescer, INTERVAL};
use aural_services::secrets::SecretStore;
use aural_services::supervisor::Role;
use aural_services::{AppConfig, AppContext, ServiceError, background, jobs, library};
use tokio::sync::broadcast::{Receiver, error::RecvError};
use tokio_util::sync::CancellationToken;

mod common;

use common::synthetic_csv;

const SOURCES: usize = 50;
/// How often each simulated source reports: ten times a second, as a download client poll might.
const SOURCE_EVERY: Duration = Duration::from_millis(100);

#[derive(Debug, Default)]
struct WindowCounts {
    received: u64,
    delivered: u64,
    batches: u64,
    job_list_queries: u64,
    lagged: u64,
}

/// What the window does with the bus: progress is coalesced and delivered in batches, changes go
/// out at once, and a change of jobs makes the job list refetch.
async fn window(
    ctx: AppContext,
    mut events: Receiver<AppEvent>,
    stop: CancellationToken,
) -> Result<WindowCounts, ServiceError> {
    let mut counts = WindowCounts::default();
    let mut coalescer = Coalescer::new();
    let mut batches = tokio::time::interval(INTERVAL);
    loop {
        tokio::select! {
            () = stop.cancelled() => return Ok(counts),
            _ = batches.tick() => {
                let batch = coalescer.take_batch(Instant::now());
                if !batch.is_empty() {
                    counts.batches += 1;
                    counts.delivered += batch.len() as u64;
                }
            }
            event = events.recv() => match event {
                Ok(event) => {
                    counts.received += 1;
                    let Some(now) = coalescer.push(event) else { continue };
                    counts.delivered += 1;
                    if matches!(now, AppEvent::EntitiesChanged { entity: Entity::Job, .. }) {
                        counts.job_list_queries += 1;
                        jobs::list(&ctx, Page::default()).await?;
                    }
                }
                Err(RecvError::Lagged(missed)) => counts.lagged += missed,
                Err(RecvError::Closed) => return Ok(counts),
            },
        }
    }
}

/// A parent job whose children each report progress every [`SOURCE_EVERY`] until cancelled.
async fn progress_sources(ctx: &AppContext) -> Result<aural_core::JobId, ServiceError> {
    let params = JobParams::ListExport {
        path: "bench: progress sources".to_owned(),
        format: ListFormat::Csv,
    };
    let job_ctx = ctx.clone();
    let parent = ctx
        .jobs()
        .spawn(ctx, params, "sources", move |handle| async move {
            let mut children = Vec::with_capacity(SOURCES);
            for i in 0..SOURCES {
                let params = JobParams::ListExport {
                    path: format!("bench: source {i}"),
                    format: ListFormat::Csv,
                };
                let child = handle
                    .spawn_child(&job_ctx, params, "bytes", |source| async move {
                        let mut tick = tokio::time::interval(SOURCE_EVERY);
                        for done in 0u64.. {
                            tokio::select! {
                                () = source.cancel.cancelled() => break,
                                _ = tick.tick() => {}
                            }
                            source.progress(done * 1_000, Some(u64::MAX), None).await?;
                        }
                        Err::<(), _>(ServiceError::Cancelled)
                    })
                    .await?;
                children.push(child);
            }
            for child in children {
                let _ = child.wait().await;
            }
            Err::<(), _>(ServiceError::Cancelled)
        })
        .await?;
    Ok(parent.id())
}

fn per_second(count: u64, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let size: usize = match std::env::var("AURAL_BENCH_PROGRESS_SIZE") {
        Ok(n) => n.trim().parse().context("AURAL_BENCH_PROGRESS_SIZE")?,
        Err(_) => 250_000,
    };
    let dir = tempfile::tempdir()?;
    let list = dir.path().join("library.csv");
    std::fs::write(&list, synthetic_csv(size))?;
    let ctx = AppContext::builder(AppConfig::at(dir.path().join("data")))
        .secrets(SecretStore::in_memory())
        .open()
        .await?;

    // The window's background work: the change-feed tail among it.
    background::start(&ctx, Role::Window).await?;
    let stop = CancellationToken::new();
    let window = tokio::spawn(window(ctx.clone(), ctx.events().subscribe(), stop.clone()));
    let sources = progress_sources(&ctx).await?;

    let checkpoints_before = ctx.jobs().progress_checkpoints();
    let start = Instant::now();
    let outcome = library::spawn_list_import(&ctx, list).await?.wait().await?;
    let elapsed = start.elapsed();
    let checkpoints = ctx.jobs().progress_checkpoints() - checkpoints_before;
    anyhow::ensure!(outcome.inserted == size as u64, "imported {outcome:?}");

    jobs::cancel(&ctx, sources).await?;
    let ended = jobs::wait_for_end(&ctx, sources).await?;
    stop.cancel();
    let counts = window.await??;
    let window_time = start.elapsed();

    println!(
        "\n{size} books imported in {:.2} s with {SOURCES} progress sources reporting every {} ms (sources ended {})",
        elapsed.as_secs_f64(),
        SOURCE_EVERY.as_millis(),
        ended.state,
    );
    println!(
        "  progress writes to the database   {:>8.2} /s  ({checkpoints} checkpoints in {:.1} s)",
        per_second(checkpoints, elapsed),
        elapsed.as_secs_f64()
    );
    println!(
        "  events on the bus                 {:>8.1} /s  (each progress step was a row and a change-feed write before)",
        per_second(counts.received, window_time)
    );
    println!(
        "  events reaching the window        {:>8.1} /s  in {:.1} batches/s",
        per_second(counts.delivered, window_time),
        per_second(counts.batches, window_time)
    );
    println!(
        "  window job-list queries           {:>8.2} /s  (target: at most 1)",
        per_second(counts.job_list_queries, window_time)
    );
    if counts.lagged > 0 {
        println!("  events the window missed (lagged) {:>8}", counts.lagged);
    }
    ctx.close().await?;
    Ok(())
}
