//! Errors of an HTTP exchange. Every URL in them is a [`RedactedUrl`] and every `reqwest` source
//! has its URL stripped, so printing the whole chain cannot leak a key or a token.

use std::time::Duration;

use crate::redact::RedactedUrl;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpError {
    #[error("cannot set up the HTTP client")]
    Client(#[source] reqwest::Error),
    #[error("cannot connect to {url}")]
    Unreachable {
        url: RedactedUrl,
        #[source]
        source: reqwest::Error,
    },
    #[error("{url} did not answer in time")]
    Timeout { url: RedactedUrl },
    #[error("{url} answered HTTP {status}")]
    Status { url: RedactedUrl, status: u16 },
    #[error("{url} is rate limiting requests{}", wait_text(.retry_after))]
    RateLimited {
        url: RedactedUrl,
        retry_after: Option<Duration>,
    },
    #[error("the answer from {url} broke off before it was complete")]
    Body {
        url: RedactedUrl,
        #[source]
        source: reqwest::Error,
    },
    #[error("{url} answered with {found} where {expected} was expected")]
    ContentType {
        url: RedactedUrl,
        expected: &'static str,
        found: String,
    },
    #[error("the answer from {url} is not the expected JSON")]
    Decode {
        url: RedactedUrl,
        #[source]
        source: serde_json::Error,
    },
    #[error("the request to {url} failed")]
    Request {
        url: RedactedUrl,
        #[source]
        source: reqwest::Error,
    },
    #[error("the request was cancelled")]
    Cancelled,
}

fn wait_text(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!(" and asks to wait {} s", wait.as_secs()),
        None => String::new(),
    }
}

impl HttpError {
    /// Sorts a `reqwest` failure to send or read into what a caller can act on.
    pub fn from_reqwest(url: &url::Url, err: reqwest::Error) -> HttpError {
        let url = RedactedUrl::new(url);
        if err.is_timeout() {
            return HttpError::Timeout { url };
        }
        let source = err.without_url();
        if source.is_connect() {
            HttpError::Unreachable { url, source }
        } else if source.is_body() || source.is_decode() {
            HttpError::Body { url, source }
        } else {
            HttpError::Request { url, source }
        }
    }

    /// Worth another try of an idempotent request: the network or the server may recover.
    pub(crate) fn is_transient(&self) -> bool {
        matches!(
            self,
            HttpError::Unreachable { .. }
                | HttpError::Timeout { .. }
                | HttpError::Body { .. }
                | HttpError::Request { .. }
        )
    }
}
