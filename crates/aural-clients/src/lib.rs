//! Download client protocols (ARCHITECTURE.md): one [`DownloadClient`] trait, its qBittorrent
//! (Web API v2, 4.x and 5.x) and Transmission (RPC) implementations, and the mapping between the
//! paths a client reports and the paths this machine sees. No database, no app state.

mod client;
mod error;
mod info_hash;
pub mod path_mapping;
pub mod qbittorrent;
mod report;
pub mod transmission;
mod transport;

pub use client::{
    AddRequest, Added, Connection, DownloadClient, ItemFile, ItemState, ItemStatus, RemoveData,
    Selection, StartMode, TorrentSource,
};
pub use error::ClientError;
pub use info_hash::InfoHash;
pub use path_mapping::PathMap;
pub use qbittorrent::QBittorrent;
pub use transmission::Transmission;
