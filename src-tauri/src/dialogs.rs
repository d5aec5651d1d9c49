//! Native file dialogs. Paths reach aural-api only from here, after the user picked them,
//! so the UI never sends a path of its own choosing.

use std::path::PathBuf;

use aural_api::library::ListFormat;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};
use tokio::sync::oneshot;

use crate::main_window;

// The dialogs answer through a callback; a failed send only means the command awaiting the
// answer is gone, so there is nobody left to tell.

pub async fn pick_library_list(app: &AppHandle) -> Option<PathBuf> {
    let dialog = builder(app)
        .set_title("Import a library list")
        .add_filter("Library list (CSV, JSON)", &["csv", "json"]);
    let (tx, rx) = oneshot::channel();
    dialog.pick_file(move |picked| {
        let _ = tx.send(picked);
    });
    into_path(rx.await.ok().flatten())
}

pub async fn pick_export_target(app: &AppHandle, format: ListFormat) -> Option<PathBuf> {
    let (name, extension) = match format {
        ListFormat::Csv => ("CSV", "csv"),
        ListFormat::Json => ("JSON", "json"),
    };
    let dialog = builder(app)
        .set_title("Export the library")
        .set_file_name(format!("auralarchive-library.{extension}"))
        .add_filter(name, &[extension]);
    let (tx, rx) = oneshot::channel();
    dialog.save_file(move |picked| {
        let _ = tx.send(picked);
    });
    into_path(rx.await.ok().flatten())
}

pub async fn pick_library_root(app: &AppHandle) -> Option<PathBuf> {
    let dialog = builder(app).set_title("Choose the library folder");
    let (tx, rx) = oneshot::channel();
    dialog.pick_folder(move |picked| {
        let _ = tx.send(picked);
    });
    into_path(rx.await.ok().flatten())
}

/// The audio kinds an import reads (SPEC §7.2), for the file picker's filter.
const AUDIO_EXTENSIONS: &[&str] = &[
    "m4b", "m4a", "mp4", "aac", "mp3", "flac", "ogg", "oga", "opus", "wma", "wav",
];

/// Audio files to import, several at once; empty when the user closed the picker.
pub async fn pick_audio_files(app: &AppHandle) -> Vec<PathBuf> {
    let dialog = builder(app)
        .set_title("Add audiobook files")
        .add_filter("Audiobooks", AUDIO_EXTENSIONS);
    let (tx, rx) = oneshot::channel();
    dialog.pick_files(move |picked| {
        let _ = tx.send(picked);
    });
    into_paths(rx.await.ok().flatten())
}

/// Folders to import, several at once; empty when the user closed the picker.
pub async fn pick_audio_folders(app: &AppHandle) -> Vec<PathBuf> {
    let dialog = builder(app).set_title("Add audiobook folders");
    let (tx, rx) = oneshot::channel();
    dialog.pick_folders(move |picked| {
        let _ = tx.send(picked);
    });
    into_paths(rx.await.ok().flatten())
}

/// Modal to the main window when it exists, so the dialog cannot hide behind it.
fn builder(app: &AppHandle) -> FileDialogBuilder<tauri::Wry> {
    let dialog = app.dialog().file();
    match app.get_webview_window(main_window::LABEL) {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    }
}

fn into_paths(picked: Option<Vec<FilePath>>) -> Vec<PathBuf> {
    picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| into_path(Some(p)))
        .collect()
}

fn into_path(picked: Option<FilePath>) -> Option<PathBuf> {
    match picked?.into_path() {
        Ok(path) => Some(path),
        Err(err) => {
            tracing::warn!("the file dialog returned a location that is not a local file: {err}");
            None
        }
    }
}
