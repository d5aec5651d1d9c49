//! What `core.get_torrents_status` answers, folded into [`ItemStatus`] and [`ItemFile`].

use std::time::Duration;

use serde::Deserialize;

use crate::client::{ItemFile, ItemId, ItemState, ItemStatus};
use crate::info_hash::InfoHash;

/// The keys asked for; Deluge answers only these.
pub(super) const FIELDS: [&str; 17] = [
    "hash",
    "name",
    "state",
    "progress",
    "download_payload_rate",
    "upload_payload_rate",
    "eta",
    "save_path",
    "total_wanted",
    "ratio",
    "seeding_time",
    "is_finished",
    "num_seeds",
    "message",
    "label",
    "files",
    "file_progress",
];

#[derive(Debug, Deserialize)]
pub(super) struct Torrent {
    hash: InfoHash,
    #[serde(default)]
    name: String,
    #[serde(default)]
    state: String,
    /// 0 to 100.
    #[serde(default)]
    progress: f64,
    #[serde(default)]
    download_payload_rate: f64,
    #[serde(default)]
    upload_payload_rate: f64,
    /// Seconds; 0 when Deluge cannot tell.
    #[serde(default)]
    eta: f64,
    #[serde(default)]
    save_path: String,
    #[serde(default)]
    total_wanted: f64,
    /// -1 before anything was downloaded.
    #[serde(default)]
    ratio: f64,
    #[serde(default)]
    seeding_time: f64,
    #[serde(default)]
    is_finished: bool,
    #[serde(default)]
    num_seeds: i64,
    #[serde(default)]
    message: String,
    /// Only while the Label plugin is on; empty for no label.
    label: Option<String>,
    #[serde(default)]
    files: Vec<File>,
    #[serde(default)]
    file_progress: Vec<f64>,
}

#[derive(Debug, Deserialize)]
struct File {
    path: String,
    #[serde(default)]
    size: f64,
}

impl Torrent {
    pub(super) fn hash(&self) -> &InfoHash {
        &self.hash
    }

    pub(super) fn label(&self) -> Option<&str> {
        self.label.as_deref().filter(|l| !l.is_empty())
    }

    pub(super) fn save_path(&self) -> &str {
        &self.save_path
    }

    fn state(&self) -> ItemState {
        match self.state.as_str() {
            // A magnet's metadata has not arrived while Deluge knows no file of it.
            "Downloading" if self.files.is_empty() => ItemState::FetchingMetadata,
            "Downloading" if self.num_seeds == 0 && self.download_payload_rate <= 0.0 => {
                ItemState::Stalled
            }
            "Downloading" => ItemState::Downloading,
            "Seeding" => ItemState::Seeding,
            "Paused" if self.is_finished => ItemState::Finished,
            "Paused" => ItemState::Paused,
            "Checking" | "Allocating" => ItemState::Checking,
            "Queued" => ItemState::Queued,
            "Moving" => ItemState::Moving,
            "Error" => ItemState::Error,
            _ => ItemState::Unknown,
        }
    }

    /// `category` is the label, or the category this torrent was found under by its folder.
    pub(super) fn into_status(self, category: Option<String>) -> ItemStatus {
        let state = self.state();
        ItemStatus {
            name: self.name,
            progress: (self.progress / 100.0).clamp(0.0, 1.0),
            download_speed: whole(self.download_payload_rate),
            upload_speed: whole(self.upload_payload_rate),
            eta: (self.eta > 0.0 && state != ItemState::Seeding)
                .then(|| Duration::from_secs(whole(self.eta))),
            size: whole(self.total_wanted),
            save_path: self.save_path,
            category: category.or(self.label.filter(|l| !l.is_empty())),
            tags: vec![],
            ratio: self.ratio.max(0.0),
            seeding_time: (self.seeding_time > 0.0)
                .then(|| Duration::from_secs(whole(self.seeding_time))),
            error: (state == ItemState::Error).then_some(self.message),
            state,
            id: ItemId::Torrent(self.hash),
        }
    }

    pub(super) fn files(&self) -> Vec<ItemFile> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| ItemFile {
                path: f.path.replace('\\', "/"),
                size: whole(f.size),
                progress: self
                    .file_progress
                    .get(i)
                    .copied()
                    .unwrap_or_default()
                    .clamp(0.0, 1.0),
            })
            .collect()
    }
}

/// A non-negative count from Deluge's floats; negative and NaN become 0.
fn whole(value: f64) -> u64 {
    if value.is_finite() && value > 0.0 {
        value as u64
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_from_deluge_2_0_3_reads() {
        let json = r#"{"hash": "0123456789abcdef0123456789abcdef01234567", "name": "Book",
            "state": "Paused", "progress": 42.5, "eta": 0, "ratio": -1.0, "total_wanted": 1000,
            "is_finished": false, "message": "OK", "save_path": "/downloads", "label": "",
            "files": [{"index": 0, "path": "Book/01.mp3", "size": 1000, "offset": 0}],
            "file_progress": [0.425]}"#;
        let torrent: Torrent = serde_json::from_str(json).expect("parses");
        let files = torrent.files();
        let status = torrent.into_status(None);
        assert_eq!(status.state, ItemState::Paused);
        assert_eq!(status.progress, 0.425);
        assert_eq!(status.eta, None);
        assert_eq!(status.ratio, 0.0);
        assert_eq!(status.category, None);
        assert_eq!(files[0].path, "Book/01.mp3");
        assert_eq!(files[0].progress, 0.425);
    }

    #[test]
    fn an_error_carries_the_message_and_a_finished_pause_is_finished() {
        let error = r#"{"hash": "0123456789abcdef0123456789abcdef01234567", "state": "Error",
            "message": "No space left on device", "files": []}"#;
        let status = serde_json::from_str::<Torrent>(error)
            .expect("parses")
            .into_status(None);
        assert_eq!(status.state, ItemState::Error);
        assert_eq!(status.error.as_deref(), Some("No space left on device"));
        let done = r#"{"hash": "0123456789abcdef0123456789abcdef01234567", "state": "Paused",
            "is_finished": true, "progress": 100.0, "label": "audiobooks"}"#;
        let status = serde_json::from_str::<Torrent>(done)
            .expect("parses")
            .into_status(None);
        assert_eq!(status.state, ItemState::Finished);
        assert_eq!(status.category.as_deref(), Some("audiobooks"));
    }
}
