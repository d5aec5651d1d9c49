//! Size and SHA-256 of file contents, the proof that a copy equals its source.

use std::fmt::Write as _;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::MediaError;

pub(super) const CHUNK: usize = 1 << 20;

/// What a verified file holds: its length and SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub size: u64,
    pub sha256: [u8; 32],
}

impl Verified {
    pub fn sha256_hex(&self) -> String {
        self.sha256
            .iter()
            .fold(String::with_capacity(64), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            })
    }
}

/// Reads a whole file to learn its size and hash.
pub fn hash_file(path: &Path) -> Result<Verified, MediaError> {
    let mut file = File::open(path).map_err(|e| MediaError::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; CHUNK];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| MediaError::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok(Verified {
        size,
        sha256: hasher.finalize().into(),
    })
}

/// Checks that `copy` holds exactly what `expected` describes (read from `source`).
pub fn verify(source: &Path, copy: &Path, expected: &Verified) -> Result<(), MediaError> {
    if hash_file(copy)? == *expected {
        Ok(())
    } else {
        Err(MediaError::VerifyFailed {
            source_path: source.to_owned(),
            copy: copy.to_owned(),
        })
    }
}
