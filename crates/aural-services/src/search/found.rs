//! The releases a search found, kept for a while by the process that searched, so a grab can
//! reach a release's link by the release's key. The link may carry the indexer's API key or a
//! passkey, so it is never stored, logged or sent to the window.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aural_core::{ProviderId, Sensitive};
use aural_indexers::{DownloadRef, Fetched, fetch_release};
use sha2::{Digest, Sha256};
use tokio_util::sync::CancellationToken;

use crate::context::AppContext;
use crate::error::ServiceError;

/// How long a found release can be grabbed after its search.
const KEEP_FOR: Duration = Duration::from_secs(2 * 60 * 60);
/// At most this many are kept; the oldest go first.
const KEEP_AT_MOST: usize = 20_000;
/// Fetching a release's `.torrent` or `.nzb`.
const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// What a grab needs of a found release.
#[derive(Debug, Clone)]
pub struct KeptRelease {
    pub indexer: ProviderId,
    pub title: String,
    pub size: Option<u64>,
    pub info_hash: Option<String>,
    pub usenet: bool,
    pub link: DownloadRef,
}

/// What a download client is given: a magnet link, or the bytes of a `.torrent` or `.nzb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseSource {
    Magnet(String),
    Torrent(Vec<u8>),
    Nzb(Vec<u8>),
}

#[derive(Debug, Default)]
pub struct FoundReleases {
    kept: Mutex<VecDeque<(String, Instant, KeptRelease)>>,
}

impl FoundReleases {
    pub(crate) fn keep(&self, key: String, release: KeptRelease) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        let now = Instant::now();
        // Kept in the order they came, so the expired ones are at the front; an older copy of the
        // same key ages out there too (`get` finds the newest).
        while kept
            .front()
            .is_some_and(|(_, at, _)| now.duration_since(*at) >= KEEP_FOR)
        {
            kept.pop_front();
        }
        while kept.len() >= KEEP_AT_MOST {
            kept.pop_front();
        }
        kept.push_back((key, now, release));
    }

    pub fn get(&self, key: &str) -> Option<KeptRelease> {
        let kept = self.kept.lock().ok()?;
        kept.iter()
            .rev()
            .find(|(k, at, _)| k == key && at.elapsed() < KEEP_FOR)
            .map(|(_, _, r)| r.clone())
    }
}

/// A found release's key: the same release from the same indexer always has the same key, and
/// nothing of its link can be read from it.
pub(crate) fn release_key(indexer: ProviderId, identity: &str) -> String {
    let digest = Sha256::digest(format!("{}\n{identity}", indexer.0).as_bytes());
    hex::encode(&digest[..12])
}

/// The release `key` as its download client takes it: a magnet link as it is, a link fetched.
pub async fn source_of(
    ctx: &AppContext,
    key: &str,
    cancel: &CancellationToken,
) -> Result<(KeptRelease, ReleaseSource), ServiceError> {
    let release = ctx
        .found_releases()
        .get(key)
        .ok_or_else(|| ServiceError::ReleaseGone(key.to_owned()))?;
    let source = match &release.link {
        DownloadRef::Magnet(magnet) => ReleaseSource::Magnet(magnet.clone()),
        DownloadRef::Url(link) => fetch(ctx, link, cancel).await?,
    };
    Ok((release, source))
}

async fn fetch(
    ctx: &AppContext,
    link: &Sensitive<String>,
    cancel: &CancellationToken,
) -> Result<ReleaseSource, ServiceError> {
    Ok(
        match fetch_release(ctx.http(), link, FETCH_TIMEOUT, cancel)
            .await
            .map_err(ServiceError::ReleaseFetch)?
        {
            Fetched::Magnet(magnet) => ReleaseSource::Magnet(magnet),
            Fetched::Torrent(bytes) => ReleaseSource::Torrent(bytes),
            Fetched::Nzb(bytes) => ReleaseSource::Nzb(bytes),
        },
    )
}
