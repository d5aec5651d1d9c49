//! Reading an answer's body with errors that name the (redacted) URL.

use reqwest::Response;
use reqwest::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use crate::error::HttpError;
use crate::redact::RedactedUrl;

/// The whole body; an answer that breaks off (shorter than its `Content-Length`, a reset) is
/// [`HttpError::Body`], never a silently short result.
pub async fn bytes(response: Response) -> Result<bytes::Bytes, HttpError> {
    let url = response.url().clone();
    response
        .bytes()
        .await
        .map_err(|e| HttpError::from_reqwest(&url, e))
}

/// The body as JSON of type `T`, after checking that the server says it is JSON: a login page or
/// an HTML error page served with status 200 is reported as such rather than as a parse error.
pub async fn json<T: DeserializeOwned>(response: Response) -> Result<T, HttpError> {
    let url = response.url().clone();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !(essence == "application/json" || essence.ends_with("+json")) {
        return Err(HttpError::ContentType {
            url: RedactedUrl::new(&url),
            expected: "application/json",
            found: if essence.is_empty() {
                "no content type".to_owned()
            } else {
                essence.to_owned()
            },
        });
    }
    let body = bytes(response).await?;
    serde_json::from_slice(&body).map_err(|source| HttpError::Decode {
        url: RedactedUrl::new(&url),
        source,
    })
}
