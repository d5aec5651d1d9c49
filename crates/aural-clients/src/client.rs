//! What every download client does, in the words of the download pipeline rather than of any
//! one client's API.

use std::time::Duration;

use async_trait::async_trait;
use aural_core::Sensitive;
use aural_core::provider::{ProviderKind, TestReport};
use url::Url;

use crate::error::ClientError;
use crate::info_hash::InfoHash;

/// Where a client is and how to sign in. The password stays wrapped until the request that
/// sends it.
#[derive(Debug, Clone)]
pub struct Connection {
    pub url: Url,
    pub username: Option<String>,
    pub password: Option<Sensitive<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TorrentSource {
    /// Passed to the client as it is.
    Magnet(String),
    /// The bytes of a .torrent file, uploaded.
    File(Vec<u8>),
}

impl TorrentSource {
    /// Known before sending, so the torrent can be found in the client afterwards.
    pub fn info_hash(&self) -> Result<InfoHash, ClientError> {
        match self {
            TorrentSource::Magnet(magnet) => InfoHash::from_magnet(magnet),
            TorrentSource::File(bytes) => InfoHash::from_torrent(bytes),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StartMode {
    #[default]
    Now,
    Paused,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddRequest {
    pub source: TorrentSource,
    /// qBittorrent's category; a sub-folder of the download folder on Transmission 3.
    pub category: Option<String>,
    /// The client's own path (before mapping); `None` lets the client or category decide.
    pub save_path: Option<String>,
    /// `auralarchive`, `book-<id>` (SPEC §6.3); dropped by clients without tags.
    pub tags: Vec<String>,
    pub start: StartMode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub hash: InfoHash,
    /// The client already had this torrent; nothing new was added.
    pub already_present: bool,
}

/// Which torrents a list call returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All,
    Category(String),
    Hashes(Vec<InfoHash>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoveData {
    /// Only the torrent goes; its files stay on disk.
    Keep,
    /// The torrent and every file it downloaded.
    Delete,
}

/// A torrent's state in the client, folded into what the pipeline tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    /// A magnet whose metadata has not arrived.
    FetchingMetadata,
    /// Waiting for a download slot.
    Queued,
    /// Verifying pieces on disk.
    Checking,
    Downloading,
    /// Downloading, but nothing arrives: no peers or seeds.
    Stalled,
    Paused,
    /// Complete and uploading.
    Seeding,
    /// Complete and stopped.
    Finished,
    Moving,
    /// The client reports an error (missing files, disk full); see `error`.
    Error,
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemStatus {
    pub hash: InfoHash,
    pub name: String,
    pub state: ItemState,
    /// 0.0 to 1.0.
    pub progress: f64,
    /// Bytes per second.
    pub download_speed: u64,
    pub upload_speed: u64,
    /// `None` when the client cannot tell (no peers, finished).
    pub eta: Option<Duration>,
    /// Bytes wanted.
    pub size: u64,
    /// The folder the torrent is saved in, as the client sees it (map it before use).
    pub save_path: String,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub ratio: f64,
    pub seeding_time: Option<Duration>,
    /// The client's error text when `state` is [`ItemState::Error`].
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemFile {
    /// Relative to the save path, with `/` separators, starting with the torrent's folder.
    pub path: String,
    pub size: u64,
    /// 0.0 to 1.0.
    pub progress: f64,
}

/// A torrent client the pipeline can hand releases to. Every call is one or a few requests; none
/// waits for a download. Object-safe, so the service layer holds `Arc<dyn DownloadClient>`.
#[async_trait]
pub trait DownloadClient: Send + Sync {
    fn kind(&self) -> ProviderKind;

    /// Connects, signs in and reads the version; each problem names the settings field to fix.
    async fn test(&self) -> TestReport;

    /// Adds a torrent and returns once the client lists it.
    async fn add(&self, request: &AddRequest) -> Result<Added, ClientError>;

    async fn list(&self, selection: &Selection) -> Result<Vec<ItemStatus>, ClientError>;

    /// [`ClientError::NotFound`] when the client does not have it.
    async fn status(&self, hash: &InfoHash) -> Result<ItemStatus, ClientError>;

    async fn files(&self, hash: &InfoHash) -> Result<Vec<ItemFile>, ClientError>;

    async fn pause(&self, hash: &InfoHash) -> Result<(), ClientError>;

    async fn resume(&self, hash: &InfoHash) -> Result<(), ClientError>;

    async fn remove(&self, hash: &InfoHash, data: RemoveData) -> Result<(), ClientError>;
}
