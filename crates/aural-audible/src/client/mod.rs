//! The Audible client over aural-http: base URLs from [`Endpoints`], the marketplace's
//! `Accept-Language` on every call, ADP signatures where Audible wants them, retries on 429 and
//! 5xx honouring `Retry-After`.

mod api;
mod auth;
mod library_scan;

use std::sync::Arc;
use std::time::Duration;

use aural_core::Clock;
use aural_http::{Client, Method, Request, RetryPolicy};
use time::OffsetDateTime;
use tokio_util::sync::CancellationToken;
use url::{Position, Url};

use crate::error::AudibleError;

use crate::marketplace::{Endpoints, Marketplace};
use crate::signing::{RequestToSign, sign};
use crate::tokens::SigningIdentity;
pub use library_scan::MAX_CONCURRENT_PAGES;

/// Retries for every Audible call (SPEC §3.5): from 500 ms, at most 6 tries.
pub fn audible_retry_policy() -> RetryPolicy {
    RetryPolicy {
        max_tries: 6,
        min_delay: Duration::from_millis(500),
        ..RetryPolicy::default()
    }
}

/// One marketplace's API, for any number of accounts: credentials are passed per call.
#[derive(Debug, Clone)]
pub struct AudibleClient {
    http: Client,
    marketplace: Marketplace,
    endpoints: Endpoints,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
}

/// A body as sent: the exact bytes are signed.
enum Body {
    None,
    Json(Vec<u8>),
    Form(String),
}

impl AudibleClient {
    pub fn new(
        http: Client,
        marketplace: Marketplace,
        endpoints: Endpoints,
        clock: Arc<dyn Clock>,
    ) -> AudibleClient {
        AudibleClient {
            http,
            marketplace,
            endpoints,
            retry: audible_retry_policy(),
            clock,
        }
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> AudibleClient {
        self.retry = retry;
        self
    }

    pub fn marketplace(&self) -> Marketplace {
        self.marketplace
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    fn now(&self) -> OffsetDateTime {
        let nanos = i128::from(self.clock.now().millis()) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// A request to `base` + `path_and_query` with the marketplace's language, signed when
    /// `identity` is given.
    fn request(
        &self,
        method: Method,
        base: &Url,
        path_and_query: &str,
        body: Body,
        extra_headers: &[(&'static str, &str)],
        identity: Option<&SigningIdentity>,
    ) -> Result<Request, AudibleError> {
        let url = Endpoints::join(base, path_and_query);
        let (bytes, content_type) = match body {
            Body::None => (Vec::new(), None),
            Body::Json(bytes) => (bytes, Some("application/json")),
            Body::Form(text) => (text.into_bytes(), Some("application/x-www-form-urlencoded")),
        };
        let mut builder = self
            .http
            .request(method.clone(), url.clone())
            .header("Accept", "application/json")
            .header("Accept-Language", self.marketplace.accept_language());
        for (name, value) in extra_headers {
            builder = builder.header(*name, *value);
        }
        if let Some(content_type) = content_type {
            builder = builder.header("Content-Type", content_type);
        }
        if let Some(identity) = identity {
            let signed_path = &url[Position::BeforePath..];
            let headers = sign(
                &identity.key,
                &identity.adp_token,
                &RequestToSign {
                    method: method.as_str(),
                    path_and_query: signed_path,
                    body: &bytes,
                    at: self.now(),
                },
            );
            for (name, value) in headers.pairs() {
                builder = builder.header(name, value);
            }
        }
        if !bytes.is_empty() {
            builder = builder.body(bytes);
        }
        builder
            .build()
            .map_err(|e| AudibleError::Http(aural_http::HttpError::Client(e.without_url())))
    }

    async fn send(
        &self,
        request: Request,
        retry: &RetryPolicy,
        endpoint: &'static str,
        cancel: &CancellationToken,
    ) -> Result<aural_http::Response, AudibleError> {
        aural_http::send(&self.http, request, retry, cancel)
            .await
            .map_err(|e| AudibleError::from_http(e, endpoint))
    }
}
