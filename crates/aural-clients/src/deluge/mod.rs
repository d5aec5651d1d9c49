//! Deluge 2 through deluge-web's JSON-RPC (SPEC §6.6), checked against a real deluged and
//! deluge-web 2.0.3. A category is a label while the Label plugin is on, else a sub-folder of
//! the download folder; Deluge has no tags.

mod model;
mod rpc;

use async_trait::async_trait;
use aural_core::provider::{ProviderKind, Severity, TestIssue, TestReport};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Value, json};

use crate::client::{
    AddRequest, Added, Connection, DownloadClient, ItemFile, ItemId, ItemStatus, RemoveData,
    Selection, StartMode, Torrent,
};
use crate::error::ClientError;
use crate::info_hash::InfoHash;
use crate::qbittorrent::torrent_hashes;
use crate::report;

use rpc::{Failure, Rpc};

pub(crate) const NAME: &str = "Deluge";
const LABEL_PLUGIN: &str = "Label";

#[derive(Debug)]
pub struct Deluge {
    rpc: Rpc,
}

impl Deluge {
    /// `connection.url` is deluge-web's address (`http://127.0.0.1:8112`), possibly with a
    /// sub-path; deluge-web has a password and no user name.
    pub fn new(http: reqwest::Client, connection: Connection) -> Result<Deluge, ClientError> {
        Ok(Deluge {
            rpc: Rpc::new(http, connection)?,
        })
    }

    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        method: &'static str,
        params: Value,
    ) -> Result<T, ClientError> {
        self.rpc
            .call(method, params)
            .await
            .map_err(Failure::into_error)
    }

    async fn torrents(&self, filter: Value) -> Result<Vec<model::Torrent>, ClientError> {
        let found: std::collections::HashMap<String, model::Torrent> = self
            .call("core.get_torrents_status", json!([filter, model::FIELDS]))
            .await?;
        Ok(found.into_values().collect())
    }

    async fn find(&self, hash: &InfoHash) -> Result<model::Torrent, ClientError> {
        self.torrents(json!({ "id": [hash] }))
            .await?
            .into_iter()
            .find(|t| t.hash() == hash)
            .ok_or_else(|| ClientError::NotFound {
                client: NAME,
                id: ItemId::Torrent(hash.clone()),
            })
    }

    async fn labels_on(&self) -> Result<bool, ClientError> {
        let plugins: Vec<String> = self.call("core.get_enabled_plugins", json!([])).await?;
        Ok(plugins.iter().any(|p| p == LABEL_PLUGIN))
    }

    /// Files the torrent under `label`, creating the label first when Deluge lacks it.
    async fn set_label(&self, hash: &InfoHash, label: &str) -> Result<(), ClientError> {
        let label = label.to_lowercase();
        let labels: Vec<String> = self.call("label.get_labels", json!([])).await?;
        if !labels.contains(&label) {
            self.call::<Value>("label.add", json!([label])).await?;
        }
        self.call::<Value>("label.set_torrent", json!([hash, label]))
            .await
            .map(drop)
    }

    /// Where a category's torrents go while labels are off: a sub-folder of the download folder.
    async fn category_folder(&self, category: &str) -> Result<String, ClientError> {
        let root: String = self
            .call("core.get_config_value", json!(["download_location"]))
            .await?;
        Ok(format!("{}/{category}", root.trim_end_matches(['/', '\\'])))
    }
}

/// The category a torrent is filed under: its label, else `wanted` when the torrent's folder is
/// named for it.
fn category_of(torrent: &model::Torrent, wanted: Option<&str>) -> Option<String> {
    let folder = torrent
        .save_path()
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    match (torrent.label(), wanted) {
        (Some(label), _) => Some(label.to_owned()),
        (None, Some(c)) if folder == c => Some(c.to_owned()),
        _ => None,
    }
}

#[async_trait]
impl DownloadClient for Deluge {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Deluge
    }

    async fn test(&self) -> TestReport {
        let version = async {
            self.rpc.fresh_login().await?;
            let version: String = self.call("daemon.get_version", json!([])).await?;
            Ok::<_, ClientError>((version, self.labels_on().await?))
        };
        match version.await {
            Ok((version, labels)) => {
                let mut report = report::passed(self.kind(), &version);
                if !labels {
                    report.issues.push(TestIssue {
                        field: Some("category".to_owned()),
                        severity: Severity::Warning,
                        message: "Deluge's Label plugin is off".to_owned(),
                        hint: Some(
                            "Enable the Label plugin in Deluge's preferences to file downloads \
                             under a label; until then each category is a sub-folder."
                                .to_owned(),
                        ),
                    });
                }
                report
            }
            Err(e) => report::failed(self.kind(), &e),
        }
    }

    async fn add(&self, request: &AddRequest) -> Result<Added, ClientError> {
        let (torrent, hash) = request.source.torrent()?;
        let labels = match &request.category {
            Some(_) => self.labels_on().await?,
            None => false,
        };
        let mut options = json!({ "add_paused": request.start == StartMode::Paused });
        let folder = match (&request.save_path, &request.category) {
            (Some(path), _) => Some(path.clone()),
            (None, Some(category)) if !labels => Some(self.category_folder(category).await?),
            _ => None,
        };
        if let Some(folder) = folder {
            options["download_location"] = json!(folder);
        }
        let added = match torrent {
            Torrent::Magnet(magnet) => {
                self.rpc
                    .call::<Value>("core.add_torrent_magnet", json!([magnet, options]))
                    .await
            }
            Torrent::File(bytes) => {
                self.rpc
                    .call::<Value>(
                        "core.add_torrent_file",
                        json!(["release.torrent", B64.encode(bytes), options]),
                    )
                    .await
            }
        };
        let already_present = match added {
            Ok(_) => false,
            Err(Failure::Remote { message }) if message.contains("already in session") => true,
            Err(e) => return Err(e.into_error()),
        };
        match self.find(&hash).await {
            Ok(_) => {}
            Err(ClientError::NotFound { .. }) => {
                return Err(ClientError::NotListed {
                    client: NAME,
                    id: hash.into(),
                });
            }
            Err(e) => return Err(e),
        }
        if let (true, Some(category)) = (labels, &request.category) {
            self.set_label(&hash, category).await?;
        }
        Ok(Added {
            id: hash.into(),
            already_present,
        })
    }

    async fn list(&self, selection: &Selection) -> Result<Vec<ItemStatus>, ClientError> {
        let (filter, category) = match selection {
            Selection::All => (json!({}), None),
            Selection::Category(c) => (json!({}), Some(c.as_str())),
            Selection::Ids(ids) => {
                let hashes: Vec<&InfoHash> = torrent_hashes(ids).collect();
                if hashes.is_empty() {
                    return Ok(vec![]);
                }
                (json!({ "id": hashes }), None)
            }
        };
        let torrents = self.torrents(filter).await?;
        Ok(torrents
            .into_iter()
            .filter_map(|t| {
                let filed = category_of(&t, category);
                match category {
                    Some(c) if filed.as_deref() != Some(c) => None,
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
        let hash = id.torrent(NAME)?;
        self.find(hash).await?;
        self.call::<Value>("core.pause_torrent", json!([[hash]]))
            .await
            .map(drop)
    }

    async fn resume(&self, id: &ItemId) -> Result<(), ClientError> {
        let hash = id.torrent(NAME)?;
        self.find(hash).await?;
        self.call::<Value>("core.resume_torrent", json!([[hash]]))
            .await
            .map(drop)
    }

    async fn remove(&self, id: &ItemId, data: RemoveData) -> Result<(), ClientError> {
        let hash = id.torrent(NAME)?;
        self.find(hash).await?;
        self.call::<Value>(
            "core.remove_torrent",
            json!([hash, data == RemoveData::Delete]),
        )
        .await
        .map(drop)
    }
}
