//! deluge-web's JSON-RPC envelope (SPEC §6.6): `POST /json`, a `_session_id` cookie from
//! `auth.login`, errors as HTTP 200 with an `error` object, and deluge-web connected to its
//! daemon before any `core.*` call.

use std::time::Duration;

use aural_core::Sensitive;
use aural_http::RedactedUrl;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::Mutex;
use url::Url;

use super::NAME;
use crate::client::Connection;
use crate::error::ClientError;
use crate::transport;

const SESSION_COOKIE: &str = "_session_id";
/// deluge-web's error code for a call without a valid session.
const NOT_AUTHENTICATED: i64 = 1;
const UNKNOWN_METHOD: &str = "Unknown method";
/// `web.connect` returns before the connection is up: look this often, this many times.
const CONNECT_POLL: Duration = Duration::from_millis(250);
const CONNECT_TRIES: u32 = 40;

#[derive(Debug)]
pub(super) struct Rpc {
    http: reqwest::Client,
    url: Url,
    password: Sensitive<String>,
    state: Mutex<State>,
}

#[derive(Debug, Clone)]
enum State {
    SignedOut,
    SignedIn(Sensitive<String>),
    /// The password was refused: report that without asking again.
    Refused,
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
    #[serde(default)]
    code: i64,
}

/// An `error` deluge-web answered with; [`Failure::Client`] is everything else that went wrong.
pub(super) enum Failure {
    Remote { message: String },
    Client(ClientError),
}

impl From<ClientError> for Failure {
    fn from(error: ClientError) -> Failure {
        Failure::Client(error)
    }
}

impl Failure {
    pub(super) fn into_error(self) -> ClientError {
        match self {
            Failure::Remote { message } => ClientError::Rejected {
                client: NAME,
                message: short(&message),
            },
            Failure::Client(error) => error,
        }
    }
}

/// The exception line of a remote traceback, without the frames.
fn short(message: &str) -> String {
    let line = message
        .split(['\n', '>'])
        .map(str::trim)
        .find(|l| l.starts_with(':'))
        .map(|l| l.trim_start_matches(':').trim())
        .unwrap_or(message.trim());
    line.trim_end_matches(['.', ']'])
        .chars()
        .take(200)
        .collect()
}

impl Rpc {
    pub(super) fn new(http: reqwest::Client, connection: Connection) -> Result<Rpc, ClientError> {
        let invalid = || ClientError::InvalidUrl(RedactedUrl::new(&connection.url).to_string());
        let mut url = connection.url.clone();
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(invalid());
        }
        url.set_query(None);
        if !url.path().trim_end_matches('/').ends_with("/json") {
            if !url.path().ends_with('/') {
                url.set_path(&format!("{}/", url.path()));
            }
            url = url.join("json").map_err(|_| invalid())?;
        }
        Ok(Rpc {
            http,
            url,
            password: connection
                .password
                .unwrap_or_else(|| Sensitive::new(String::new())),
            state: Mutex::new(State::SignedOut),
        })
    }

    /// Calls `method` signed in and connected, signing in once more when the session expired.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        method: &'static str,
        params: Value,
    ) -> Result<T, Failure> {
        let mut signed_in_again = false;
        loop {
            let session = self.session().await?;
            match self.send(method, &params, Some(&session)).await {
                Err(Failure::Client(ClientError::Auth { .. })) if !signed_in_again => {
                    signed_in_again = true;
                    self.sign_out().await;
                }
                Err(e) => return Err(e),
                Ok((result, _)) => return parse(method, result).map_err(Failure::Client),
            }
        }
    }

    /// Signs in and connects again even when signed in: what a connection test does.
    pub(super) async fn fresh_login(&self) -> Result<(), ClientError> {
        let mut state = self.state.lock().await;
        *state = State::SignedOut;
        let session = self.login().await.inspect_err(|e| {
            if matches!(e, ClientError::Auth { .. }) {
                *state = State::Refused;
            }
        })?;
        *state = State::SignedIn(session);
        Ok(())
    }

    async fn session(&self) -> Result<Sensitive<String>, ClientError> {
        let mut state = self.state.lock().await;
        match &*state {
            State::SignedIn(session) => Ok(session.clone()),
            State::Refused => Err(ClientError::Auth { client: NAME }),
            State::SignedOut => {
                let session = self.login().await.inspect_err(|e| {
                    if matches!(e, ClientError::Auth { .. }) {
                        *state = State::Refused;
                    }
                })?;
                *state = State::SignedIn(session.clone());
                Ok(session)
            }
        }
    }

    async fn sign_out(&self) {
        let mut state = self.state.lock().await;
        if matches!(*state, State::SignedIn(_)) {
            *state = State::SignedOut;
        }
    }

    /// `auth.login`, then `web.connect` to the first known daemon unless already connected.
    async fn login(&self) -> Result<Sensitive<String>, ClientError> {
        let (result, cookie) = self
            .send("auth.login", &json!([self.password.expose()]), None)
            .await
            .map_err(Failure::into_error)?;
        let session = match (result, cookie) {
            (Value::Bool(true), Some(cookie)) => cookie,
            (Value::Bool(false), _) => return Err(ClientError::Auth { client: NAME }),
            _ => return Err(self.not_deluge()),
        };
        if !self.connected(&session).await? {
            let hosts: Vec<Vec<Value>> = self.plain(&session, "web.get_hosts", json!([])).await?;
            let host = hosts
                .first()
                .and_then(|h| h.first())
                .and_then(Value::as_str)
                .ok_or_else(|| ClientError::Rejected {
                    client: NAME,
                    message: "deluge-web knows no daemon to connect to".to_owned(),
                })?
                .to_owned();
            self.plain::<Value>(&session, "web.connect", json!([host]))
                .await?;
            let mut tries = 0;
            while !self.connected(&session).await? {
                tries += 1;
                if tries >= CONNECT_TRIES {
                    return Err(ClientError::Rejected {
                        client: NAME,
                        message: "deluge-web cannot connect to its daemon".to_owned(),
                    });
                }
                tokio::time::sleep(CONNECT_POLL).await;
            }
        }
        self.methods_known(&session).await?;
        Ok(session)
    }

    /// deluge-web learns the daemon's methods only after it reports being connected; until
    /// then every `core.*` call is "Unknown method".
    async fn methods_known(&self, session: &Sensitive<String>) -> Result<(), ClientError> {
        let mut tries = 0;
        loop {
            match self
                .send("daemon.get_version", &json!([]), Some(session))
                .await
            {
                Ok(_) => return Ok(()),
                Err(Failure::Remote { message })
                    if message == UNKNOWN_METHOD && tries < CONNECT_TRIES =>
                {
                    tries += 1;
                    tokio::time::sleep(CONNECT_POLL).await;
                }
                Err(e) => return Err(e.into_error()),
            }
        }
    }

    async fn connected(&self, session: &Sensitive<String>) -> Result<bool, ClientError> {
        self.plain(session, "web.connected", json!([])).await
    }

    /// One call with a known session, no second sign-in.
    async fn plain<T: DeserializeOwned>(
        &self,
        session: &Sensitive<String>,
        method: &'static str,
        params: Value,
    ) -> Result<T, ClientError> {
        let (result, _) = self
            .send(method, &params, Some(session))
            .await
            .map_err(Failure::into_error)?;
        parse(method, result)
    }

    /// One request: the `result` and any new session cookie.
    async fn send(
        &self,
        method: &'static str,
        params: &Value,
        session: Option<&Sensitive<String>>,
    ) -> Result<(Value, Option<Sensitive<String>>), Failure> {
        let body = json!({ "method": method, "params": params, "id": 1 });
        let mut request = self.http.post(self.url.clone()).json(&body);
        if let Some(session) = session {
            request = request.header(COOKIE, format!("{SESSION_COOKIE}={}", session.expose()));
        }
        let response = transport::send(request, &self.url).await?;
        let status = response.status();
        if status.is_server_error() {
            return Err(ClientError::Http {
                client: NAME,
                status: status.as_u16(),
                endpoint: method,
            }
            .into());
        }
        if status != StatusCode::OK {
            return Err(self.not_deluge().into());
        }
        let cookie = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix(SESSION_COOKIE)?.strip_prefix('='))
            .map(|v| Sensitive::new(v.split(';').next().unwrap_or_default().to_owned()));
        let text = transport::text(response, &self.url).await?;
        let envelope: Envelope = serde_json::from_str(&text).map_err(|_| self.not_deluge())?;
        match envelope.error {
            None => Ok((envelope.result, cookie)),
            Some(e) if e.code == NOT_AUTHENTICATED => {
                Err(ClientError::Auth { client: NAME }.into())
            }
            Some(e) => Err(Failure::Remote { message: e.message }),
        }
    }

    fn not_deluge(&self) -> ClientError {
        ClientError::NotTheClient {
            url: RedactedUrl::new(&self.url),
            client: NAME,
        }
    }
}

fn parse<T: DeserializeOwned>(method: &'static str, result: Value) -> Result<T, ClientError> {
    serde_json::from_value(result).map_err(|source| ClientError::Parse {
        client: NAME,
        endpoint: method,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::short;

    /// What deluge-web sends back when the daemon raised (Twisted's failure text).
    const TRACEBACK: &str = concat!(
        "Failure: [Failure instance: Traceback (failure with no frames): <class ",
        "\u{27}deluge.error.AddTorrentError\u{27}>: Torrent already in session ",
        "(0123456789abcdef0123456789abcdef01234567).\n]"
    );

    #[test]
    fn a_remote_traceback_is_shortened_to_its_exception() {
        assert_eq!(
            short(TRACEBACK),
            "Torrent already in session (0123456789abcdef0123456789abcdef01234567)"
        );
        assert_eq!(short("Unknown method"), "Unknown method");
    }
}
