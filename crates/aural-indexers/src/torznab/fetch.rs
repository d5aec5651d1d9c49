//! Fetching what a release's link points at, for the download client (SPEC §6.3): a `.torrent`
//! or `.nzb` file, or the magnet URI the link redirects to (Jackett and Prowlarr do that for
//! magnet-only trackers).

use std::time::Duration;

use aural_core::Sensitive;
use aural_http::{Client, HttpError, RedactedUrl, RetryPolicy};
use reqwest::header::LOCATION;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::error::IndexerError;

/// Larger than any real `.torrent` or `.nzb`; a bigger answer is not one.
const MAX_BYTES: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    Magnet(String),
    Torrent(Vec<u8>),
    Nzb(Vec<u8>),
}

/// GETs `link` (it may carry the API key or a passkey, so every error shows it redacted) and
/// says what came back.
pub async fn fetch_release(
    client: &Client,
    link: &Sensitive<String>,
    timeout: Duration,
    cancel: &CancellationToken,
) -> Result<Fetched, IndexerError> {
    let url = Url::parse(link.expose())
        .map_err(|_| IndexerError::InvalidUrl(aural_http::redact::text(link.expose())))?;
    let shown = RedactedUrl::new(&url);
    let request = client
        .get(url.clone())
        .timeout(timeout)
        .build()
        .map_err(|e| HttpError::Client(e.without_url()))?;
    let exchange = async {
        let response = aural_http::send(client, request, &RetryPolicy::default(), cancel).await?;
        if response.status().is_redirection() {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            return Ok(Err(location));
        }
        read_capped(response).await.map(Ok)
    };
    let answer = match tokio::time::timeout(timeout, exchange).await {
        Ok(answer) => answer?,
        Err(_) => return Err(HttpError::Timeout { url: shown }.into()),
    };
    let bytes = match answer {
        Err(location) if location.starts_with("magnet:") => return Ok(Fetched::Magnet(location)),
        Err(_) => {
            return Err(IndexerError::NotARelease {
                url: shown,
                found: "a redirect that leads nowhere a download client can go".to_owned(),
            });
        }
        Ok(bytes) => bytes,
    };
    recognise(&bytes).ok_or_else(|| IndexerError::NotARelease {
        url: shown,
        found: describe(&bytes),
    })
}

/// The body, read no further than [`MAX_BYTES`] and one chunk: an endless or huge answer is
/// cut off and then refused as too large, never held in memory whole.
async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, HttpError> {
    let url = response.url().clone();
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| HttpError::from_reqwest(&url, e))?
    {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BYTES {
            break;
        }
    }
    Ok(body)
}

/// A `.torrent` is a bencoded dictionary with an `info` dictionary; an `.nzb` is XML whose root
/// is `<nzb>`.
fn recognise(bytes: &[u8]) -> Option<Fetched> {
    if bytes.len() > MAX_BYTES {
        return None;
    }
    if bytes.first() == Some(&b'd') && bytes.windows(6).any(|w| w == b"4:info") {
        return Some(Fetched::Torrent(bytes.to_vec()));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    head.contains("<nzb").then(|| Fetched::Nzb(bytes.to_vec()))
}

fn describe(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "an empty answer".to_owned();
    }
    if bytes.len() > MAX_BYTES {
        return format!(
            "more than {} MB, too large for a .torrent or .nzb",
            MAX_BYTES / 1_048_576
        );
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    if head.contains("<html") || head.contains("<!doctype html") {
        "an HTML page (the link may have expired, or the key was refused)".to_owned()
    } else {
        "something that is neither a torrent nor an NZB".to_owned()
    }
}
