//! The JSON of `torrents/info` and `torrents/files`, and qBittorrent's states in the pipeline's
//! terms (SPEC §6.4).

use std::time::Duration;

use serde::Deserialize;

use crate::client::{ItemFile, ItemId, ItemState, ItemStatus};
use crate::info_hash::InfoHash;

/// qBittorrent's "infinite" ETA (100 days).
const ETA_UNKNOWN: i64 = 8_640_000;

#[derive(Debug, Deserialize)]
pub(crate) struct Torrent {
    hash: InfoHash,
    name: String,
    state: String,
    progress: f64,
    #[serde(default)]
    dlspeed: i64,
    #[serde(default)]
    upspeed: i64,
    #[serde(default)]
    eta: i64,
    #[serde(default)]
    size: i64,
    #[serde(default)]
    save_path: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    ratio: f64,
    #[serde(default)]
    seeding_time: i64,
}

impl Torrent {
    pub(crate) fn hash(&self) -> &InfoHash {
        &self.hash
    }

    pub(crate) fn into_status(self) -> ItemStatus {
        let state = state(&self.state);
        ItemStatus {
            error: (state == ItemState::Error).then(|| format!("qBittorrent state {}", self.state)),
            state,
            progress: self.progress.clamp(0.0, 1.0),
            download_speed: non_negative(self.dlspeed),
            upload_speed: non_negative(self.upspeed),
            eta: (0..ETA_UNKNOWN)
                .contains(&self.eta)
                .then(|| Duration::from_secs(non_negative(self.eta))),
            size: non_negative(self.size),
            save_path: self.save_path,
            category: Some(self.category).filter(|c| !c.is_empty()),
            tags: self
                .tags
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            ratio: self.ratio.max(0.0),
            seeding_time: (self.seeding_time > 0)
                .then(|| Duration::from_secs(non_negative(self.seeding_time))),
            id: ItemId::Torrent(self.hash),
            name: self.name,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct File {
    name: String,
    #[serde(default)]
    size: i64,
    #[serde(default)]
    progress: f64,
}

impl From<File> for ItemFile {
    fn from(f: File) -> ItemFile {
        ItemFile {
            path: f.name,
            size: non_negative(f.size),
            progress: f.progress.clamp(0.0, 1.0),
        }
    }
}

fn non_negative(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// qBittorrent 4.x and 5.x state names (5.x says `stopped` where 4.x says `paused`).
pub(crate) fn state(name: &str) -> ItemState {
    match name {
        "metaDL" | "forcedMetaDL" => ItemState::FetchingMetadata,
        "queuedDL" => ItemState::Queued,
        "checkingDL" | "checkingUP" | "checkingResumeData" | "allocating" => ItemState::Checking,
        "downloading" | "forcedDL" => ItemState::Downloading,
        "stalledDL" => ItemState::Stalled,
        "pausedDL" | "stoppedDL" => ItemState::Paused,
        "uploading" | "stalledUP" | "forcedUP" | "queuedUP" => ItemState::Seeding,
        "pausedUP" | "stoppedUP" => ItemState::Finished,
        "moving" => ItemState::Moving,
        "missingFiles" | "error" => ItemState::Error,
        _ => ItemState::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_of_4x_and_5x_fold_into_pipeline_states() {
        for (name, want) in [
            ("metaDL", ItemState::FetchingMetadata),
            ("checkingResumeData", ItemState::Checking),
            ("stalledDL", ItemState::Stalled),
            ("downloading", ItemState::Downloading),
            ("pausedDL", ItemState::Paused),
            ("stoppedDL", ItemState::Paused),
            ("stalledUP", ItemState::Seeding),
            ("pausedUP", ItemState::Finished),
            ("stoppedUP", ItemState::Finished),
            ("missingFiles", ItemState::Error),
            ("moving", ItemState::Moving),
            ("somethingNew", ItemState::Unknown),
        ] {
            assert_eq!(state(name), want, "state {name}");
        }
    }

    #[test]
    fn an_unknown_eta_and_negative_sizes_are_absent_not_huge() {
        let json = r#"{"hash": "0123456789ABCDEF0123456789abcdef01234567", "name": "Book",
            "state": "metaDL", "progress": 0, "eta": 8640000, "size": -1, "dlspeed": 0,
            "tags": "auralarchive, book-7", "category": "", "save_path": "/downloads"}"#;
        let status = serde_json::from_str::<Torrent>(json)
            .expect("parses")
            .into_status();
        assert_eq!(status.eta, None);
        assert_eq!(status.size, 0);
        assert_eq!(status.category, None);
        assert_eq!(status.tags, ["auralarchive", "book-7"]);
        assert_eq!(
            status.id.to_string(),
            "0123456789abcdef0123456789abcdef01234567"
        );
    }
}
