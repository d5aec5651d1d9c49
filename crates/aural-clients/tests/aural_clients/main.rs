//! The download clients against real daemons on loopback, and qBittorrent 5.x against a fake.

mod harness;
mod qbittorrent;
mod qbittorrent_fake;
mod transmission;
