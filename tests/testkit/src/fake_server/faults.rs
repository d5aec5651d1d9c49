//! What a fake server can do instead of answering normally.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Fault {
    /// Answers normally after this delay.
    Latency(Duration),
    /// Answers this status with an empty body.
    Status(StatusCode),
    /// Answers this status (429 or 503) with `Retry-After: <value>` (seconds or an HTTP date).
    RetryAfter { status: StatusCode, value: String },
    /// Never answers; the connection stays open until the client gives up.
    Hang,
    /// Answers normally but declares this many more bytes in `Content-Length` than it sends, then
    /// closes the connection.
    Truncated { missing: u64 },
    /// Answers normally with this `Content-Type` instead of the route's.
    ContentType(&'static str),
}

impl Fault {
    pub(super) async fn answer(self, request: Request, next: Next) -> Response {
        match self {
            Fault::Latency(delay) => {
                tokio::time::sleep(delay).await;
                next.run(request).await
            }
            Fault::Status(status) => empty(status),
            Fault::RetryAfter { status, value } => {
                let mut response = empty(status);
                response.headers_mut().insert(
                    RETRY_AFTER,
                    HeaderValue::from_str(&value).expect("tests give a valid Retry-After value"),
                );
                response
            }
            Fault::Hang => std::future::pending().await,
            Fault::Truncated { missing } => {
                let (mut parts, body) = next.run(request).await.into_parts();
                let body = axum::body::to_bytes(body, usize::MAX)
                    .await
                    .expect("the route's body can be read");
                let declared = body.len() as u64 + missing;
                parts
                    .headers
                    .insert(CONTENT_LENGTH, HeaderValue::from(declared));
                // A body that is not ready at once: hyper cannot see its length before sending
                // the head, so it trusts the declared one instead of asserting that they match,
                // and it flushes what it has before it finds the body short and closes.
                let short = futures::stream::once(async move {
                    tokio::task::yield_now().await;
                    Ok::<_, Infallible>(body)
                });
                Response::from_parts(parts, Body::from_stream(short))
            }
            Fault::ContentType(content_type) => {
                let mut response = next.run(request).await;
                response
                    .headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
                response
            }
        }
    }
}

fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}
