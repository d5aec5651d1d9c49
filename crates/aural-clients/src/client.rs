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

/// What a release hands to a client: a torrent for the torrent clients, an NZB for the Usenet ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Passed to the client as it is.
    Magnet(String),
    /// The bytes of a .torrent file, uploaded.
    TorrentFile(Vec<u8>),
    /// The bytes of an .nzb file, uploaded under `name` (the job's name in the client).
    Nzb { name: String, bytes: Vec<u8> },
}

impl Source {
    /// Known before sending, so the torrent can be found in the client afterwards.
    pub fn info_hash(&self) -> Result<InfoHash, ClientError> {
        match self {
            Source::Magnet(magnet) => InfoHash::from_magnet(magnet),
            Source::TorrentFile(bytes) => InfoHash::from_torrent(bytes),
            Source::Nzb { .. } => Err(ClientError::WrongSource {
                expected: "a torrent",
            }),
        }
    }
}

/// A torrent source, for the torrent clients' add calls.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Torrent<'a> {
    Magnet(&'a str),
    File(&'a [u8]),
}

impl Source {
    /// The torrent and its hash; an NZB is [`ClientError::WrongSource`].
    pub(crate) fn torrent(&self) -> Result<(Torrent<'_>, InfoHash), ClientError> {
        let torrent = match self {
            Source::Magnet(magnet) => Torrent::Magnet(magnet),
            Source::TorrentFile(bytes) => Torrent::File(bytes),
            Source::Nzb { .. } => {
                return Err(ClientError::WrongSource {
                    expected: "a torrent",
                });
            }
        };
        Ok((torrent, self.info_hash()?))
    }
}

/// How a client names one download: the info hash for torrents, the client's own id for NZB jobs
/// (NZBGet's NZBID in decimal, SABnzbd's `nzo_id`). Its text is the `client_ref` kept with a
/// download.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemId {
    Torrent(InfoHash),
    Nzb(String),
}

impl ItemId {
    /// Reads back a `client_ref` kept for a client of `kind`: an info hash for the torrent
    /// clients, the job id as it is for the Usenet ones; `None` for text that cannot be one.
    pub fn from_client_ref(kind: ProviderKind, text: &str) -> Option<ItemId> {
        match kind {
            ProviderKind::QBittorrent | ProviderKind::Transmission | ProviderKind::Deluge => {
                InfoHash::parse(text).map(ItemId::Torrent)
            }
            ProviderKind::Sabnzbd | ProviderKind::Nzbget if !text.trim().is_empty() => {
                Some(ItemId::Nzb(text.trim().to_owned()))
            }
            _ => None,
        }
    }

    /// The hash of a torrent; an NZB id is a download no torrent client has.
    pub(crate) fn torrent(&self, client: &'static str) -> Result<&InfoHash, ClientError> {
        match self {
            ItemId::Torrent(hash) => Ok(hash),
            ItemId::Nzb(_) => Err(ClientError::NotFound {
                client,
                id: self.clone(),
            }),
        }
    }

    /// The id of an NZB job; a torrent is a download no Usenet client has.
    pub(crate) fn nzb(&self, client: &'static str) -> Result<&str, ClientError> {
        match self {
            ItemId::Nzb(id) => Ok(id),
            ItemId::Torrent(_) => Err(ClientError::NotFound {
                client,
                id: self.clone(),
            }),
        }
    }
}

impl From<InfoHash> for ItemId {
    fn from(hash: InfoHash) -> ItemId {
        ItemId::Torrent(hash)
    }
}

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ItemId::Torrent(hash) => hash.fmt(f),
            ItemId::Nzb(id) => f.write_str(id),
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
    pub source: Source,
    /// qBittorrent's, NZBGet's and SABnzbd's category; Deluge's label; a sub-folder of the
    /// download folder on Transmission 3.
    pub category: Option<String>,
    /// The client's own path (before mapping); `None` lets the client or category decide.
    pub save_path: Option<String>,
    /// `auralarchive`, `book-<id>` (SPEC §6.3); dropped by clients without tags.
    pub tags: Vec<String>,
    pub start: StartMode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub id: ItemId,
    /// The client already had this torrent; nothing new was added.
    pub already_present: bool,
}

/// Which downloads a list call returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All,
    Category(String),
    Ids(Vec<ItemId>),
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
    /// Downloaded; the client is verifying, repairing or unpacking it (NZB jobs).
    PostProcessing,
    /// The client reports an error (missing files, disk full, a failed NZB job); see `error`.
    Error,
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemStatus {
    pub id: ItemId,
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
    /// Relative to the save path, with `/` separators, starting with the download's folder.
    pub path: String,
    pub size: u64,
    /// 0.0 to 1.0.
    pub progress: f64,
}

/// A download client the pipeline can hand releases to. Every call is one or a few requests; none
/// waits for a download. Object-safe, so the service layer holds `Arc<dyn DownloadClient>`.
#[async_trait]
pub trait DownloadClient: Send + Sync {
    fn kind(&self) -> ProviderKind;

    /// Connects, signs in and reads the version; each problem names the settings field to fix.
    async fn test(&self) -> TestReport;

    /// Adds a release and returns once the client lists it; a source of the other protocol
    /// is [`ClientError::WrongSource`].
    async fn add(&self, request: &AddRequest) -> Result<Added, ClientError>;

    async fn list(&self, selection: &Selection) -> Result<Vec<ItemStatus>, ClientError>;

    /// [`ClientError::NotFound`] when the client does not have it (nor, for an NZB job, in its
    /// history).
    async fn status(&self, id: &ItemId) -> Result<ItemStatus, ClientError>;

    async fn files(&self, id: &ItemId) -> Result<Vec<ItemFile>, ClientError>;

    async fn pause(&self, id: &ItemId) -> Result<(), ClientError>;

    async fn resume(&self, id: &ItemId) -> Result<(), ClientError>;

    async fn remove(&self, id: &ItemId, data: RemoveData) -> Result<(), ClientError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_ref_reads_back_as_the_id_it_was_written_from() {
        let hash = ItemId::Torrent(
            InfoHash::parse("0123456789abcdef0123456789abcdef01234567").expect("a hash"),
        );
        assert_eq!(
            ItemId::from_client_ref(ProviderKind::Deluge, &hash.to_string()),
            Some(hash)
        );
        let job = ItemId::Nzb("17".to_owned());
        assert_eq!(
            ItemId::from_client_ref(ProviderKind::Nzbget, &job.to_string()),
            Some(job)
        );
        assert_eq!(
            ItemId::from_client_ref(ProviderKind::QBittorrent, "17"),
            None
        );
        assert_eq!(ItemId::from_client_ref(ProviderKind::Sabnzbd, " "), None);
        assert_eq!(ItemId::from_client_ref(ProviderKind::Torznab, "17"), None);
    }
}
