//! A download as it is kept (SPEC §2.5): what was grabbed, where it is, how far it got, and the
//! history of its states.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{DownloadState, Health};
use crate::clock::Timestamp;
use crate::ids::{BookId, DownloadId, ProviderId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DownloadKind {
    Torrent,
    Nzb,
    Audible,
}

impl DownloadKind {
    pub const ALL: [DownloadKind; 3] = [
        DownloadKind::Torrent,
        DownloadKind::Nzb,
        DownloadKind::Audible,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DownloadKind::Torrent => "torrent",
            DownloadKind::Nzb => "nzb",
            DownloadKind::Audible => "audible",
        }
    }
}

impl fmt::Display for DownloadKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DownloadKind {
    type Err = UnknownDownloadKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DownloadKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownDownloadKind(s.to_owned()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a download kind")]
pub struct UnknownDownloadKind(pub String);

/// The release a download came from, as far as it is known; every field is free of secrets (an
/// indexer's API key is added again only when a link is fetched).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseInfo {
    /// The release title, shown as the download's name.
    pub title: String,
    pub indexer: Option<ProviderId>,
    pub guid: Option<String>,
    /// Lower-case hex, for torrents.
    pub info_hash: Option<String>,
    pub source_url: Option<String>,
}

/// How far the client got, as last written; live values travel as events between writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transfer {
    /// 0.0 to 1.0.
    pub progress: f64,
    pub speed_bps: u64,
    pub eta_s: Option<u64>,
    /// Bytes wanted, once the client knows.
    pub size: Option<u64>,
    pub ratio: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Download {
    pub id: DownloadId,
    pub book: Option<BookId>,
    pub kind: DownloadKind,
    pub state: DownloadState,
    pub health: Health,
    /// The download client it was handed to.
    pub client: Option<ProviderId>,
    /// How that client names it: the info hash of a torrent, the job id of an NZB.
    pub client_ref: Option<String>,
    pub release: ReleaseInfo,
    pub transfer: Transfer,
    /// The folder as the client sees it.
    pub remote_path: Option<String>,
    /// The files as this machine sees them, through the client's path mapping.
    pub local_path: Option<String>,
    /// Why it failed, when it did.
    pub error: Option<String>,
    pub attempt: u32,
    pub next_attempt_at: Option<Timestamp>,
    pub priority: i32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// When it reached a terminal state.
    pub finished_at: Option<Timestamp>,
}

/// A download to record. A grab from the release list starts in `found`, automation in `queued`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDownload {
    pub book: Option<BookId>,
    pub kind: DownloadKind,
    pub state: DownloadState,
    pub client: Option<ProviderId>,
    pub client_ref: Option<String>,
    pub release: ReleaseInfo,
    pub priority: i32,
    /// Why it exists, for the first history row ("grabbed from the release list").
    pub reason: String,
}

/// One move of a download's state; the first row of a download has no `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DownloadHistoryEntry {
    pub at: Timestamp,
    pub from: Option<DownloadState>,
    pub to: DownloadState,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_text() {
        for kind in DownloadKind::ALL {
            assert_eq!(kind.as_str().parse::<DownloadKind>(), Ok(kind));
        }
        assert!("magnet".parse::<DownloadKind>().is_err());
    }
}
