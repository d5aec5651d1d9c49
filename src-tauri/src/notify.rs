//! Desktop notifications for the notices the services mark as worth one. Without a notification
//! server (no D-Bus session) nothing is delivered; that is logged at debug level and never an error.

use aural_api::dto::Notice;
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;

pub fn show(app: &AppHandle, notice: &Notice) {
    if !notice.desktop {
        return;
    }
    let mut builder = app.notification().builder().title(&notice.title);
    if let Some(body) = &notice.body {
        builder = builder.body(body);
    }
    if let Err(err) = builder.show() {
        tracing::debug!("desktop notification not shown: {err}");
    }
}
