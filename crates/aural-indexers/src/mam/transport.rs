//! Fetching from MyAnonamouse with the `mam_id` session cookie: the cookie goes only to the
//! configured site, as a header marked sensitive (reqwest then leaves it out of its `Debug`),
//! never in a URL; HTTP 401/403 means the session is no longer accepted.

use std::time::Duration;

use aural_core::Sensitive;
use aural_http::{Client, HttpError, RedactedUrl, RetryPolicy};
use bytes::Bytes;
use reqwest::header::{ACCEPT, COOKIE, HeaderValue};
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::IndexerError;

#[derive(Debug, Clone)]
pub struct Transport {
    client: Client,
    cookie: Option<Sensitive<HeaderValue>>,
    timeout: Duration,
    retry: RetryPolicy,
}

/// Why the session cookie cannot be sent at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieProblem {
    Missing,
    /// Characters a cookie cannot hold (spaces, `;`, line breaks).
    Unusable,
}

impl CookieProblem {
    pub fn message(self) -> &'static str {
        match self {
            CookieProblem::Missing => "no session cookie is set",
            CookieProblem::Unusable => "the session cookie holds characters a cookie cannot carry",
        }
    }
}

impl Transport {
    /// `session` is the value of `mam_id`; a pasted `mam_id=…` is accepted too.
    pub fn new(
        client: Client,
        session: Option<&Sensitive<String>>,
        timeout: Duration,
        retry: RetryPolicy,
    ) -> Result<Transport, CookieProblem> {
        let value = session
            .map(|s| s.expose().trim())
            .map(|s| s.strip_prefix("mam_id=").unwrap_or(s))
            .filter(|s| !s.is_empty());
        let cookie = match value {
            None => None,
            Some(v) if v.contains([';', ' ', ',']) => return Err(CookieProblem::Unusable),
            Some(v) => {
                let mut header = HeaderValue::from_str(&format!("mam_id={v}"))
                    .map_err(|_| CookieProblem::Unusable)?;
                header.set_sensitive(true);
                Some(Sensitive::new(header))
            }
        };
        Ok(Transport {
            client,
            cookie,
            timeout,
            retry,
        })
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn has_cookie(&self) -> bool {
        self.cookie.is_some()
    }

    /// The body of `url` once MAM answered below 400; `accept` is the media type asked for.
    #[tracing::instrument(level = "debug", skip_all, fields(url = %RedactedUrl::new(url)))]
    pub async fn get(
        &self,
        url: &Url,
        accept: &'static str,
        cancel: &CancellationToken,
    ) -> Result<Bytes, IndexerError> {
        let Some(cookie) = &self.cookie else {
            return Err(IndexerError::SessionRejected {
                detail: Some(CookieProblem::Missing.message().to_owned()),
            });
        };
        let request = self
            .client
            .get(url.clone())
            .header(ACCEPT, accept)
            .header(COOKIE, cookie.expose().clone())
            .timeout(self.timeout)
            .build()
            .map_err(|e| HttpError::Client(e.without_url()))?;
        let exchange = async {
            let response = aural_http::send(&self.client, request, &self.retry, cancel).await?;
            aural_http::bytes(response).await
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(Ok(body)) => Ok(body),
            Ok(Err(HttpError::Status {
                status: status @ (401 | 403),
                ..
            })) => Err(IndexerError::SessionRejected {
                detail: Some(format!("HTTP {status}")),
            }),
            Ok(Err(e)) => Err(e.into()),
            Err(_) => Err(HttpError::Timeout {
                url: RedactedUrl::new(url),
            }
            .into()),
        }
    }
}
