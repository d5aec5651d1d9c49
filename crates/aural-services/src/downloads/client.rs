//! A download's client: the provider it was sent to, connected.

use std::sync::Arc;

use aural_clients::{DownloadClient, ItemId};
use aural_core::{Download, DownloadState, Provider, ProviderFamily, ProviderId};
use aural_db::DbError;

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::providers::{self, ProviderKey, download_client};

pub(super) struct Connected {
    pub provider: Provider,
    pub client: Arc<dyn DownloadClient>,
    pub placement: download_client::Placement,
}

impl Connected {
    /// A client error in the words the user sees, naming the client.
    pub fn fail(&self, source: aural_clients::ClientError) -> ServiceError {
        ServiceError::DownloadClient {
            client: self.provider.name.clone(),
            source,
        }
    }

    /// How this client names `download`, when it has been sent.
    pub fn item(&self, download: &Download) -> Option<ItemId> {
        let kind = self.provider.kind()?;
        ItemId::from_client_ref(kind, download.client_ref.as_deref()?)
    }
}

pub(super) async fn connect(
    ctx: &AppContext,
    provider: Provider,
) -> Result<Connected, ServiceError> {
    let Some(settings) = provider.settings() else {
        return Err(ServiceError::ProviderNeedsAttention {
            name: provider.name.clone(),
            id: provider.id,
        });
    };
    let wrong_family = || ServiceError::WrongFamily {
        kind: settings.kind(),
        family: ProviderFamily::DownloadClient,
    };
    let placement = download_client::placement(settings).ok_or_else(wrong_family)?;
    let secret = providers::secret(ctx, &provider).await?;
    let client = match download_client::build(ctx.http().clone(), settings, secret) {
        Some(Ok(client)) => client,
        Some(Err(source)) => {
            return Err(ServiceError::DownloadClient {
                client: provider.name.clone(),
                source,
            });
        }
        None => return Err(wrong_family()),
    };
    Ok(Connected {
        provider,
        client,
        placement,
    })
}

pub(super) async fn connect_id(
    ctx: &AppContext,
    id: ProviderId,
) -> Result<Connected, ServiceError> {
    let provider = match ctx.db().providers().get(id).await {
        Ok(p) => p,
        Err(DbError::NotFound { .. }) => {
            return Err(ServiceError::ProviderNotFound {
                family: ProviderFamily::DownloadClient,
                key: ProviderKey::Id(id).to_string(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    connect(ctx, provider).await
}

/// The client holding `download` and its name there; a download never sent, or whose client
/// was removed, is [`ServiceError::NotInClient`].
pub(super) async fn holding(
    ctx: &AppContext,
    download: &Download,
) -> Result<(Connected, ItemId), ServiceError> {
    let client = download
        .client
        .ok_or(ServiceError::NotInClient(download.id))?;
    let connected = connect_id(ctx, client).await?;
    let item = connected
        .item(download)
        .ok_or(ServiceError::NotInClient(download.id))?;
    Ok((connected, item))
}

/// Whether the client has (or may have) the download's data: from the hand-over until the
/// torrent is removed after seeding.
pub(super) fn in_client(state: DownloadState) -> bool {
    state.is_in_client() || matches!(state, DownloadState::Importing | DownloadState::Imported)
}
