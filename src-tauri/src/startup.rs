//! Opening the library at start-up. A data dir the app cannot use (read-only, full, or a
//! `library.db` that is not SQLite) ends in an error dialog naming the problem, not a panic.

use aural_api::supervisor::{Leadership, Role};
use tauri::{App, AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::{events, main_window, tray};

pub fn start(app: &mut App) -> Result<(), Box<dyn std::error::Error>> {
    let opened = tauri::async_runtime::block_on(aural_api::open(None));
    let ctx = match opened {
        Ok(ctx) => ctx,
        Err(err) => {
            let message = match &err.hint {
                Some(hint) => format!("{}\n\n{hint}", err.message),
                None => err.message.clone(),
            };
            report_and_exit(app.handle(), message);
            return Ok(());
        }
    };

    app.manage(ctx.clone());
    tray::install(app.handle());
    events::start(app.handle(), &ctx);
    start_background(&ctx);
    main_window::create(app)?;
    Ok(())
}

/// Starts the supervised loops after the event forwarding, so the window sees their first events.
/// The app tries to lead the data folder; when `auralarchive-cli daemon` already does, the
/// scheduled work stays there and the app takes over when the daemon stops.
fn start_background(ctx: &aural_api::AppContext) {
    match tauri::async_runtime::block_on(aural_api::supervisor::start(ctx, Role::Window)) {
        Ok(Leadership::Leading) => {}
        Ok(Leadership::Waiting { holder }) => tracing::info!(
            "{} runs the background work; the app takes over when it stops",
            holder.map_or_else(
                || "another AuralArchive process".to_owned(),
                |h| h.to_string()
            )
        ),
        Ok(Leadership::Unavailable(err)) => {
            tracing::warn!("scheduled background work does not run in the app: {err}")
        }
        Err(err) => tracing::error!(
            "changes made by auralarchive-cli will not show in the window: {}",
            err.message
        ),
    }
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

/// Stops the background loops (handing leadership to a waiting daemon), cancels the jobs still
/// running and closes the library, so the next start finds no job left `running` and
/// `library.db` holds everything written.
pub fn finish(app: &AppHandle) {
    let Some(ctx) = app.try_state::<aural_api::AppContext>() else {
        return;
    };
    if let Err(err) = tauri::async_runtime::block_on(aural_api::close(&ctx)) {
        tracing::warn!("the library did not close cleanly: {}", err.message);
    }
}
