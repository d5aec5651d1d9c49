//! Transmission's RPC envelope (SPEC §6.5): HTTP basic auth, the `X-Transmission-Session-Id`
//! handshake (a 409 hands out the id to send, again whenever it changes), and a `result` text
//! that is `success` or the reason for a refusal.

use aural_core::Sensitive;
use aural_http::RedactedUrl;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::Mutex;
use url::Url;

use super::NAME;
use crate::client::Connection;
use crate::error::ClientError;
use crate::transport;

const SESSION_HEADER: &str = "X-Transmission-Session-Id";
/// One 409 is expected per new session; a second in a row means it is not Transmission.
const HANDSHAKE_TRIES: usize = 3;

#[derive(Debug)]
pub(super) struct Rpc {
    http: reqwest::Client,
    url: Url,
    username: Option<String>,
    password: Option<Sensitive<String>>,
    session_id: Mutex<Option<Sensitive<String>>>,
}

#[derive(Deserialize)]
struct Envelope {
    result: String,
    #[serde(default)]
    arguments: Value,
}

impl Rpc {
    pub(super) fn new(http: reqwest::Client, connection: Connection) -> Result<Rpc, ClientError> {
        let mut url = connection.url.clone();
        let invalid = || ClientError::InvalidUrl(RedactedUrl::new(&connection.url).to_string());
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(invalid());
        }
        url.set_query(None);
        if !url
            .path()
            .trim_end_matches('/')
            .ends_with("/transmission/rpc")
        {
            if !url.path().ends_with('/') {
                url.set_path(&format!("{}/", url.path()));
            }
            url = url.join("transmission/rpc").map_err(|_| invalid())?;
        }
        Ok(Rpc {
            http,
            url,
            username: connection.username,
            password: connection.password,
            session_id: Mutex::new(None),
        })
    }

    /// Calls `method` and returns its `arguments`.
    pub(super) async fn call(
        &self,
        method: &'static str,
        arguments: Value,
    ) -> Result<Value, ClientError> {
        let body = serde_json::json!({ "method": method, "arguments": arguments });
        for _ in 0..HANDSHAKE_TRIES {
            let mut request = self.http.post(self.url.clone()).json(&body);
            if let Some(user) = &self.username {
                request = request.basic_auth(user, self.password.as_ref().map(|p| p.expose()));
            }
            if let Some(id) = &*self.session_id.lock().await {
                request = request.header(SESSION_HEADER, id.expose());
            }
            let response = transport::send(request, &self.url).await?;
            match response.status() {
                StatusCode::CONFLICT => {
                    let id = response
                        .headers()
                        .get(SESSION_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .ok_or_else(|| self.not_transmission())?;
                    *self.session_id.lock().await = Some(Sensitive::new(id.to_owned()));
                }
                StatusCode::UNAUTHORIZED => return Err(ClientError::Auth { client: NAME }),
                s if s.is_success() => {
                    let text = transport::text(response, &self.url).await?;
                    let envelope: Envelope =
                        serde_json::from_str(&text).map_err(|_| self.not_transmission())?;
                    if envelope.result != "success" {
                        return Err(ClientError::Rejected {
                            client: NAME,
                            message: envelope.result,
                        });
                    }
                    return Ok(envelope.arguments);
                }
                s if s.is_server_error() => {
                    return Err(ClientError::Http {
                        client: NAME,
                        status: s.as_u16(),
                        endpoint: method,
                    });
                }
                _ => return Err(self.not_transmission()),
            }
        }
        Err(self.not_transmission())
    }

    fn not_transmission(&self) -> ClientError {
        ClientError::NotTheClient {
            url: RedactedUrl::new(&self.url),
            client: NAME,
        }
    }
}
