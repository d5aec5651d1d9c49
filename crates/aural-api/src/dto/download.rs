use aural_core::{Download, DownloadHistoryEntry, DownloadState, HealthKind};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A download as lists and the book page show it; its link and the client's secrets never
/// leave the backend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DownloadDto {
    pub id: i64,
    pub book_id: Option<i64>,
    /// `torrent`, `nzb` or `audible`.
    pub kind: String,
    pub state: DownloadState,
    pub warnings: Vec<HealthWarningDto>,
    /// The release title.
    pub name: String,
    pub client_id: Option<i64>,
    /// 0.0 to 1.0.
    pub progress: f64,
    pub speed_bps: u64,
    pub eta_s: Option<u64>,
    pub size: Option<u64>,
    pub local_path: Option<String>,
    pub error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HealthWarningDto {
    pub kind: HealthKind,
    pub since: String,
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DownloadMoveDto {
    pub at: String,
    pub from: Option<DownloadState>,
    pub to: DownloadState,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DownloadDetailDto {
    pub download: DownloadDto,
    /// Oldest first.
    pub history: Vec<DownloadMoveDto>,
}

pub type DownloadPage = super::PageOf<DownloadDto>;

impl From<&Download> for DownloadDto {
    fn from(d: &Download) -> Self {
        DownloadDto {
            id: d.id.0,
            book_id: d.book.map(|b| b.0),
            kind: d.kind.as_str().to_owned(),
            state: d.state,
            warnings: d
                .health
                .warnings()
                .iter()
                .map(|w| HealthWarningDto {
                    kind: w.kind,
                    since: w.since.to_rfc3339(),
                    message: w.message.clone(),
                })
                .collect(),
            name: d.release.title.clone(),
            client_id: d.client.map(|c| c.0),
            progress: d.transfer.progress,
            speed_bps: d.transfer.speed_bps,
            eta_s: d.transfer.eta_s,
            size: d.transfer.size,
            local_path: d.local_path.clone(),
            error: d.error.clone(),
            created_at: d.created_at.to_rfc3339(),
            updated_at: d.updated_at.to_rfc3339(),
        }
    }
}

impl From<&DownloadHistoryEntry> for DownloadMoveDto {
    fn from(h: &DownloadHistoryEntry) -> Self {
        DownloadMoveDto {
            at: h.at.to_rfc3339(),
            from: h.from,
            to: h.to,
            reason: h.reason.clone(),
        }
    }
}
