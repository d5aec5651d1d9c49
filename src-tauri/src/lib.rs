//! The desktop shell around `aural-api`: window, tray, native dialogs and notifications.
//! Everything the app does lives in the crates below; this crate only wires it to Tauri.

pub mod bindings;
mod commands;
mod covers;
mod dialogs;
mod events;
mod main_window;
mod notify;
mod startup;
mod tray;

use tauri::RunEvent;
use tauri_plugin_window_state::StateFlags;

pub fn run() {
    let logging = aural_api::start_logging();
    let specta = bindings::builder();
    let app = tauri::Builder::default()
        // Registered first so a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            main_window::show(app)
        }))
        .plugin(
            tauri_plugin_window_state::Builder::new()
                // Not VISIBLE: quitting from the tray while hidden must not start the next session hidden.
                .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        .register_asynchronous_uri_scheme_protocol(covers::SCHEME, covers::serve)
        .invoke_handler(specta.invoke_handler())
        .on_window_event(main_window::on_window_event)
        .manage(logging)
        .setup(move |app| {
            specta.mount_events(app);
            startup::start(app)
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|handle, event| {
            if let RunEvent::Exit = event {
                events::stop(handle);
                startup::finish(handle);
            }
        }),
        Err(err) => {
            tracing::error!("AuralArchive could not start: {err}");
            std::process::exit(1);
        }
    }
}
