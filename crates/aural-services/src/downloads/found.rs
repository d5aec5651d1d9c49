//! Grabbing a release a search found, by its key (SPEC §6.3): its link is fetched, or its magnet
//! taken, and it goes to the chosen download client or to the first enabled one (by priority)
//! that takes its kind.

use aural_core::{BookId, Download, Page, ProviderFamily, ProviderKind, ReleaseInfo};
use tokio_util::sync::CancellationToken;

use super::{GrabRequest, Source, grab};
use crate::context::AppContext;
use crate::error::ServiceError;
use crate::providers::{self, ProviderKey};
use crate::search::{self, KeptRelease, ReleaseSource};

pub async fn grab_found(
    ctx: &AppContext,
    book: Option<BookId>,
    key: &str,
    client: Option<ProviderKey>,
) -> Result<Download, ServiceError> {
    let (kept, source) = search::source_of(ctx, key, &CancellationToken::new()).await?;
    let client = match client {
        Some(client) => client,
        None => first_client(ctx, kept.usenet).await?,
    };
    let source = source_of(&kept, source);
    grab(
        ctx,
        GrabRequest {
            book,
            client,
            release: ReleaseInfo {
                title: kept.title,
                indexer: Some(kept.indexer),
                guid: None,
                info_hash: kept.info_hash,
                source_url: None,
            },
            source,
        },
    )
    .await
}

/// What a fetched release hands to a client.
pub(super) fn source_of(kept: &KeptRelease, source: ReleaseSource) -> Source {
    match source {
        ReleaseSource::Magnet(magnet) => Source::Magnet(magnet),
        ReleaseSource::Torrent(bytes) => Source::TorrentFile(bytes),
        ReleaseSource::Nzb(bytes) => Source::Nzb {
            name: kept.title.clone(),
            bytes,
        },
    }
}

/// The enabled download client with the lowest priority number that takes the release's kind.
pub(super) async fn first_client(
    ctx: &AppContext,
    usenet: bool,
) -> Result<ProviderKey, ServiceError> {
    let clients = providers::list(ctx, ProviderFamily::DownloadClient, Page::new(1, 500)).await?;
    clients
        .items
        .iter()
        .filter(|p| p.enabled)
        .find(|p| {
            let takes_usenet =
                matches!(p.kind(), Some(ProviderKind::Sabnzbd | ProviderKind::Nzbget));
            takes_usenet == usenet
        })
        .map(|p| ProviderKey::Id(p.id))
        .ok_or_else(|| ServiceError::Invalid {
            field: "client",
            message: format!(
                "no enabled download client takes {}; add one in Settings › Download clients",
                if usenet { "NZBs" } else { "torrents" }
            ),
        })
}
