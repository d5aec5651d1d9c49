//! The main window: created once the library is open, shown again by the tray or a second launch,
//! and hidden instead of closed while the user keeps the app in the tray.

use aural_api::AppContext;
use tauri::{App, AppHandle, Manager, WebviewWindow, WebviewWindowBuilder, Window, WindowEvent};

use crate::tray;

pub const LABEL: &str = "main";

/// Builds the window from its `tauri.conf.json` entry, which says `create: false` so that no
/// window appears when the data dir cannot be opened. With `general.startMinimised` it starts
/// hidden in the tray (when there is a tray to show it from).
pub fn create(app: &App) -> tauri::Result<WebviewWindow> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == LABEL)
        .ok_or(tauri::Error::WindowNotFound)?;
    let start_hidden = tray::is_installed(app.handle())
        && app
            .try_state::<AppContext>()
            .is_some_and(|ctx| ctx.settings().current().general.start_minimised);
    WebviewWindowBuilder::from_config(app.handle(), config)?
        .visible(config.visible && !start_hidden)
        .build()
}

pub fn show(app: &AppHandle) {
    let Some(window) = app.get_webview_window(LABEL) else {
        return;
    };
    let shown = window
        .unminimize()
        .and_then(|()| window.show())
        .and_then(|()| window.set_focus());
    if let Err(err) = shown {
        tracing::warn!("could not show the main window: {err}");
    }
}

pub fn toggle(app: &AppHandle) {
    let Some(window) = app.get_webview_window(LABEL) else {
        return;
    };
    if !window.is_visible().unwrap_or(false) {
        show(app);
    } else if let Err(err) = window.hide() {
        tracing::warn!("could not hide the main window: {err}");
    }
}

pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    if window.label() != LABEL || !keeps_running_in_tray(window.app_handle()) {
        return;
    }
    api.prevent_close();
    if let Err(err) = window.hide() {
        tracing::warn!("could not hide the main window: {err}");
    }
}

/// Read at every close so a changed setting applies at once. Without a tray icon there would
/// be no way back to a hidden window, so then closing always closes.
fn keeps_running_in_tray(app: &AppHandle) -> bool {
    let Some(ctx) = app.try_state::<AppContext>() else {
        return false;
    };
    tray::is_installed(app) && ctx.settings().current().general.close_to_tray
}
