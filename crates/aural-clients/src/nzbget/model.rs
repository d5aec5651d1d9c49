//! What `listgroups`, `history` and `listfiles` answer, folded into [`ItemStatus`] and
//! [`ItemFile`]. Sizes come as two 32-bit halves (`…Lo`, `…Hi`).

use std::time::Duration;

use serde::Deserialize;

use crate::client::{ItemFile, ItemId, ItemState, ItemStatus};

/// A job in the download queue.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Group {
    #[serde(rename = "NZBID")]
    pub(super) nzb_id: u64,
    #[serde(rename = "NZBName", default)]
    name: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    file_size_lo: u64,
    #[serde(default)]
    file_size_hi: u64,
    #[serde(default)]
    remaining_size_lo: u64,
    #[serde(default)]
    remaining_size_hi: u64,
    #[serde(default)]
    pub(super) category: String,
    #[serde(default)]
    dest_dir: String,
    #[serde(default)]
    final_dir: String,
}

/// A finished, failed or deleted job.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct History {
    #[serde(rename = "NZBID")]
    pub(super) nzb_id: u64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    file_size_lo: u64,
    #[serde(default)]
    file_size_hi: u64,
    #[serde(default)]
    pub(super) category: String,
    #[serde(default)]
    dest_dir: String,
    #[serde(default)]
    final_dir: String,
    /// Hidden entries (`DUP`) are what `HistoryDelete` leaves behind.
    #[serde(default)]
    kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct File {
    #[serde(rename = "NZBID")]
    pub(super) nzb_id: u64,
    #[serde(default)]
    filename: String,
    #[serde(rename = "NZBName", default)]
    nzb_name: String,
    #[serde(default)]
    file_size_lo: u64,
    #[serde(default)]
    file_size_hi: u64,
    #[serde(default)]
    remaining_size_lo: u64,
    #[serde(default)]
    remaining_size_hi: u64,
}

fn size(lo: u64, hi: u64) -> u64 {
    (hi << 32) | (lo & 0xffff_ffff)
}

fn fraction(done: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    }
}

/// `DestDir` until the job is moved to its final folder.
fn folder(dest_dir: String, final_dir: String) -> String {
    if final_dir.is_empty() {
        dest_dir
    } else {
        final_dir
    }
}

fn category(category: String) -> Option<String> {
    Some(category).filter(|c| !c.is_empty())
}

impl Group {
    pub(super) fn is_downloading(&self) -> bool {
        self.status == "DOWNLOADING"
    }

    fn state(&self) -> ItemState {
        match self.status.as_str() {
            "QUEUED" => ItemState::Queued,
            "PAUSED" => ItemState::Paused,
            "DOWNLOADING" => ItemState::Downloading,
            "FETCHING" => ItemState::FetchingMetadata,
            "MOVING" => ItemState::Moving,
            "PP_QUEUED" | "LOADING_PARS" | "VERIFYING_SOURCES" | "REPAIRING"
            | "VERIFYING_REPAIRED" | "RENAMING" | "UNPACKING" | "EXECUTING_SCRIPT"
            | "PP_FINISHED" => ItemState::PostProcessing,
            _ => ItemState::Unknown,
        }
    }

    /// `rate` is NZBGet's whole download rate, given to the job that is downloading.
    pub(super) fn into_status(self, rate: u64) -> ItemStatus {
        let state = self.state();
        let total = size(self.file_size_lo, self.file_size_hi);
        let remaining = size(self.remaining_size_lo, self.remaining_size_hi);
        let rate = if state == ItemState::Downloading {
            rate
        } else {
            0
        };
        ItemStatus {
            id: ItemId::Nzb(self.nzb_id.to_string()),
            name: self.name,
            state,
            progress: fraction(total.saturating_sub(remaining), total),
            download_speed: rate,
            upload_speed: 0,
            eta: (rate > 0).then(|| Duration::from_secs(remaining / rate)),
            size: total,
            save_path: folder(self.dest_dir, self.final_dir),
            category: category(self.category),
            tags: vec![],
            ratio: 0.0,
            seeding_time: None,
            error: None,
        }
    }
}

impl History {
    pub(super) fn is_hidden(&self) -> bool {
        self.kind == "DUP"
    }

    pub(super) fn into_status(self) -> ItemStatus {
        let (kind, _) = self.status.split_once('/').unwrap_or((&self.status, ""));
        let (state, error) = match kind {
            "SUCCESS" => (ItemState::Finished, None),
            "WARNING" if self.status == "WARNING/SCRIPT" => (ItemState::Finished, None),
            "DELETED" => (ItemState::Error, Some("removed in NZBGet".to_owned())),
            _ => (ItemState::Error, Some(self.status.clone())),
        };
        ItemStatus {
            id: ItemId::Nzb(self.nzb_id.to_string()),
            name: self.name,
            progress: if state == ItemState::Finished {
                1.0
            } else {
                0.0
            },
            state,
            download_speed: 0,
            upload_speed: 0,
            eta: None,
            size: size(self.file_size_lo, self.file_size_hi),
            save_path: folder(self.dest_dir, self.final_dir),
            category: category(self.category),
            tags: vec![],
            ratio: 0.0,
            seeding_time: None,
            error,
        }
    }
}

impl From<File> for ItemFile {
    fn from(file: File) -> ItemFile {
        let total = size(file.file_size_lo, file.file_size_hi);
        let remaining = size(file.remaining_size_lo, file.remaining_size_hi);
        ItemFile {
            path: format!("{}/{}", file.nzb_name, file.filename),
            size: total,
            progress: fraction(total.saturating_sub(remaining), total),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_past_4_gib_join_their_halves() {
        assert_eq!(size(5, 1), (1 << 32) + 5);
    }

    #[test]
    fn a_failed_and_a_deleted_job_are_errors_with_a_reason() {
        let failed: History = serde_json::from_str(
            r#"{"NZBID": 3, "Name": "Bad", "Status": "FAILURE/SCAN", "Kind": "NZB"}"#,
        )
        .expect("parses");
        let status = failed.into_status();
        assert_eq!(status.state, ItemState::Error);
        assert_eq!(status.error.as_deref(), Some("FAILURE/SCAN"));
        assert_eq!(status.id, ItemId::Nzb("3".to_owned()));
        let deleted: History =
            serde_json::from_str(r#"{"NZBID": 1, "Status": "DELETED/MANUAL"}"#).expect("parses");
        assert_eq!(
            deleted.into_status().error.as_deref(),
            Some("removed in NZBGet")
        );
    }

    #[test]
    fn a_downloading_job_gets_the_rate_and_an_eta() {
        let group: Group = serde_json::from_str(
            r#"{"NZBID": 7, "NZBName": "Book", "Status": "DOWNLOADING", "FileSizeLo": 4000,
                "RemainingSizeLo": 1000, "DestDir": "/inter/Book.#7", "FinalDir": ""}"#,
        )
        .expect("parses");
        let status = group.into_status(100);
        assert_eq!(status.progress, 0.75);
        assert_eq!(status.eta, Some(Duration::from_secs(10)));
        assert_eq!(status.save_path, "/inter/Book.#7");
    }
}
