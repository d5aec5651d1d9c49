//! What every AuralArchive protocol crate needs to talk HTTP the same way: one client shape
//! (rustls, timeouts, gzip, our user agent), one retry rule for idempotent requests, and one
//! redaction rule so that keys, tokens and cookies never reach a log line or an error message.
//!
//! It is a crate of its own, below aural-services, because protocol crates (aural-audible,
//! aural-indexers, aural-clients, …) must use the same rules without depending on the service layer.

mod client;
mod error;
pub mod redact;
mod response;
mod retry;
mod retry_after;

pub use client::{ClientSettings, build_client};
pub use error::HttpError;
pub use redact::RedactedUrl;
pub use response::{bytes, json};
pub use retry::{RetryPolicy, send};
pub use retry_after::parse_retry_after;

pub use reqwest::{Client, Method, Request, Response, StatusCode};
pub use url::Url;
