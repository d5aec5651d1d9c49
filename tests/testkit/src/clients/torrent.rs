//! A tiny real torrent: a folder of two files of seeded pseudo-random bytes and its .torrent,
//! announcing to a loopback port nobody listens on.

use std::path::{Path, PathBuf};

use aural_clients::{InfoHash, ItemId};
use lava_torrent::torrent::v1::TorrentBuilder;

pub const FOLDER: &str = "Sample Author - Loop Book";
/// Relative paths and sizes of the payload files.
pub const FILES: [(&str, usize); 2] = [
    ("01 - Opening Credits.mp3", 150_000),
    ("02 - Chapter One.mp3", 90_000),
];
const PIECE: i64 = 64 * 1024;

pub struct SampleTorrent {
    /// The folder holding the payload folder: the save path that makes it complete.
    pub parent: PathBuf,
    pub bytes: Vec<u8>,
    pub hash: ItemId,
}

impl SampleTorrent {
    /// Writes the payload under `parent` (seeded by `seed`, so each test's torrent differs)
    /// and builds its .torrent.
    pub fn create(parent: &Path, seed: u64) -> anyhow::Result<SampleTorrent> {
        let folder = parent.join(FOLDER);
        std::fs::create_dir_all(&folder)?;
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        for (name, size) in FILES {
            let bytes: Vec<u8> = (0..size)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (state >> 33) as u8
                })
                .collect();
            std::fs::write(folder.join(name), bytes)?;
        }
        let announce = format!("http://127.0.0.1:{}/announce", super::free_port());
        let torrent = TorrentBuilder::new(&folder, PIECE)
            .set_announce(Some(announce))
            .build()?;
        let built_hash = torrent.info_hash();
        let bytes = torrent.encode()?;
        let hash = InfoHash::from_torrent(&bytes)?;
        assert_eq!(
            hash.as_str(),
            built_hash,
            "read back, the file has the hash it was built with"
        );
        Ok(SampleTorrent {
            parent: parent.to_owned(),
            bytes,
            hash: hash.into(),
        })
    }

    pub fn folder(&self) -> PathBuf {
        self.parent.join(FOLDER)
    }
}

/// A magnet for a hash nobody has: it stays without metadata for ever.
pub fn unresolvable_magnet() -> (String, ItemId) {
    let hex: String = uuid::Uuid::new_v4().simple().to_string() + "01234567";
    let hash = InfoHash::parse(&hex).expect("40 hex digits");
    (
        format!("magnet:?xt=urn:btih:{hex}&dn=Nobody%20Has%20This"),
        hash.into(),
    )
}
