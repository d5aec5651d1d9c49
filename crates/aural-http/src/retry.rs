//! The one retry rule for idempotent requests: a few tries with exponential backoff and jitter,
//! the server's `Retry-After` honoured on 429 and 503, and no retry of a 4xx other than 408 and 429
//! (the same request would fail the same way).

use std::time::{Duration, SystemTime};

use backon::{ExponentialBuilder, Retryable};
use reqwest::header::RETRY_AFTER;
use reqwest::{Client, Request, Response, StatusCode};
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::HttpError;
use crate::redact::RedactedUrl;
use crate::retry_after::parse_retry_after;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included; 1 never retries.
    pub max_tries: usize,
    /// The first backoff; each further one doubles, plus up to as much again of jitter.
    pub min_delay: Duration,
    pub max_delay: Duration,
    /// A server that asks for a longer wait gets [`HttpError::RateLimited`] at once: a job should
    /// not sit silently for an hour, it should say when to try again.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_tries: 4,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

/// One failed try and whether another may succeed.
struct Failure {
    error: HttpError,
    retry: Retry,
}

enum Retry {
    Never,
    /// After our own backoff, or after the server's `Retry-After` when it sent one.
    After(Option<Duration>),
}

/// Sends an idempotent request (GET, HEAD, PUT, DELETE, or a POST the protocol says may repeat)
/// until it succeeds, fails for good, runs out of tries or `cancel` fires. An answer below 400 is
/// returned as is; 400 and above is an error naming the redacted URL.
pub async fn send(
    client: &Client,
    request: Request,
    policy: &RetryPolicy,
    cancel: &CancellationToken,
) -> Result<Response, HttpError> {
    let url = request.url().clone();
    let shown = RedactedUrl::new(&url);
    // A streamed body cannot be sent twice: such a request gets exactly one try.
    let template = request.try_clone();
    let tries = if template.is_some() {
        policy.max_tries.max(1)
    } else {
        1
    };
    let mut streamed = Some(request);
    let attempt = || {
        let next = match &template {
            Some(template) => template.try_clone(),
            None => streamed.take(),
        };
        let url = &url;
        async move {
            let request = next.expect("a request that cannot be cloned gets only one try");
            match client.execute(request).await {
                Ok(response) => classify(response, url),
                Err(e) => {
                    let error = HttpError::from_reqwest(url, e);
                    let retry = if error.is_transient() {
                        Retry::After(None)
                    } else {
                        Retry::Never
                    };
                    Err(Failure { error, retry })
                }
            }
        }
    };
    let backoff = ExponentialBuilder::default()
        .with_min_delay(policy.min_delay)
        .with_max_delay(policy.max_delay)
        .with_max_times(tries - 1)
        .with_jitter();
    let retrying = attempt
        .retry(backoff)
        .when(|f: &Failure| matches!(f.retry, Retry::After(_)))
        .adjust(|f: &Failure, ours: Option<Duration>| {
            let ours = ours?;
            match f.retry {
                Retry::After(Some(asked)) if asked > policy.max_retry_after => None,
                Retry::After(Some(asked)) => Some(asked),
                _ => Some(ours),
            }
        })
        .notify(|f: &Failure, wait: Duration| {
            tracing::warn!(url = %shown, error = %f.error, wait_ms = wait.as_millis() as u64, "retrying");
        });
    tokio::select! {
        _ = cancel.cancelled() => Err(HttpError::Cancelled),
        result = retrying => result.map_err(|f| f.error),
    }
}

fn classify(response: Response, url: &Url) -> Result<Response, Failure> {
    let status = response.status();
    if status.as_u16() < 400 {
        return Ok(response);
    }
    let url = RedactedUrl::new(url);
    let asked = || {
        response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()))
    };
    let failure = match status {
        StatusCode::TOO_MANY_REQUESTS => Failure {
            retry: Retry::After(asked()),
            error: HttpError::RateLimited {
                url,
                retry_after: asked(),
            },
        },
        StatusCode::SERVICE_UNAVAILABLE => Failure {
            retry: Retry::After(asked()),
            error: HttpError::Status {
                url,
                status: status.as_u16(),
            },
        },
        StatusCode::REQUEST_TIMEOUT
        | StatusCode::INTERNAL_SERVER_ERROR
        | StatusCode::BAD_GATEWAY
        | StatusCode::GATEWAY_TIMEOUT => Failure {
            retry: Retry::After(None),
            error: HttpError::Status {
                url,
                status: status.as_u16(),
            },
        },
        _ => Failure {
            retry: Retry::Never,
            error: HttpError::Status {
                url,
                status: status.as_u16(),
            },
        },
    };
    Err(failure)
}
