//! Brings covers known only by URL into the cache: a leader-only loop that takes a small batch of
//! books at a time, fetches a few at once, and rests when none are left. A link that fails is
//! tried again a day later, so a dead link costs one request a day, not a loop.

use std::time::Duration;

use aural_core::{BookId, Timestamp};
use aural_db::PendingCover;
use aural_http::{Method, RetryPolicy, Url};
use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use super::cache::{CoverCache, CoverError, MAX_COVER_BYTES};
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::supervisor::Loop;

const BATCH: u32 = 32;
const AT_ONCE: usize = 4;
/// How long the loop rests once every cover is cached (or waiting for its retry).
const IDLE: Duration = Duration::from_secs(20);
const RETRY_FAILED_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FetchPass {
    pub cached: usize,
    pub failed: usize,
}

pub fn fetch_loop() -> Loop {
    Loop::leader_only("cover fetch", |ctx, stop| async move {
        loop {
            let pass = fetch_pending(&ctx, &stop).await?;
            if pass.cached + pass.failed == 0 {
                tokio::select! {
                    () = stop.cancelled() => return Ok(()),
                    () = tokio::time::sleep(IDLE) => {}
                }
            } else if stop.is_cancelled() {
                return Ok(());
            }
        }
    })
}

/// Fetches one batch of pending covers. A cover that cannot be fetched is noted and logged (its
/// URL redacted); only a database failure is an error.
pub async fn fetch_pending(
    ctx: &AppContext,
    stop: &CancellationToken,
) -> Result<FetchPass, ServiceError> {
    let retry_before = Timestamp(ctx.clock().now().millis() - RETRY_FAILED_AFTER_MS);
    let pending = ctx.db().covers().pending(BATCH, retry_before).await?;
    let cache = CoverCache::new(ctx.data_dir());
    let outcomes: Vec<(PendingCover, Result<String, CoverError>)> = futures::stream::iter(pending)
        .map(|p| {
            let cache = cache.clone();
            async move {
                let got = fetch_one(ctx, &cache, &p.url, stop).await;
                (p, got)
            }
        })
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    let mut pass = FetchPass::default();
    for (p, outcome) in outcomes {
        match outcome {
            Ok(key) => {
                ctx.db().covers().set_cached(p.book, &p.url, &key).await?;
                pass.cached += 1;
            }
            Err(e) => {
                if stop.is_cancelled() {
                    break;
                }
                note_failure(ctx, p.book, &e).await?;
                pass.failed += 1;
            }
        }
    }
    Ok(pass)
}

async fn note_failure(
    ctx: &AppContext,
    book: BookId,
    error: &CoverError,
) -> Result<(), ServiceError> {
    tracing::warn!(book = book.0, error = %error, "could not fetch a cover; trying again tomorrow");
    ctx.db()
        .covers()
        .set_failed(book, ctx.clock().now())
        .await?;
    Ok(())
}

async fn fetch_one(
    ctx: &AppContext,
    cache: &CoverCache,
    url: &str,
    stop: &CancellationToken,
) -> Result<String, CoverError> {
    let url = Url::parse(url).map_err(|_| CoverError::Scheme {
        scheme: "an unreadable link".into(),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(CoverError::Scheme {
            scheme: url.scheme().to_owned(),
        });
    }
    let request = ctx
        .http()
        .request(Method::GET, url.clone())
        .build()
        .map_err(aural_http::HttpError::Client)?;
    let policy = RetryPolicy {
        max_tries: 2,
        ..RetryPolicy::default()
    };
    let mut response = aural_http::send(ctx.http(), request, &policy, stop).await?;
    if response
        .content_length()
        .is_some_and(|n| n > MAX_COVER_BYTES as u64)
    {
        return Err(CoverError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| aural_http::HttpError::from_reqwest(&url, e))?
    {
        if body.len() + chunk.len() > MAX_COVER_BYTES {
            return Err(CoverError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    let cache = cache.clone();
    tokio::task::spawn_blocking(move || cache.store(&body))
        .await
        .map_err(|e| CoverError::Write {
            path: ctx.data_dir().join("covers"),
            source: std::io::Error::other(e),
        })?
}
