//! Download client protocols (ARCHITECTURE.md): one [`DownloadClient`] trait, its torrent
//! (qBittorrent Web API v2 4.x and 5.x, Transmission RPC, Deluge Web JSON-RPC) and Usenet
//! (NZBGet JSON-RPC, SABnzbd API) implementations, and the mapping between the paths a client
//! reports and the paths this machine sees. No database, no app state.

mod client;
pub mod deluge;
mod error;
mod info_hash;
pub mod nzbget;
pub mod path_mapping;
pub mod qbittorrent;
mod report;
pub mod sabnzbd;
pub mod transmission;
mod transport;

pub use client::{
    AddRequest, Added, Connection, DownloadClient, ItemFile, ItemId, ItemState, ItemStatus,
    RemoveData, Selection, Source, StartMode,
};
pub use deluge::Deluge;
pub use error::ClientError;
pub use info_hash::InfoHash;
pub use nzbget::NzbGet;
pub use path_mapping::PathMap;
pub use qbittorrent::QBittorrent;
pub use sabnzbd::Sabnzbd;
pub use transmission::Transmission;
