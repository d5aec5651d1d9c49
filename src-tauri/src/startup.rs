//! Opening the library at start-up. A data dir the app cannot use (read-only, full, or a
//! `library.db` that is not SQLite) ends in an error dialog naming the problem, not a panic.

use aural_api::{AppConfig, AppContext};
use tauri::{App, AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::{events, main_window, tray};

pub fn start(app: &mut App) -> Result<(), Box<dyn std::error::Error>> {
    let opened =
        tauri::async_runtime::block_on(async { AppContext::open(AppConfig::from_env()?).await });
    let ctx = match opened {
        Ok(ctx) => ctx,
        Err(err) => {
            let message = match err.hint() {
                Some(hint) => format!("{err}\n\n{hint}"),
                None => err.to_string(),
            };
            report_and_exit(app.handle(), message);
            return Ok(());
        }
    };
    app.manage(ctx.clone());
    tray::install(app.handle());
    events::start(app.handle(), &ctx);
    main_window::create(app)?;
    Ok(())
}

/// The event loop keeps running until the user has read the dialog; no window exists yet.
fn report_and_exit(app: &AppHandle, message: String) {
    tracing::error!("cannot open the library: {message}");
    let handle = app.clone();
    app.dialog()
        .message(message)
        .title("AuralArchive cannot open its library")
        .kind(MessageDialogKind::Error)
        .buttons(MessageDialogButtons::OkCustom("Quit".into()))
        .show(move |_| handle.exit(1));
}
