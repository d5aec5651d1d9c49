//! The release a download hands to its client, kept in the data folder until the client took
//! it, so a hand-over tried again after a restart still has it. The file is readable by its owner
//! only: a private tracker's .torrent carries the user's passkey.

use std::path::PathBuf;

use aural_clients::Source;
use aural_core::{Download, DownloadId};

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::private_file;

const FOLDER: &str = "handover";

/// One file per download; its extension says what the bytes are.
fn path(ctx: &AppContext, id: DownloadId, extension: &str) -> PathBuf {
    ctx.data_dir()
        .join(FOLDER)
        .join(format!("{id}.{extension}"))
}

const EXTENSIONS: [&str; 3] = ["magnet", "torrent", "nzb"];

pub(super) async fn keep(
    ctx: &AppContext,
    id: DownloadId,
    source: &Source,
) -> Result<(), ServiceError> {
    let (extension, bytes) = match source {
        Source::Magnet(magnet) => ("magnet", magnet.as_bytes().to_vec()),
        Source::TorrentFile(bytes) => ("torrent", bytes.clone()),
        Source::Nzb { bytes, .. } => ("nzb", bytes.clone()),
    };
    let file = path(ctx, id, extension);
    let written = file.clone();
    tokio::task::spawn_blocking(move || {
        if let Some(dir) = written.parent() {
            std::fs::create_dir_all(dir)?;
        }
        private_file::replace(&written, &bytes)
    })
    .await
    .map_err(|e| ServiceError::JobPanicked(e.to_string()))?
    .map_err(|source| ServiceError::SaveDataFile {
        what: "release waiting for its download client",
        path: file,
        source,
    })
}

/// The release kept for `download`, if any.
pub(super) async fn read(
    ctx: &AppContext,
    download: &Download,
) -> Result<Option<Source>, ServiceError> {
    for extension in EXTENSIONS {
        let file = path(ctx, download.id, extension);
        let bytes = match tokio::fs::read(&file).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(ServiceError::ReadFile { path: file, source }),
        };
        return Ok(Some(match extension {
            "magnet" => Source::Magnet(String::from_utf8_lossy(&bytes).into_owned()),
            "torrent" => Source::TorrentFile(bytes),
            _ => Source::Nzb {
                name: download.release.title.clone(),
                bytes,
            },
        }));
    }
    Ok(None)
}

/// Forgets the release once the client has it or the download failed.
pub(super) async fn forget(ctx: &AppContext, id: DownloadId) {
    for extension in EXTENSIONS {
        match tokio::fs::remove_file(path(ctx, id, extension)).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(download = %id, error = %e, "cannot remove a kept release"),
        }
    }
}
