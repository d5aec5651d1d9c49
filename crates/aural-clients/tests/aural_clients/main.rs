//! The download clients against real daemons on loopback, and qBittorrent 5.x, SABnzbd and
//! broken answers against fakes.

mod deluge;
mod harness;
mod nzbget;
mod qbittorrent;
mod qbittorrent_fake;
mod rpc_fakes;
mod sabnzbd;
mod transmission;
