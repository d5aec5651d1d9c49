//! The cover cache: content-addressed image files, so two books with the same picture share one
//! file and a key can never name anything outside the folder.

use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::private_file;

/// Larger answers are not covers (Audible's largest is about 2 MB).
pub const MAX_COVER_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverKind {
    Jpeg,
    Png,
    Webp,
}

impl CoverKind {
    /// What the bytes are, from their magic numbers; `None` for anything but the three kinds a
    /// web view shows everywhere.
    pub fn sniff(bytes: &[u8]) -> Option<CoverKind> {
        match imagesize::image_type(bytes).ok()? {
            imagesize::ImageType::Jpeg => Some(CoverKind::Jpeg),
            imagesize::ImageType::Png => Some(CoverKind::Png),
            imagesize::ImageType::Webp => Some(CoverKind::Webp),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            CoverKind::Jpeg => "jpg",
            CoverKind::Png => "png",
            CoverKind::Webp => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            CoverKind::Jpeg => "image/jpeg",
            CoverKind::Png => "image/png",
            CoverKind::Webp => "image/webp",
        }
    }

    fn from_extension(ext: &str) -> Option<CoverKind> {
        [CoverKind::Jpeg, CoverKind::Png, CoverKind::Webp]
            .into_iter()
            .find(|k| k.extension() == ext)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoverError {
    #[error("the answer is not a JPEG, PNG or WebP picture")]
    NotAnImage,
    #[error("the picture is larger than {} MB", MAX_COVER_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("only http and https cover links are fetched, not {scheme}:")]
    Scheme { scheme: String },
    #[error("{0}")]
    Http(#[from] aural_http::HttpError),
    #[error("cannot write to the cover cache {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

#[derive(Debug, Clone)]
pub struct CoverCache {
    dir: PathBuf,
}

impl CoverCache {
    pub fn new(data_dir: &Path) -> CoverCache {
        CoverCache {
            dir: data_dir.join("covers"),
        }
    }

    /// Stores a picture and returns its key (`<sha256>.<ext>`). Storing the same picture again
    /// finds the file already there; a crash mid-write leaves no file under the key.
    pub fn store(&self, bytes: &[u8]) -> Result<String, CoverError> {
        if bytes.len() > MAX_COVER_BYTES {
            return Err(CoverError::TooLarge);
        }
        let kind = CoverKind::sniff(bytes).ok_or(CoverError::NotAnImage)?;
        let key = format!(
            "{}.{}",
            hex::encode(Sha256::digest(bytes)),
            kind.extension()
        );
        let path = self.dir.join(&key);
        if path.is_file() {
            return Ok(key);
        }
        let write = |e| CoverError::Write {
            path: path.clone(),
            source: e,
        };
        std::fs::create_dir_all(&self.dir).map_err(write)?;
        private_file::replace(&path, bytes).map_err(write)?;
        Ok(key)
    }

    /// The file of `key` and what it holds, when `key` is one this cache makes (64 hex digits and
    /// a known extension): anything else, such as `../settings.json`, is refused, not resolved.
    pub fn file(&self, key: &str) -> Option<(PathBuf, CoverKind)> {
        let (hash, ext) = key.split_once('.')?;
        let valid =
            hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        let kind = CoverKind::from_extension(ext)?;
        valid.then(|| (self.dir.join(key), kind))
    }
}
