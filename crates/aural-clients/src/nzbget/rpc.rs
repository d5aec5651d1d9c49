//! NZBGet's JSON-RPC envelope (SPEC §6.8): `POST /jsonrpc` with basic auth (401 for a wrong
//! password), `{"result"}` or `{"error": {"code", "message"}}` in an HTTP 200.

use aural_core::Sensitive;
use aural_http::RedactedUrl;
use reqwest::StatusCode;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use url::Url;

use super::NAME;
use crate::client::Connection;
use crate::error::ClientError;
use crate::transport;

/// NZBGet's own default control user, for settings that leave the user name empty.
const DEFAULT_USER: &str = "nzbget";

#[derive(Debug)]
pub(super) struct Rpc {
    http: reqwest::Client,
    url: Url,
    username: String,
    password: Option<Sensitive<String>>,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    result: Value,
    error: Option<RpcError>,
}

#[derive(Deserialize)]
struct RpcError {
    #[serde(default)]
    message: String,
}

impl Rpc {
    pub(super) fn new(http: reqwest::Client, connection: Connection) -> Result<Rpc, ClientError> {
        let invalid = || ClientError::InvalidUrl(RedactedUrl::new(&connection.url).to_string());
        let mut url = connection.url.clone();
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(invalid());
        }
        url.set_query(None);
        if !url.path().trim_end_matches('/').ends_with("/jsonrpc") {
            if !url.path().ends_with('/') {
                url.set_path(&format!("{}/", url.path()));
            }
            url = url.join("jsonrpc").map_err(|_| invalid())?;
        }
        Ok(Rpc {
            http,
            url,
            username: connection
                .username
                .filter(|u| !u.is_empty())
                .unwrap_or_else(|| DEFAULT_USER.to_owned()),
            password: connection.password,
        })
    }

    /// Calls `method` with positional `params` and reads its `result`.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        method: &'static str,
        params: Value,
    ) -> Result<T, ClientError> {
        let body = json!({ "method": method, "params": params, "id": 1 });
        let request = self
            .http
            .post(self.url.clone())
            .json(&body)
            .basic_auth(&self.username, self.password.as_ref().map(|p| p.expose()));
        let response = transport::send(request, &self.url).await?;
        match response.status() {
            StatusCode::OK => {}
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                return Err(ClientError::Auth { client: NAME });
            }
            s if s.is_server_error() => {
                return Err(ClientError::Http {
                    client: NAME,
                    status: s.as_u16(),
                    endpoint: method,
                });
            }
            _ => return Err(self.not_nzbget()),
        }
        let text = transport::text(response, &self.url).await?;
        let envelope: Envelope = serde_json::from_str(&text).map_err(|_| self.not_nzbget())?;
        if let Some(error) = envelope.error {
            return Err(ClientError::Rejected {
                client: NAME,
                message: format!("{method}: {}", error.message),
            });
        }
        serde_json::from_value(envelope.result).map_err(|source| ClientError::Parse {
            client: NAME,
            endpoint: method,
            source,
        })
    }

    fn not_nzbget(&self) -> ClientError {
        ClientError::NotTheClient {
            url: RedactedUrl::new(&self.url),
            client: NAME,
        }
    }
}
