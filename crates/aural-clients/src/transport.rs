//! Sending one request over the shared client and sorting the failures, for both protocols.

use aural_http::RedactedUrl;
use reqwest::{RequestBuilder, Response};

use crate::error::ClientError;

/// Sends without retrying: adds and removes are not idempotent, and the monitor's next poll is
/// the retry for reads.
pub(crate) async fn send(request: RequestBuilder, url: &url::Url) -> Result<Response, ClientError> {
    request.send().await.map_err(|e| from_reqwest(url, e))
}

pub(crate) fn from_reqwest(url: &url::Url, err: reqwest::Error) -> ClientError {
    let url = RedactedUrl::new(url);
    if err.is_timeout() {
        return ClientError::Timeout { url };
    }
    let source = err.without_url();
    if source.is_connect() {
        ClientError::Unreachable { url, source }
    } else {
        ClientError::Transport { url, source }
    }
}

/// The body as text; a body that breaks off is a transport failure.
pub(crate) async fn text(response: Response, url: &url::Url) -> Result<String, ClientError> {
    response.text().await.map_err(|e| from_reqwest(url, e))
}
