//! Forwards the service event bus to the window as typed tauri-specta events (writes by other
//! processes arrive on it through the supervisor's change-feed tail). Job updates also drive the
//! tray's job count and the desktop notifications. Progress (job, download and other progress
//! events) is coalesced per id before it reaches the window.

use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use aural_api::dto::{DownloadUpdated, EntitiesChanged, JobUpdated, Notice, ProgressUpdated};
use aural_api::events::{ApiEvent, COALESCE_INTERVAL, Coalescer};
use aural_api::{AppContext, Logging};
use aural_core::Entity;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;
use tokio::sync::broadcast::{Receiver, error::RecvError};
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

/// The forwarding task, stopped and awaited at exit. It belongs to the shell, not to the
/// supervisor: it lives exactly as long as the window it feeds.
struct Forwarding {
    stop: CancellationToken,
    task: Mutex<Option<JoinHandle<()>>>,
}

pub fn start(app: &AppHandle, ctx: &AppContext) {
    let stop = CancellationToken::new();
    let events = ctx.events().subscribe();
    let task = tauri::async_runtime::spawn(forward(app.clone(), events, stop.clone()));
    app.manage(Forwarding {
        stop,
        task: Mutex::new(Some(task)),
    });
}

pub fn stop(app: &AppHandle) {
    let Some(forwarding) = app.try_state::<Forwarding>() else {
        return;
    };
    forwarding.stop.cancel();
    let task = forwarding
        .task
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    if let Some(task) = task
        && let Err(err) = tauri::async_runtime::block_on(task)
    {
        tracing::warn!("the event forwarding ended abnormally: {err}");
    }
}

/// Generic over the bus payload so the shell depends only on its conversion into [`ApiEvent`].
async fn forward<E: Clone>(app: AppHandle, mut events: Receiver<E>, stop: CancellationToken)
where
    ApiEvent: From<E>,
{
    let mut running = tray::RunningJobs::default();
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
        // The tray sees every job update, so no state change is merged away.
        if let ApiEvent::JobUpdated(update) = &event {
            running.on_job_updated(&app, &update.job);
        }
        if let ApiEvent::Notice(notice) = &event {
            notify::show(&app, notice);
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
