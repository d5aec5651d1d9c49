//! Forwards the service event bus to the window as typed tauri-specta events, and tails the
//! change feed so writes by other processes (auralarchive-cli) reach the window too. Job
//! updates also drive the tray's job count and the desktop notifications. Progress (job,
//! download and other progress events) is coalesced per id before it reaches the window.

use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use aural_api::dto::{DownloadUpdated, EntitiesChanged, JobUpdated, Notice, ProgressUpdated};
use aural_api::events::{ApiEvent, COALESCE_INTERVAL, Coalescer};
use aural_api::{AppContext, Logging};
use aural_core::Entity;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;
use tokio::sync::broadcast::{Receiver, error::RecvError};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::{notify, tray};

#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct EntitiesChangedEvent(pub EntitiesChanged);

#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct JobUpdatedEvent(pub JobUpdated);

#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct ProgressUpdatedEvent(pub ProgressUpdated);

#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct DownloadUpdatedEvent(pub DownloadUpdated);

#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct NoticeEvent(pub Notice);

/// The forwarding and change-feed tasks, stopped and awaited at exit.
struct Background {
    stop: CancellationToken,
    tasks: Mutex<Vec<JoinHandle<()>>>,
}

pub fn start(app: &AppHandle, ctx: &AppContext) {
    let stop = CancellationToken::new();
    let tasks = tauri::async_runtime::block_on(async {
        let events = ctx.events().subscribe();
        let mut tasks = vec![tokio::spawn(forward(app.clone(), events, stop.clone()))];
        match aural_api::events::spawn_change_tail(ctx, stop.clone()).await {
            Ok(tail) => tasks.push(tail),
            Err(err) => tracing::error!(
                "changes made by auralarchive-cli will not show in the window: {err}"
            ),
        }
        tasks
    });
    app.manage(Background {
        stop,
        tasks: Mutex::new(tasks),
    });
}

pub fn stop(app: &AppHandle) {
    let Some(background) = app.try_state::<Background>() else {
        return;
    };
    background.stop.cancel();
    let tasks = std::mem::take(
        &mut *background
            .tasks
            .lock()
            .unwrap_or_else(PoisonError::into_inner),
    );
    tauri::async_runtime::block_on(async {
        for task in tasks {
            if let Err(err) = task.await {
                tracing::warn!("a background task ended abnormally: {err}");
            }
        }
    });
}

/// Generic over the bus payload so the shell depends only on its conversion into [`ApiEvent`].
async fn forward<E: Clone>(app: AppHandle, mut events: Receiver<E>, stop: CancellationToken)
where
    ApiEvent: From<E>,
{
    let mut running = tray::RunningJobs::default();
    let mut announcer = notify::Announcer::default();
    let mut coalescer = Coalescer::new();
    let mut batches = tokio::time::interval(COALESCE_INTERVAL);
    batches.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let received = tokio::select! {
            () = stop.cancelled() => return,
            _ = batches.tick() => {
                for event in coalescer.take_batch(Instant::now()) {
                    emit(&app, event);
                }
                continue;
            }
            received = events.recv() => received,
        };
        let event = match received {
            Ok(event) => ApiEvent::from(event),
            // The window catches up on the next change; a missed burst only delays a refetch.
            Err(RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "the window fell behind the event bus");
                continue;
            }
            Err(RecvError::Closed) => return,
        };
        // The tray and notifications see every job update, so no state change is merged away.
        if let ApiEvent::JobUpdated(update) = &event {
            running.on_job_updated(&app, &update.job);
            announcer.on_job_updated(&app, &update.job);
        }
        if let Some(now) = coalescer.push(event) {
            emit(&app, now);
        }
    }
}

fn emit(app: &AppHandle, event: ApiEvent) {
    let emitted = match event {
        ApiEvent::EntitiesChanged(change) => {
            if change.entity == Entity::Setting {
                follow_log_level(app);
            }
            EntitiesChangedEvent(change).emit(app)
        }
        ApiEvent::JobUpdated(update) => JobUpdatedEvent(update).emit(app),
        ApiEvent::ProgressUpdated(update) => ProgressUpdatedEvent(update).emit(app),
        ApiEvent::DownloadUpdated(update) => DownloadUpdatedEvent(update).emit(app),
        ApiEvent::Notice(notice) => NoticeEvent(notice).emit(app),
    };
    if let Err(err) = emitted {
        tracing::warn!("could not send an event to the window: {err}");
    }
}

/// A changed setting may be the log level, which applies without a restart.
fn follow_log_level(app: &AppHandle) {
    if let (Some(ctx), Some(logging)) = (app.try_state::<AppContext>(), app.try_state::<Logging>())
    {
        logging.apply(ctx.settings().current().general.log_level);
    }
}
