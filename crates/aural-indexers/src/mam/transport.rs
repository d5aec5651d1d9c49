//! Fetching from MyAnonamouse with the `mam_id` session cookie: the cookie goes only to the
//! configured site, as a header marked sensitive (reqwest then leaves it out of its `Debug`),
//! never in a URL; HTTP 401/403 means the session is no longer accepted. MAM may answer with a
//! new `mam_id` (`Set-Cookie`); later requests send it, and the caller stores it, or the old
//! session would one day stop working.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use aural_core::Sensitive;
use aural_http::{Client, HttpError, RedactedUrl, RetryPolicy};
use bytes::Bytes;
use reqwest::header::{ACCEPT, COOKIE, HeaderMap, HeaderValue, SET_COOKIE};
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::IndexerError;

#[derive(Debug, Clone)]
pub struct Transport {
    client: Client,
    cookie: Option<Sensitive<HeaderValue>>,
    /// The newest session MAM handed out, if it renewed the one configured.
    renewed: Arc<Mutex<Option<Sensitive<String>>>>,
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
            Some(v) => Some(cookie_header(v).ok_or(CookieProblem::Unusable)?),
        };
        Ok(Transport {
            client,
            cookie,
            renewed: Arc::default(),
            timeout,
            retry,
        })
    }

    /// The session MAM renewed during this transport's requests, to be stored in place of the
    /// configured one.
    pub fn renewed_session(&self) -> Option<Sensitive<String>> {
        lock(&self.renewed).clone()
    }

    /// The cookie header to send: the renewed session once there is one.
    fn current_cookie(&self) -> Option<Sensitive<HeaderValue>> {
        match lock(&self.renewed).as_ref() {
            Some(session) => cookie_header(session.expose()),
            None => self.cookie.clone(),
        }
    }

    /// Keeps a new `mam_id` from the answer's `Set-Cookie` headers; a cookie being deleted
    /// (empty) is not a session.
    fn keep_renewed(&self, headers: &HeaderMap) {
        let renewed = headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|h| h.to_str().ok())
            .filter_map(|h| h.split(';').next())
            .filter_map(|pair| pair.trim().strip_prefix("mam_id="))
            .map(str::trim)
            .rfind(|v| !v.is_empty() && cookie_header(v).is_some());
        let Some(value) = renewed else { return };
        let current = self.current_cookie();
        let same =
            current.is_some_and(|c| c.expose().as_bytes() == format!("mam_id={value}").as_bytes());
        if !same {
            *lock(&self.renewed) = Some(Sensitive::new(value.to_owned()));
        }
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
        let Some(cookie) = self.current_cookie() else {
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
            self.keep_renewed(response.headers());
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

/// `mam_id=<value>` as a header marked sensitive; `None` when the value cannot be a cookie
/// (spaces, `;`, `,`, line breaks).
fn cookie_header(value: &str) -> Option<Sensitive<HeaderValue>> {
    if value.contains([';', ' ', ',']) {
        return None;
    }
    let mut header = HeaderValue::from_str(&format!("mam_id={value}")).ok()?;
    header.set_sensitive(true);
    Some(Sensitive::new(header))
}

/// The guarded value is replaced whole, so a panic elsewhere cannot tear it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
