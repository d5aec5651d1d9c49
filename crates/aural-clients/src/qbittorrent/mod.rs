//! qBittorrent's Web API v2 (SPEC §6.4), checked against a real qbittorrent-nox 4.5.2 and
//! speaking 5.x's renamed endpoints when the daemon reports Web API 2.11 or later.

mod api_version;
mod model;
mod session;

use std::time::Duration;

use async_trait::async_trait;
use aural_core::provider::{ProviderKind, TestReport};
use reqwest::multipart::{Form, Part};

use crate::client::{
    AddRequest, Added, Connection, DownloadClient, ItemFile, ItemId, ItemStatus, RemoveData,
    Selection, StartMode, Torrent,
};
use crate::error::ClientError;
use crate::info_hash::InfoHash;
use crate::report;
use crate::transport;

use api_version::Dialect;
use session::Sessions;

pub(crate) const NAME: &str = "qBittorrent";
/// `torrents/add` answers before the torrent exists (SPEC §6.4): look for it this often, this
/// many times, before calling the add failed.
const LISTED_POLL: Duration = Duration::from_millis(250);
const LISTED_TRIES: u32 = 40;

#[derive(Debug)]
pub struct QBittorrent {
    sessions: Sessions,
}

impl QBittorrent {
    /// `connection.url` is the Web UI address, possibly with a sub-path
    /// (`http://nas:8080/qbittorrent/`).
    pub fn new(http: reqwest::Client, connection: Connection) -> Result<QBittorrent, ClientError> {
        Ok(QBittorrent {
            sessions: Sessions::new(http, connection)?,
        })
    }

    async fn torrents(&self, query: &[(&str, String)]) -> Result<Vec<model::Torrent>, ClientError> {
        let query = query.to_vec();
        let response = self
            .sessions
            .call("torrents/info", move |http, url| {
                http.get(url).query(&query)
            })
            .await?;
        read_json(
            response,
            "torrents/info",
            self.sessions.url("torrents/info"),
        )
        .await
    }

    async fn find(&self, hash: &InfoHash) -> Result<Option<model::Torrent>, ClientError> {
        let found = self.torrents(&[("hashes", hash.to_string())]).await?;
        Ok(found.into_iter().find(|t| t.hash() == hash))
    }

    async fn require(&self, hash: &InfoHash) -> Result<(), ClientError> {
        match self.find(hash).await? {
            Some(_) => Ok(()),
            None => Err(ClientError::NotFound {
                client: NAME,
                id: ItemId::Torrent(hash.clone()),
            }),
        }
    }

    async fn wait_listed(&self, hash: &InfoHash) -> Result<(), ClientError> {
        for _ in 0..LISTED_TRIES {
            if self.find(hash).await?.is_some() {
                return Ok(());
            }
            tokio::time::sleep(LISTED_POLL).await;
        }
        Err(ClientError::NotListed {
            client: NAME,
            id: ItemId::Torrent(hash.clone()),
        })
    }

    /// Pause or resume in the daemon's dialect; a 404 means the guess was wrong, so the other
    /// dialect is tried and remembered.
    async fn switch(
        &self,
        hash: &InfoHash,
        endpoint: fn(Dialect) -> &'static str,
    ) -> Result<(), ClientError> {
        self.require(hash).await?;
        let dialect = self.sessions.dialect().await?;
        for dialect in [dialect, dialect.other()] {
            let form = [("hashes", hash.to_string())];
            let result = self
                .sessions
                .call(endpoint(dialect), move |http, url| {
                    http.post(url).form(&form)
                })
                .await;
            match result {
                Ok(_) => {
                    self.sessions.set_dialect(dialect).await;
                    return Ok(());
                }
                Err(ClientError::Http { status: 404, .. }) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(ClientError::Http {
            client: NAME,
            status: 404,
            endpoint: endpoint(dialect),
        })
    }
}

/// The torrents among `ids`; NZB ids name nothing a torrent client has.
pub(crate) fn torrent_hashes(ids: &[ItemId]) -> impl Iterator<Item = &InfoHash> {
    ids.iter().filter_map(|id| match id {
        ItemId::Torrent(hash) => Some(hash),
        ItemId::Nzb(_) => None,
    })
}

async fn read_json<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    endpoint: &'static str,
    url: url::Url,
) -> Result<T, ClientError> {
    let body = transport::text(response, &url).await?;
    serde_json::from_str(&body).map_err(|source| ClientError::Parse {
        client: NAME,
        endpoint,
        source,
    })
}

fn add_form(torrent: Torrent<'_>, request: &AddRequest, dialect: Dialect) -> Form {
    let mut form = match torrent {
        Torrent::Magnet(magnet) => Form::new().text("urls", magnet.to_owned()),
        Torrent::File(bytes) => Form::new().part(
            "torrents",
            Part::bytes(bytes.to_vec())
                .file_name("release.torrent")
                .mime_str("application/x-bittorrent")
                .expect("a constant, valid MIME type"),
        ),
    };
    if let Some(category) = &request.category {
        form = form.text("category", category.clone());
    }
    if !request.tags.is_empty() {
        form = form.text("tags", request.tags.join(","));
    }
    if let Some(path) = &request.save_path {
        // With automatic torrent management the category's folder would win over this path.
        form = form.text("savepath", path.clone()).text("autoTMM", "false");
    }
    if request.start == StartMode::Paused {
        form = form.text(dialect.add_paused_field(), "true");
    }
    form
}

#[async_trait]
impl DownloadClient for QBittorrent {
    fn kind(&self) -> ProviderKind {
        ProviderKind::QBittorrent
    }

    async fn test(&self) -> TestReport {
        match self.sessions.fresh_login().await {
            Ok(version) => report::passed(self.kind(), &version),
            Err(e) => report::failed(self.kind(), &e),
        }
    }

    async fn add(&self, request: &AddRequest) -> Result<Added, ClientError> {
        let (torrent, hash) = request.source.torrent()?;
        let dialect = self.sessions.dialect().await?;
        let response = self
            .sessions
            .call("torrents/add", |http, url| {
                http.post(url)
                    .multipart(add_form(torrent, request, dialect))
            })
            .await?;
        let body = transport::text(response, &self.sessions.url("torrents/add")).await?;
        if body.trim() == "Ok." {
            self.wait_listed(&hash).await?;
            return Ok(Added {
                id: hash.into(),
                already_present: false,
            });
        }
        // 4.x answers "Fails." both for a duplicate and for a torrent it cannot use.
        if self.find(&hash).await?.is_some() {
            return Ok(Added {
                id: hash.into(),
                already_present: true,
            });
        }
        Err(ClientError::Rejected {
            client: NAME,
            message: format!(
                "torrents/add answered {:?}",
                body.trim().chars().take(80).collect::<String>()
            ),
        })
    }

    async fn list(&self, selection: &Selection) -> Result<Vec<ItemStatus>, ClientError> {
        let query = match selection {
            Selection::All => vec![],
            Selection::Category(category) => vec![("category", category.clone())],
            Selection::Ids(ids) => {
                let joined: Vec<&str> = torrent_hashes(ids).map(InfoHash::as_str).collect();
                if joined.is_empty() {
                    return Ok(vec![]);
                }
                vec![("hashes", joined.join("|"))]
            }
        };
        let torrents = self.torrents(&query).await?;
        Ok(torrents
            .into_iter()
            .map(model::Torrent::into_status)
            .collect())
    }

    async fn status(&self, id: &ItemId) -> Result<ItemStatus, ClientError> {
        let hash = id.torrent(NAME)?;
        self.find(hash)
            .await?
            .map(model::Torrent::into_status)
            .ok_or_else(|| ClientError::NotFound {
                client: NAME,
                id: ItemId::Torrent(hash.clone()),
            })
    }

    async fn files(&self, id: &ItemId) -> Result<Vec<ItemFile>, ClientError> {
        let hash = id.torrent(NAME)?;
        let query = [("hash", hash.to_string())];
        let response = match self
            .sessions
            .call("torrents/files", move |http, url| {
                http.get(url).query(&query)
            })
            .await
        {
            Err(ClientError::Http { status: 404, .. }) => {
                return Err(ClientError::NotFound {
                    client: NAME,
                    id: ItemId::Torrent(hash.clone()),
                });
            }
            other => other?,
        };
        let files: Vec<model::File> = read_json(
            response,
            "torrents/files",
            self.sessions.url("torrents/files"),
        )
        .await?;
        Ok(files.into_iter().map(ItemFile::from).collect())
    }

    async fn pause(&self, id: &ItemId) -> Result<(), ClientError> {
        self.switch(id.torrent(NAME)?, Dialect::pause_endpoint)
            .await
    }

    async fn resume(&self, id: &ItemId) -> Result<(), ClientError> {
        self.switch(id.torrent(NAME)?, Dialect::resume_endpoint)
            .await
    }

    async fn remove(&self, id: &ItemId, data: RemoveData) -> Result<(), ClientError> {
        let hash = id.torrent(NAME)?;
        // `torrents/delete` answers 200 for hashes it does not have.
        self.require(hash).await?;
        let delete_files = match data {
            RemoveData::Keep => "false",
            RemoveData::Delete => "true",
        };
        let form = [
            ("hashes", hash.to_string()),
            ("deleteFiles", delete_files.to_owned()),
        ];
        self.sessions
            .call("torrents/delete", move |http, url| {
                http.post(url).form(&form)
            })
            .await?;
        Ok(())
    }
}
