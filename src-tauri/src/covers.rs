//! The `cover` URI scheme (`cover://localhost/<key>`, `http://cover.localhost/<key>` on Windows):
//! the window's `<img>` reads cached covers through it, by key, never by path. The file is read
//! off the event loop; covers are content-addressed, so they may be cached for good.

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "cover";

pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let key = request.uri().path().trim_start_matches('/').to_owned();
    let file = ctx
        .app_handle()
        .try_state::<aural_api::AppContext>()
        .and_then(|app| aural_api::covers::cover_file(&app, &key));
    tauri::async_runtime::spawn(async move {
        let response = match file {
            Some((path, mime)) => match tokio::fs::read(&path).await {
                Ok(bytes) => Response::builder()
                    .header(header::CONTENT_TYPE, mime)
                    .header(header::CACHE_CONTROL, "max-age=31536000, immutable")
                    .body(bytes),
                Err(_) => not_found(),
            },
            None => not_found(),
        };
        match response {
            Ok(response) => responder.respond(response),
            Err(err) => tracing::warn!("cannot answer a cover request: {err}"),
        }
    });
}

fn not_found() -> Result<Response<Vec<u8>>, tauri::http::Error> {
    Response::builder()
        .status(StatusCode::NOT_FOUND)
        .body(Vec::new())
}
