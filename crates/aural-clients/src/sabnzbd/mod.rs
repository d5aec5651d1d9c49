//! SABnzbd through its HTTP API (SPEC §6.7), built from its documented API and source: Debian
//! does not package it, so the tests run against a fake that answers the same way. The API key
//! is the connection's `password`; SABnzbd has no tags and takes no save path per job.

mod api;
mod model;

use std::time::Duration;

use async_trait::async_trait;
use aural_core::provider::{ProviderKind, TestReport};
use serde::Deserialize;

use crate::client::{
    AddRequest, Added, Connection, DownloadClient, ItemFile, ItemId, ItemStatus, RemoveData,
    Selection, Source, StartMode,
};
use crate::error::ClientError;
use crate::report;

pub(crate) const NAME: &str = "SABnzbd";
/// A new job may take a moment to show in the queue: look this often, this many times.
const LISTED_POLL: Duration = Duration::from_millis(250);
const LISTED_TRIES: u32 = 20;
/// SABnzbd's priority that adds a job paused.
const PAUSED_PRIORITY: &str = "-2";

#[derive(Debug)]
pub struct Sabnzbd {
    api: api::Api,
}

enum Job {
    Queued(model::QueueSlot),
    Done(model::HistorySlot),
}

#[derive(Deserialize)]
struct Version {
    version: String,
}

/// The answer of the calls that change jobs: whether anything was done.
#[derive(Deserialize)]
struct Done {
    #[serde(default)]
    status: bool,
    #[serde(default)]
    nzo_ids: Vec<String>,
}

impl Sabnzbd {
    /// `connection.url` is SABnzbd's address (`http://127.0.0.1:8080/sabnzbd`) or its `/api`
    /// URL; `connection.password` is the API key.
    pub fn new(http: reqwest::Client, connection: Connection) -> Result<Sabnzbd, ClientError> {
        Ok(Sabnzbd {
            api: api::Api::new(http, connection)?,
        })
    }

    async fn queue(&self) -> Result<model::Queue, ClientError> {
        let answer: model::QueueAnswer = self.api.get("queue", &[]).await?;
        Ok(answer.queue)
    }

    async fn history(&self) -> Result<Vec<model::HistorySlot>, ClientError> {
        let answer: model::HistoryAnswer = self.api.get("history", &[]).await?;
        Ok(answer.history.slots)
    }

    async fn find(&self, id: &ItemId) -> Result<(Job, u64), ClientError> {
        let nzo_id = id.nzb(NAME)?;
        let queue = self.queue().await?;
        let rate = rate(&queue);
        if let Some(slot) = queue.slots.into_iter().find(|s| s.nzo_id == nzo_id) {
            return Ok((Job::Queued(slot), rate));
        }
        self.history()
            .await?
            .into_iter()
            .find(|s| s.nzo_id == nzo_id)
            .map(|s| (Job::Done(s), 0))
            .ok_or_else(|| ClientError::NotFound {
                client: NAME,
                id: id.clone(),
            })
    }

    async fn queued(&self, id: &ItemId) -> Result<String, ClientError> {
        match self.find(id).await?.0 {
            Job::Queued(slot) => Ok(slot.nzo_id),
            Job::Done(_) => Err(ClientError::Rejected {
                client: NAME,
                message: format!("job {id} is finished and in the history"),
            }),
        }
    }

    /// A change SABnzbd answers with `status: false` did not happen.
    async fn change(
        &self,
        mode: &'static str,
        params: &[(&str, &str)],
        id: &ItemId,
    ) -> Result<(), ClientError> {
        let done: Done = self.api.get(mode, params).await?;
        if done.status {
            Ok(())
        } else {
            Err(ClientError::NotFound {
                client: NAME,
                id: id.clone(),
            })
        }
    }
}

/// SABnzbd's whole download rate in bytes per second.
fn rate(queue: &model::Queue) -> u64 {
    let rate = queue.kbpersec * 1024.0;
    if rate.is_finite() && rate > 0.0 {
        rate as u64
    } else {
        0
    }
}

#[async_trait]
impl DownloadClient for Sabnzbd {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Sabnzbd
    }

    /// `mode=version` needs no key, so the queue is read as well to check the key.
    async fn test(&self) -> TestReport {
        let checked = async {
            let version: Version = self.api.get("version", &[]).await?;
            self.api
                .get::<model::QueueAnswer>("queue", &[("limit", "1")])
                .await?;
            Ok::<_, ClientError>(version.version)
        };
        match checked.await {
            Ok(version) => report::passed(self.kind(), &version),
            Err(e) => report::failed(self.kind(), &e),
        }
    }

    async fn add(&self, request: &AddRequest) -> Result<Added, ClientError> {
        let Source::Nzb { name, bytes } = &request.source else {
            return Err(ClientError::WrongSource { expected: "an NZB" });
        };
        let job_name = name.trim().trim_end_matches(".nzb");
        let file_name = format!("{job_name}.nzb");
        let mut params = vec![("nzbname", job_name)];
        if let Some(category) = &request.category {
            params.push(("cat", category.as_str()));
        }
        if request.start == StartMode::Paused {
            params.push(("priority", PAUSED_PRIORITY));
        }
        let done: Done = self.api.add_file(&params, &file_name, bytes).await?;
        let nzo_id = match (done.status, done.nzo_ids.into_iter().next()) {
            (true, Some(nzo_id)) => nzo_id,
            _ => {
                return Err(ClientError::Rejected {
                    client: NAME,
                    message: "addfile did not take the NZB".to_owned(),
                });
            }
        };
        let id = ItemId::Nzb(nzo_id);
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
        let queue = self.queue().await?;
        let rate = rate(&queue);
        let mut found: Vec<ItemStatus> = queue
            .slots
            .into_iter()
            .map(|s| s.into_status(rate))
            .chain(
                self.history()
                    .await?
                    .into_iter()
                    .map(model::HistorySlot::into_status),
            )
            .collect();
        match selection {
            Selection::All => {}
            Selection::Category(c) => found.retain(|s| s.category.as_ref() == Some(c)),
            Selection::Ids(ids) => found.retain(|s| ids.contains(&s.id)),
        }
        Ok(found)
    }

    async fn status(&self, id: &ItemId) -> Result<ItemStatus, ClientError> {
        Ok(match self.find(id).await? {
            (Job::Queued(slot), rate) => slot.into_status(rate),
            (Job::Done(slot), _) => slot.into_status(),
        })
    }

    /// The files of a queued job; a finished job's files are only on disk.
    async fn files(&self, id: &ItemId) -> Result<Vec<ItemFile>, ClientError> {
        let status = match self.find(id).await? {
            (Job::Queued(slot), rate) => slot.into_status(rate),
            (Job::Done(_), _) => return Ok(vec![]),
        };
        let nzo_id = id.nzb(NAME)?;
        let answer: model::FilesAnswer = self.api.get("get_files", &[("value", nzo_id)]).await?;
        Ok(answer
            .files
            .into_iter()
            .map(|f| f.into_item(&status.name))
            .collect())
    }

    async fn pause(&self, id: &ItemId) -> Result<(), ClientError> {
        let nzo_id = self.queued(id).await?;
        self.change("queue", &[("name", "pause"), ("value", &nzo_id)], id)
            .await
    }

    async fn resume(&self, id: &ItemId) -> Result<(), ClientError> {
        let nzo_id = self.queued(id).await?;
        self.change("queue", &[("name", "resume"), ("value", &nzo_id)], id)
            .await
    }

    /// A queued job goes from the queue, a finished one from the history; `Delete` has SABnzbd
    /// delete its files too.
    async fn remove(&self, id: &ItemId, data: RemoveData) -> Result<(), ClientError> {
        let del_files = match data {
            RemoveData::Keep => "0",
            RemoveData::Delete => "1",
        };
        match self.find(id).await?.0 {
            Job::Queued(slot) => {
                let params = [
                    ("name", "delete"),
                    ("value", slot.nzo_id.as_str()),
                    ("del_files", del_files),
                ];
                self.change("queue", &params, id).await
            }
            Job::Done(slot) => {
                // SABnzbd answers `status: true` here whether or not it had the job.
                let params = [
                    ("name", "delete"),
                    ("value", slot.nzo_id.as_str()),
                    ("del_files", del_files),
                ];
                self.change("history", &params, id).await
            }
        }
    }
}
