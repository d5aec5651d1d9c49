//! Transmission's RPC (SPEC §6.5), checked against a real transmission-daemon 3.00.

mod model;
mod rpc;

use async_trait::async_trait;
use aural_core::provider::{ProviderKind, TestReport};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::OnceCell;

use crate::client::{
    AddRequest, Added, Connection, DownloadClient, ItemFile, ItemId, ItemStatus, RemoveData,
    Selection, StartMode, Torrent,
};
use crate::error::ClientError;
use crate::info_hash::InfoHash;
use crate::qbittorrent::torrent_hashes;
use crate::report;

pub(crate) const NAME: &str = "Transmission";
/// RPC 17 (Transmission 4.0) takes `labels` in `torrent-add`; older versions only in
/// `torrent-set`, and there a category becomes a sub-folder instead.
const LABELS_ON_ADD: i64 = 17;
/// RPC 16 (Transmission 3.00) knows labels at all.
const LABELS: i64 = 16;

#[derive(Debug)]
pub struct Transmission {
    rpc: rpc::Rpc,
    session: OnceCell<SessionInfo>,
}

#[derive(Debug, Clone, Deserialize)]
struct SessionInfo {
    version: String,
    #[serde(rename = "rpc-version")]
    rpc_version: i64,
    #[serde(rename = "download-dir")]
    download_dir: String,
}

impl Transmission {
    /// `connection.url` is the daemon's address (`http://127.0.0.1:9091`) or its full RPC URL.
    pub fn new(http: reqwest::Client, connection: Connection) -> Result<Transmission, ClientError> {
        Ok(Transmission {
            rpc: rpc::Rpc::new(http, connection)?,
            session: OnceCell::new(),
        })
    }

    async fn session_get(&self) -> Result<SessionInfo, ClientError> {
        let args = self.rpc.call("session-get", json!({})).await?;
        serde_json::from_value(args).map_err(|source| ClientError::Parse {
            client: NAME,
            endpoint: "session-get",
            source,
        })
    }

    async fn session(&self) -> Result<&SessionInfo, ClientError> {
        self.session.get_or_try_init(|| self.session_get()).await
    }

    async fn torrents(&self, ids: Option<&[InfoHash]>) -> Result<Vec<model::Torrent>, ClientError> {
        let mut args = json!({ "fields": model::FIELDS });
        if let Some(ids) = ids {
            args["ids"] = json!(ids);
        }
        let args = self.rpc.call("torrent-get", args).await?;
        #[derive(Deserialize)]
        struct Torrents {
            torrents: Vec<model::Torrent>,
        }
        let parsed: Torrents =
            serde_json::from_value(args).map_err(|source| ClientError::Parse {
                client: NAME,
                endpoint: "torrent-get",
                source,
            })?;
        Ok(parsed.torrents)
    }

    async fn find(&self, hash: &InfoHash) -> Result<model::Torrent, ClientError> {
        self.torrents(Some(std::slice::from_ref(hash)))
            .await?
            .into_iter()
            .find(|t| t.hash() == hash)
            .ok_or_else(|| ClientError::NotFound {
                client: NAME,
                id: ItemId::Torrent(hash.clone()),
            })
    }

    /// The category a torrent is filed under: a label, else the name of its folder when that is
    /// the category sub-folder this crate creates on Transmission 3.
    fn category_of(torrent: &model::Torrent, wanted: Option<&str>) -> Option<String> {
        let folder = torrent
            .download_dir()
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        match wanted {
            Some(c) if torrent.labels().iter().any(|l| l == c) || folder == c => Some(c.to_owned()),
            _ => None,
        }
    }

    /// Transmission ignores ids it does not have, so each change first checks the torrent is there.
    async fn change(
        &self,
        method: &'static str,
        hash: &InfoHash,
        extra: Value,
    ) -> Result<(), ClientError> {
        self.find(hash).await?;
        let mut args = json!({ "ids": [hash] });
        if let (Some(args), Some(extra)) = (args.as_object_mut(), extra.as_object()) {
            args.extend(extra.clone());
        }
        self.rpc.call(method, args).await.map(drop)
    }
}

#[async_trait]
impl DownloadClient for Transmission {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Transmission
    }

    async fn test(&self) -> TestReport {
        match self.session_get().await {
            Ok(info) => report::passed(
                self.kind(),
                &format!("{} (RPC {})", info.version, info.rpc_version),
            ),
            Err(e) => report::failed(self.kind(), &e),
        }
    }

    async fn add(&self, request: &AddRequest) -> Result<Added, ClientError> {
        let (torrent, hash) = request.source.torrent()?;
        let session = self.session().await?.clone();
        let mut args = match torrent {
            Torrent::Magnet(magnet) => json!({ "filename": magnet }),
            Torrent::File(bytes) => json!({ "metainfo": B64.encode(bytes) }),
        };
        let mut labels = request.tags.clone();
        let download_dir = match (&request.save_path, &request.category) {
            (Some(path), _) => Some(path.clone()),
            (None, Some(category)) if session.rpc_version < LABELS_ON_ADD => Some(format!(
                "{}/{category}",
                session.download_dir.trim_end_matches('/')
            )),
            (None, Some(category)) => {
                labels.push(category.clone());
                None
            }
            (None, None) => None,
        };
        if let Some(dir) = download_dir {
            args["download-dir"] = json!(dir);
        }
        args["paused"] = json!(request.start == StartMode::Paused);
        if session.rpc_version >= LABELS_ON_ADD && !labels.is_empty() {
            args["labels"] = json!(labels);
        }
        let answer = self.rpc.call("torrent-add", args).await?;
        let already_present = answer.get("torrent-duplicate").is_some();
        if session.rpc_version >= LABELS
            && session.rpc_version < LABELS_ON_ADD
            && !labels.is_empty()
        {
            self.rpc
                .call("torrent-set", json!({ "ids": [&hash], "labels": labels }))
                .await?;
        }
        Ok(Added {
            id: hash.into(),
            already_present,
        })
    }

    async fn list(&self, selection: &Selection) -> Result<Vec<ItemStatus>, ClientError> {
        let (ids, category) = match selection {
            Selection::All => (None, None),
            Selection::Category(c) => (None, Some(c.as_str())),
            Selection::Ids(ids) => {
                let hashes: Vec<InfoHash> = torrent_hashes(ids).cloned().collect();
                if hashes.is_empty() {
                    return Ok(vec![]);
                }
                (Some(hashes), None)
            }
        };
        let torrents = self.torrents(ids.as_deref()).await?;
        Ok(torrents
            .into_iter()
            .filter_map(|t| {
                let filed = Transmission::category_of(&t, category);
                match category {
                    Some(_) if filed.is_none() => None,
                    _ => Some(t.into_status(filed)),
                }
            })
            .collect())
    }

    async fn status(&self, id: &ItemId) -> Result<ItemStatus, ClientError> {
        Ok(self.find(id.torrent(NAME)?).await?.into_status(None))
    }

    async fn files(&self, id: &ItemId) -> Result<Vec<ItemFile>, ClientError> {
        Ok(self.find(id.torrent(NAME)?).await?.files())
    }

    async fn pause(&self, id: &ItemId) -> Result<(), ClientError> {
        self.change("torrent-stop", id.torrent(NAME)?, json!({}))
            .await
    }

    async fn resume(&self, id: &ItemId) -> Result<(), ClientError> {
        self.change("torrent-start", id.torrent(NAME)?, json!({}))
            .await
    }

    async fn remove(&self, id: &ItemId, data: RemoveData) -> Result<(), ClientError> {
        let delete = data == RemoveData::Delete;
        self.change(
            "torrent-remove",
            id.torrent(NAME)?,
            json!({ "delete-local-data": delete }),
        )
        .await
    }
}
