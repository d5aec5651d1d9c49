//! The tray icon: show/hide the window, the number of running jobs, quit.

use std::collections::HashSet;

use aural_api::dto::JobDto;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::main_window;

const TOGGLE: &str = "toggle-window";
const QUIT: &str = "quit";

/// The menu entry rewritten as jobs start and finish; managed only when the tray exists.
struct JobsItem(MenuItem<Wry>);

/// A missing tray (no status-notifier host, no appindicator library) leaves the app usable,
/// so failures are logged and the window simply closes normally (see `main_window`).
pub fn install(app: &AppHandle) {
    if let Err(err) = build(app) {
        tracing::warn!("no tray icon: {err}");
    }
}

pub fn is_installed(app: &AppHandle) -> bool {
    app.try_state::<JobsItem>().is_some()
}

fn build(app: &AppHandle) -> tauri::Result<()> {
    let toggle = MenuItem::with_id(app, TOGGLE, "Show/Hide window", true, None::<&str>)?;
    let jobs = MenuItem::with_id(app, "jobs", jobs_label(0), false, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit AuralArchive", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&toggle, &jobs, &separator, &quit])?;
    let mut tray = TrayIconBuilder::with_id("main")
        .tooltip("AuralArchive")
        .menu(&menu)
        .on_menu_event(on_menu_event);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(JobsItem(jobs));
    Ok(())
}

fn on_menu_event(app: &AppHandle, event: MenuEvent) {
    match event.id().as_ref() {
        TOGGLE => main_window::toggle(app),
        QUIT => app.exit(0),
        _ => {}
    }
}

fn jobs_label(running: usize) -> String {
    format!("Jobs running: {running}")
}

/// Ids of the jobs seen starting and not yet seen finishing.
#[derive(Default)]
pub struct RunningJobs {
    running: HashSet<String>,
}

impl RunningJobs {
    pub fn on_job_updated(&mut self, app: &AppHandle, job: &JobDto) {
        let changed = if job.state.is_finished() {
            self.running.remove(&job.id)
        } else {
            self.running.insert(job.id.clone())
        };
        if !changed {
            return;
        }
        let Some(item) = app.try_state::<JobsItem>() else {
            return;
        };
        if let Err(err) = item.0.set_text(jobs_label(self.running.len())) {
            tracing::warn!("could not update the tray menu: {err}");
        }
    }
}
