//! SABnzbd's HTTP API (SPEC §6.7): `GET <base>/api?mode=…&output=json&apikey=…`. A wrong key is
//! HTTP 403 with the text `API Key Incorrect` (SABnzbd 3 and later) or, from older versions, an
//! HTTP 200 `{"status": false, "error": "API Key Incorrect"}`.

use aural_core::Sensitive;
use aural_http::RedactedUrl;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::NAME;
use crate::client::Connection;
use crate::error::ClientError;
use crate::transport;

/// The longest refusal text kept in an error.
const MESSAGE_CHARS: usize = 200;

#[derive(Debug)]
pub(super) struct Api {
    http: reqwest::Client,
    /// Ends in `/api`, without a query.
    url: Url,
    key: Sensitive<String>,
}

impl Api {
    pub(super) fn new(http: reqwest::Client, connection: Connection) -> Result<Api, ClientError> {
        let invalid = || ClientError::InvalidUrl(RedactedUrl::new(&connection.url).to_string());
        let mut url = connection.url.clone();
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(invalid());
        }
        url.set_query(None);
        if !url.path().trim_end_matches('/').ends_with("/api") {
            if !url.path().ends_with('/') {
                url.set_path(&format!("{}/", url.path()));
            }
            url = url.join("api").map_err(|_| invalid())?;
        }
        Ok(Api {
            http,
            url,
            key: connection
                .password
                .unwrap_or_else(|| Sensitive::new(String::new())),
        })
    }

    fn url(&self, mode: &str, params: &[(&str, &str)]) -> Url {
        let mut url = self.url.clone();
        url.query_pairs_mut()
            .append_pair("mode", mode)
            .extend_pairs(params)
            .append_pair("output", "json")
            .append_pair("apikey", self.key.expose());
        url
    }

    /// `GET ?mode=<mode>&<params>` and its JSON.
    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        mode: &'static str,
        params: &[(&str, &str)],
    ) -> Result<T, ClientError> {
        let url = self.url(mode, params);
        let response = transport::send(self.http.get(url.clone()), &url).await?;
        self.read(response, mode, &url).await
    }

    /// `POST ?mode=addfile&<params>` with the NZB as the multipart field `name`.
    pub(super) async fn add_file<T: DeserializeOwned>(
        &self,
        params: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> Result<T, ClientError> {
        let url = self.url("addfile", params);
        let part = Part::bytes(bytes.to_vec())
            .file_name(file_name.to_owned())
            .mime_str("application/x-nzb")
            .expect("a constant, valid MIME type");
        let request = self
            .http
            .post(url.clone())
            .multipart(Form::new().part("name", part));
        let response = transport::send(request, &url).await?;
        self.read(response, "addfile", &url).await
    }

    async fn read<T: DeserializeOwned>(
        &self,
        response: reqwest::Response,
        mode: &'static str,
        url: &Url,
    ) -> Result<T, ClientError> {
        let status = response.status();
        let text = transport::text(response, url).await?;
        match status {
            StatusCode::OK => {}
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => return Err(refusal(&text)),
            s if s.is_server_error() => {
                return Err(ClientError::Http {
                    client: NAME,
                    status: s.as_u16(),
                    endpoint: mode,
                });
            }
            _ => return Err(self.not_sabnzbd()),
        }
        let value: Value = serde_json::from_str(&text).map_err(|_| self.not_sabnzbd())?;
        if value.get("status") == Some(&Value::Bool(false))
            && let Some(error) = value.get("error").and_then(Value::as_str)
        {
            return Err(refusal(error));
        }
        serde_json::from_value(value).map_err(|source| ClientError::Parse {
            client: NAME,
            endpoint: mode,
            source,
        })
    }

    fn not_sabnzbd(&self) -> ClientError {
        ClientError::NotTheClient {
            url: RedactedUrl::new(&self.url),
            client: NAME,
        }
    }
}

/// "API Key Incorrect" and "API Key Required" are the key's fault; anything else (an address
/// SABnzbd does not let in, a host name it does not know) is said as SABnzbd said it.
fn refusal(text: &str) -> ClientError {
    if text.contains("API Key") {
        ClientError::Auth { client: NAME }
    } else {
        ClientError::Rejected {
            client: NAME,
            message: aural_http::redact::text(text.trim())
                .chars()
                .take(MESSAGE_CHARS)
                .collect(),
        }
    }
}
