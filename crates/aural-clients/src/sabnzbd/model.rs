//! What `mode=queue`, `mode=history` and `mode=get_files` answer, folded into [`ItemStatus`] and
//! [`ItemFile`]. SABnzbd writes most numbers as strings (`"mb": "120.50"`).

use std::time::Duration;

use serde::{Deserialize, Deserializer};

use crate::client::{ItemFile, ItemId, ItemState, ItemStatus};

const MIB: f64 = 1024.0 * 1024.0;

#[derive(Debug, Deserialize)]
pub(super) struct QueueAnswer {
    pub(super) queue: Queue,
}

#[derive(Debug, Deserialize)]
pub(super) struct Queue {
    /// The whole download rate, in KiB/s.
    #[serde(default, deserialize_with = "number")]
    pub(super) kbpersec: f64,
    #[serde(default)]
    pub(super) slots: Vec<QueueSlot>,
}

#[derive(Debug, Deserialize)]
pub(super) struct QueueSlot {
    pub(super) nzo_id: String,
    #[serde(default)]
    filename: String,
    #[serde(default)]
    status: String,
    #[serde(default, deserialize_with = "number")]
    mb: f64,
    #[serde(default, deserialize_with = "number")]
    mbleft: f64,
    #[serde(default)]
    timeleft: String,
    /// `"None"` or `"*"` for no category.
    #[serde(default)]
    cat: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct HistoryAnswer {
    pub(super) history: History,
}

#[derive(Debug, Deserialize)]
pub(super) struct History {
    #[serde(default)]
    pub(super) slots: Vec<HistorySlot>,
}

#[derive(Debug, Deserialize)]
pub(super) struct HistorySlot {
    pub(super) nzo_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: String,
    /// The final folder of a completed job.
    #[serde(default, deserialize_with = "text")]
    storage: String,
    #[serde(default, deserialize_with = "text")]
    fail_message: String,
    #[serde(default, deserialize_with = "text")]
    category: String,
    #[serde(default, deserialize_with = "number")]
    bytes: f64,
}

#[derive(Debug, Deserialize)]
pub(super) struct FilesAnswer {
    #[serde(default)]
    pub(super) files: Vec<File>,
}

#[derive(Debug, Deserialize)]
pub(super) struct File {
    #[serde(default)]
    filename: String,
    #[serde(default, deserialize_with = "number")]
    mb: f64,
    #[serde(default, deserialize_with = "number")]
    mbleft: f64,
}

/// A number SABnzbd may write as a string; anything unreadable is 0.
fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::Number(n) => n.as_f64().unwrap_or_default(),
        serde_json::Value::String(s) => s.trim().parse().unwrap_or_default(),
        _ => 0.0,
    })
}

/// A text that may be `null`.
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

fn bytes(mb: f64) -> u64 {
    let bytes = mb * MIB;
    if bytes.is_finite() && bytes > 0.0 {
        bytes.round() as u64
    } else {
        0
    }
}

fn category(cat: String) -> Option<String> {
    Some(cat).filter(|c| !c.is_empty() && c != "None" && c != "*")
}

/// `h:mm:ss`, or `d:hh:mm:ss` past a day.
fn time_left(text: &str) -> Option<Duration> {
    let seconds = text
        .split(':')
        .rev()
        .zip([1u64, 60, 3600, 86400])
        .try_fold(0u64, |sum, (part, unit)| {
            Some(sum + part.trim().parse::<u64>().ok()? * unit)
        })?;
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

fn post_processing(status: &str) -> bool {
    matches!(
        status,
        "Checking" | "QuickCheck" | "Verifying" | "Repairing" | "Extracting" | "Running"
    )
}

impl QueueSlot {
    fn state(&self) -> ItemState {
        match self.status.as_str() {
            "Queued" | "Propagating" => ItemState::Queued,
            "Paused" => ItemState::Paused,
            "Downloading" => ItemState::Downloading,
            "Fetching" | "Grabbing" => ItemState::FetchingMetadata,
            "Moving" => ItemState::Moving,
            s if post_processing(s) => ItemState::PostProcessing,
            _ => ItemState::Unknown,
        }
    }

    /// `rate` (bytes/s) is SABnzbd's whole rate, given to the job that is downloading. SABnzbd
    /// does not say where a queued job's files are until it is finished.
    pub(super) fn into_status(self, rate: u64) -> ItemStatus {
        let state = self.state();
        let size = bytes(self.mb);
        let left = bytes(self.mbleft);
        ItemStatus {
            id: ItemId::Nzb(self.nzo_id),
            name: self.filename,
            progress: if size == 0 {
                0.0
            } else {
                (size.saturating_sub(left) as f64 / size as f64).clamp(0.0, 1.0)
            },
            download_speed: if state == ItemState::Downloading {
                rate
            } else {
                0
            },
            upload_speed: 0,
            eta: if state == ItemState::Downloading {
                time_left(&self.timeleft)
            } else {
                None
            },
            size,
            save_path: String::new(),
            category: category(self.cat),
            tags: vec![],
            ratio: 0.0,
            seeding_time: None,
            error: None,
            state,
        }
    }
}

impl HistorySlot {
    pub(super) fn into_status(self) -> ItemStatus {
        let (state, error) = match self.status.as_str() {
            "Completed" => (ItemState::Finished, None),
            "Failed" => (
                ItemState::Error,
                Some(if self.fail_message.is_empty() {
                    "failed in SABnzbd".to_owned()
                } else {
                    self.fail_message.clone()
                }),
            ),
            "Moving" => (ItemState::Moving, None),
            // Waiting for post-processing.
            "Queued" => (ItemState::PostProcessing, None),
            s if post_processing(s) => (ItemState::PostProcessing, None),
            _ => (ItemState::Unknown, None),
        };
        let size = if self.bytes.is_finite() && self.bytes > 0.0 {
            self.bytes as u64
        } else {
            0
        };
        ItemStatus {
            id: ItemId::Nzb(self.nzo_id),
            name: self.name,
            progress: if state == ItemState::Error { 0.0 } else { 1.0 },
            download_speed: 0,
            upload_speed: 0,
            eta: None,
            size,
            save_path: self.storage,
            category: category(self.category),
            tags: vec![],
            ratio: 0.0,
            seeding_time: None,
            state,
            error,
        }
    }
}

impl File {
    /// `folder` is the job's name: the folder SABnzbd puts its files in.
    pub(super) fn into_item(self, folder: &str) -> ItemFile {
        let size = bytes(self.mb);
        let left = bytes(self.mbleft);
        ItemFile {
            path: format!("{folder}/{}", self.filename),
            size,
            progress: if size == 0 {
                0.0
            } else {
                (size.saturating_sub(left) as f64 / size as f64).clamp(0.0, 1.0)
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_reads_hours_and_days() {
        assert_eq!(time_left("0:01:05"), Some(Duration::from_secs(65)));
        assert_eq!(
            time_left("1:02:00:00"),
            Some(Duration::from_secs(86400 + 7200))
        );
        assert_eq!(time_left("0:00:00"), None);
        assert_eq!(time_left("soon"), None);
    }

    #[test]
    fn numbers_written_as_strings_and_no_category_read() {
        let slot: QueueSlot = serde_json::from_str(
            r#"{"nzo_id": "SABnzbd_nzo_a", "filename": "Book", "status": "Downloading",
                "mb": "2.00", "mbleft": "0.50", "timeleft": "0:00:10", "cat": "None"}"#,
        )
        .expect("parses");
        let status = slot.into_status(1000);
        assert_eq!(status.size, 2 * 1024 * 1024);
        assert_eq!(status.progress, 0.75);
        assert_eq!(status.download_speed, 1000);
        assert_eq!(status.eta, Some(Duration::from_secs(10)));
        assert_eq!(status.category, None);
    }
}
