//! `torrent-get` fields and Transmission's status numbers in the pipeline's terms (SPEC §6.5).

use std::time::Duration;

use serde::Deserialize;

use crate::client::{ItemFile, ItemId, ItemState, ItemStatus};
use crate::info_hash::InfoHash;

/// The fields asked for; names Transmission does not know are ignored by it.
pub(super) const FIELDS: [&str; 19] = [
    "hashString",
    "name",
    "status",
    "percentDone",
    "metadataPercentComplete",
    "rateDownload",
    "rateUpload",
    "eta",
    "downloadDir",
    "sizeWhenDone",
    "error",
    "errorString",
    "uploadRatio",
    "secondsSeeding",
    "peersSendingToUs",
    "labels",
    "files",
    "isFinished",
    "id",
];

/// `error` 3: a local error (disk, missing data); 1 and 2 are tracker warnings and errors,
/// which leave the torrent working.
const LOCAL_ERROR: i64 = 3;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Torrent {
    hash_string: InfoHash,
    name: String,
    status: i64,
    percent_done: f64,
    #[serde(default = "one")]
    metadata_percent_complete: f64,
    #[serde(default)]
    rate_download: i64,
    #[serde(default)]
    rate_upload: i64,
    #[serde(default)]
    eta: i64,
    #[serde(default)]
    download_dir: String,
    #[serde(default)]
    size_when_done: i64,
    #[serde(default)]
    error: i64,
    #[serde(default)]
    error_string: String,
    #[serde(default)]
    upload_ratio: f64,
    #[serde(default)]
    seconds_seeding: i64,
    #[serde(default)]
    peers_sending_to_us: i64,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    files: Vec<File>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct File {
    name: String,
    #[serde(default)]
    length: i64,
    #[serde(default)]
    bytes_completed: i64,
}

fn one() -> f64 {
    1.0
}

fn non_negative(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Torrent {
    pub(super) fn hash(&self) -> &InfoHash {
        &self.hash_string
    }

    pub(super) fn download_dir(&self) -> &str {
        &self.download_dir
    }

    pub(super) fn labels(&self) -> &[String] {
        &self.labels
    }

    fn state(&self) -> ItemState {
        if self.error == LOCAL_ERROR {
            return ItemState::Error;
        }
        match self.status {
            0 if self.percent_done >= 1.0 => ItemState::Finished,
            0 => ItemState::Paused,
            1 | 2 => ItemState::Checking,
            3 => ItemState::Queued,
            4 if self.metadata_percent_complete < 1.0 => ItemState::FetchingMetadata,
            4 if self.peers_sending_to_us == 0 && self.rate_download == 0 => ItemState::Stalled,
            4 => ItemState::Downloading,
            5 | 6 => ItemState::Seeding,
            _ => ItemState::Unknown,
        }
    }

    pub(super) fn files(&self) -> Vec<ItemFile> {
        self.files
            .iter()
            .map(|f| ItemFile {
                path: f.name.clone(),
                size: non_negative(f.length),
                progress: if f.length > 0 {
                    (f.bytes_completed as f64 / f.length as f64).clamp(0.0, 1.0)
                } else {
                    1.0
                },
            })
            .collect()
    }

    /// `category` is what the caller knows it by: a label, or the sub-folder on Transmission 3.
    pub(super) fn into_status(self, category: Option<String>) -> ItemStatus {
        let state = self.state();
        ItemStatus {
            error: (self.error != 0 && !self.error_string.is_empty())
                .then(|| self.error_string.clone()),
            state,
            progress: self.percent_done.clamp(0.0, 1.0),
            download_speed: non_negative(self.rate_download),
            upload_speed: non_negative(self.rate_upload),
            // -1: not available, -2: unknown.
            eta: (self.eta >= 0).then(|| Duration::from_secs(non_negative(self.eta))),
            size: non_negative(self.size_when_done),
            save_path: self.download_dir,
            category,
            tags: self.labels,
            ratio: self.upload_ratio.max(0.0),
            seeding_time: (self.seconds_seeding > 0)
                .then(|| Duration::from_secs(non_negative(self.seconds_seeding))),
            id: ItemId::Torrent(self.hash_string),
            name: self.name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn torrent(status: i64, extra: serde_json::Value) -> Torrent {
        let mut json = serde_json::json!({
            "hashString": "0123456789abcdef0123456789abcdef01234567",
            "name": "Book", "status": status, "percentDone": 0.5, "peersSendingToUs": 1,
        });
        json.as_object_mut()
            .expect("an object")
            .extend(extra.as_object().expect("an object").clone());
        serde_json::from_value(json).expect("parses")
    }

    #[test]
    fn status_numbers_fold_into_pipeline_states() {
        use serde_json::json;
        for (status, extra, want) in [
            (0, json!({}), ItemState::Paused),
            (0, json!({"percentDone": 1.0}), ItemState::Finished),
            (2, json!({}), ItemState::Checking),
            (3, json!({}), ItemState::Queued),
            (4, json!({"rateDownload": 1000}), ItemState::Downloading),
            (4, json!({"peersSendingToUs": 0}), ItemState::Stalled),
            (
                4,
                json!({"metadataPercentComplete": 0.0}),
                ItemState::FetchingMetadata,
            ),
            (6, json!({"percentDone": 1.0}), ItemState::Seeding),
            (
                4,
                json!({"error": 2, "errorString": "tracker down", "rateDownload": 5}),
                ItemState::Downloading,
            ),
            (
                4,
                json!({"error": 3, "errorString": "No data found!"}),
                ItemState::Error,
            ),
            (9, json!({}), ItemState::Unknown),
        ] {
            let t = torrent(status, extra.clone());
            assert_eq!(
                t.into_status(None).state,
                want,
                "status {status} with {extra}"
            );
        }
    }

    #[test]
    fn unknown_eta_is_absent_and_tracker_errors_are_kept_as_text() {
        let status = torrent(
            4,
            serde_json::json!({"eta": -2, "error": 2, "errorString": "tracker down"}),
        )
        .into_status(None);
        assert_eq!(status.eta, None);
        assert_eq!(status.error.as_deref(), Some("tracker down"));
    }
}
