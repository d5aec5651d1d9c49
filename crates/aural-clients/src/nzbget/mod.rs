//! NZBGet through its JSON-RPC (SPEC §6.8), checked against a real NZBGet 21.0. A job is found
//! by its NZBID in the queue (`listgroups`) and then in the history; NZBGet has no tags and
//! takes no save path per job (the category's folder decides).

mod model;
mod rpc;

use std::time::Duration;

use async_trait::async_trait;
use aural_core::provider::{ProviderKind, TestReport};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::Deserialize;
use serde_json::json;

use crate::client::{
    AddRequest, Added, Connection, DownloadClient, ItemFile, ItemId, ItemStatus, RemoveData,
    Selection, Source, StartMode,
};
use crate::error::ClientError;
use crate::report;

pub(crate) const NAME: &str = "NZBGet";
/// A new job may take a moment to show in the queue: look this often, this many times.
const LISTED_POLL: Duration = Duration::from_millis(250);
const LISTED_TRIES: u32 = 20;

#[derive(Debug)]
pub struct NzbGet {
    rpc: rpc::Rpc,
}

/// Where a job is: in the queue or already in the history.
enum Job {
    Queued(model::Group),
    Done(model::History),
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Status {
    #[serde(default)]
    download_rate: u64,
}

impl NzbGet {
    /// `connection.url` is NZBGet's address (`http://127.0.0.1:6789`) or its full RPC URL; an
    /// empty user name means NZBGet's default `nzbget`.
    pub fn new(http: reqwest::Client, connection: Connection) -> Result<NzbGet, ClientError> {
        Ok(NzbGet {
            rpc: rpc::Rpc::new(http, connection)?,
        })
    }

    async fn groups(&self) -> Result<Vec<model::Group>, ClientError> {
        self.rpc.call("listgroups", json!([0])).await
    }

    async fn history(&self) -> Result<Vec<model::History>, ClientError> {
        let all: Vec<model::History> = self.rpc.call("history", json!([false])).await?;
        Ok(all.into_iter().filter(|h| !h.is_hidden()).collect())
    }

    async fn rate(&self) -> Result<u64, ClientError> {
        let status: Status = self.rpc.call("status", json!([])).await?;
        Ok(status.download_rate)
    }

    async fn find(&self, id: &ItemId) -> Result<Job, ClientError> {
        let not_found = || ClientError::NotFound {
            client: NAME,
            id: id.clone(),
        };
        let nzb_id: u64 = id.nzb(NAME)?.parse().map_err(|_| not_found())?;
        if let Some(group) = self
            .groups()
            .await?
            .into_iter()
            .find(|g| g.nzb_id == nzb_id)
        {
            return Ok(Job::Queued(group));
        }
        self.history()
            .await?
            .into_iter()
            .find(|h| h.nzb_id == nzb_id)
            .map(Job::Done)
            .ok_or_else(not_found)
    }

    /// `editqueue` answers `false` for ids it does not have.
    async fn edit(&self, command: &str, id: &ItemId, nzb_id: u64) -> Result<(), ClientError> {
        let done: bool = self
            .rpc
            .call("editqueue", json!([command, "", [nzb_id]]))
            .await?;
        if done {
            Ok(())
        } else {
            Err(ClientError::NotFound {
                client: NAME,
                id: id.clone(),
            })
        }
    }

    async fn queued_id(&self, id: &ItemId) -> Result<u64, ClientError> {
        match self.find(id).await? {
            Job::Queued(group) => Ok(group.nzb_id),
            Job::Done(_) => Err(ClientError::Rejected {
                client: NAME,
                message: format!("job {id} is finished and in the history"),
            }),
        }
    }
}

/// NZBGet names the job after the file name without `.nzb`.
fn nzb_file_name(name: &str) -> String {
    let name = name.trim();
    if name.to_ascii_lowercase().ends_with(".nzb") {
        name.to_owned()
    } else {
        format!("{name}.nzb")
    }
}

#[async_trait]
impl DownloadClient for NzbGet {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Nzbget
    }

    async fn test(&self) -> TestReport {
        match self.rpc.call::<String>("version", json!([])).await {
            Ok(version) => report::passed(self.kind(), &version),
            Err(e) => report::failed(self.kind(), &e),
        }
    }

    async fn add(&self, request: &AddRequest) -> Result<Added, ClientError> {
        let Source::Nzb { name, bytes } = &request.source else {
            return Err(ClientError::WrongSource { expected: "an NZB" });
        };
        let params = json!([
            nzb_file_name(name),
            B64.encode(bytes),
            request.category.as_deref().unwrap_or_default(),
            0,
            false,
            request.start == StartMode::Paused,
            "",
            0,
            "SCORE",
            [],
        ]);
        let nzb_id: i64 = self.rpc.call("append", params).await?;
        if nzb_id <= 0 {
            return Err(ClientError::Rejected {
                client: NAME,
                message: "append refused the NZB".to_owned(),
            });
        }
        let id = ItemId::Nzb(nzb_id.to_string());
        for _ in 0..LISTED_TRIES {
            match self.find(&id).await {
                Ok(_) => {
                    return Ok(Added {
                        id,
                        already_present: false,
                    });
                }
                Err(ClientError::NotFound { .. }) => tokio::time::sleep(LISTED_POLL).await,
                Err(e) => return Err(e),
            }
        }
        Err(ClientError::NotListed { client: NAME, id })
    }

    async fn list(&self, selection: &Selection) -> Result<Vec<ItemStatus>, ClientError> {
        if let Selection::Ids(ids) = selection
            && ids.iter().all(|id| matches!(id, ItemId::Torrent(_)))
        {
            return Ok(vec![]);
        }
        let rate = self.rate().await?;
        let queued = self.groups().await?;
        let history = self.history().await?;
        let category = match selection {
            Selection::Category(c) => Some(c.as_str()),
            _ => None,
        };
        let mut found: Vec<ItemStatus> = queued
            .into_iter()
            .filter(|g| category.is_none_or(|c| g.category == c))
            .map(|g| {
                let rate = if g.is_downloading() { rate } else { 0 };
                g.into_status(rate)
            })
            .chain(
                history
                    .into_iter()
                    .filter(|h| category.is_none_or(|c| h.category == c))
                    .map(model::History::into_status),
            )
            .collect();
        if let Selection::Ids(ids) = selection {
            found.retain(|s| ids.contains(&s.id));
        }
        Ok(found)
    }

    async fn status(&self, id: &ItemId) -> Result<ItemStatus, ClientError> {
        Ok(match self.find(id).await? {
            Job::Queued(group) => {
                let rate = if group.is_downloading() {
                    self.rate().await?
                } else {
                    0
                };
                group.into_status(rate)
            }
            Job::Done(history) => history.into_status(),
        })
    }

    /// The files still known to the queue; a finished job's files are only on disk.
    async fn files(&self, id: &ItemId) -> Result<Vec<ItemFile>, ClientError> {
        let nzb_id = match self.find(id).await? {
            Job::Queued(group) => group.nzb_id,
            Job::Done(_) => return Ok(vec![]),
        };
        let files: Vec<model::File> = self.rpc.call("listfiles", json!([0, 0, nzb_id])).await?;
        Ok(files
            .into_iter()
            .filter(|f| f.nzb_id == nzb_id)
            .map(ItemFile::from)
            .collect())
    }

    async fn pause(&self, id: &ItemId) -> Result<(), ClientError> {
        let nzb_id = self.queued_id(id).await?;
        self.edit("GroupPause", id, nzb_id).await
    }

    async fn resume(&self, id: &ItemId) -> Result<(), ClientError> {
        let nzb_id = self.queued_id(id).await?;
        self.edit("GroupResume", id, nzb_id).await
    }

    /// A queued job goes with its partial files and leaves no history entry; a finished job's
    /// history entry is hidden (`Keep`) or deleted (`Delete`). NZBGet never deletes a finished
    /// job's files itself.
    async fn remove(&self, id: &ItemId, data: RemoveData) -> Result<(), ClientError> {
        let (command, nzb_id) = match (self.find(id).await?, data) {
            (Job::Queued(group), _) => ("GroupFinalDelete", group.nzb_id),
            (Job::Done(history), RemoveData::Keep) => ("HistoryDelete", history.nzb_id),
            (Job::Done(history), RemoveData::Delete) => ("HistoryFinalDelete", history.nzb_id),
        };
        self.edit(command, id, nzb_id).await
    }
}
