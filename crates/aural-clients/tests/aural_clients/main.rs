//! The download clients against real daemons on loopback.

mod harness;
mod qbittorrent;
mod transmission;
