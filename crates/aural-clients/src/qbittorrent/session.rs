//! Signing in to qBittorrent and sending requests with its `SID` cookie: one login at a time,
//! one new login when a call answers 403, and no second try after a wrong password, because
//! five failed logins ban the address for an hour (SPEC §6.4).

use aural_core::Sensitive;
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{RequestBuilder, Response, StatusCode};
use tokio::sync::Mutex;
use url::Url;

use super::NAME;
use super::api_version::Dialect;
use crate::client::Connection;
use crate::error::ClientError;
use crate::transport;

#[derive(Debug)]
pub(super) struct Sessions {
    http: reqwest::Client,
    /// Ends in `/api/v2/`.
    base: Url,
    username: String,
    password: Sensitive<String>,
    state: Mutex<State>,
}

#[derive(Debug, Clone)]
enum State {
    SignedOut,
    SignedIn(Session),
    /// The password was refused: report that without asking again.
    Refused,
}

#[derive(Debug, Clone)]
struct Session {
    sid: Sensitive<String>,
    dialect: Dialect,
}

impl Sessions {
    pub(super) fn new(
        http: reqwest::Client,
        connection: Connection,
    ) -> Result<Sessions, ClientError> {
        let mut base = connection.url.clone();
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(ClientError::InvalidUrl(
                aural_http::RedactedUrl::new(&base).to_string(),
            ));
        }
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        base.set_query(None);
        let base = base.join("api/v2/").map_err(|_| {
            ClientError::InvalidUrl(aural_http::RedactedUrl::new(&connection.url).to_string())
        })?;
        Ok(Sessions {
            http,
            base,
            username: connection.username.unwrap_or_default(),
            password: connection
                .password
                .unwrap_or_else(|| Sensitive::new(String::new())),
            state: Mutex::new(State::SignedOut),
        })
    }

    pub(super) fn url(&self, endpoint: &str) -> Url {
        self.base
            .join(endpoint)
            .expect("endpoint names are relative paths")
    }

    /// Signs in again even when signed in, and reports the version: what a connection test does.
    pub(super) async fn fresh_login(&self) -> Result<String, ClientError> {
        let mut state = self.state.lock().await;
        let (session, version) = self.login().await.inspect_err(|e| {
            if matches!(e, ClientError::Auth { .. }) {
                *state = State::Refused;
            }
        })?;
        *state = State::SignedIn(session);
        Ok(version)
    }

    pub(super) async fn dialect(&self) -> Result<Dialect, ClientError> {
        Ok(self.session().await?.dialect)
    }

    pub(super) async fn set_dialect(&self, dialect: Dialect) {
        if let State::SignedIn(session) = &mut *self.state.lock().await {
            session.dialect = dialect;
        }
    }

    async fn session(&self) -> Result<Session, ClientError> {
        let mut state = self.state.lock().await;
        match &*state {
            State::SignedIn(session) => Ok(session.clone()),
            State::Refused => Err(ClientError::Auth { client: NAME }),
            State::SignedOut => match self.login().await {
                Ok((session, _)) => {
                    *state = State::SignedIn(session.clone());
                    Ok(session)
                }
                Err(e) => {
                    if matches!(e, ClientError::Auth { .. }) {
                        *state = State::Refused;
                    }
                    Err(e)
                }
            },
        }
    }

    async fn sign_out(&self) {
        let mut state = self.state.lock().await;
        if matches!(*state, State::SignedIn(_)) {
            *state = State::SignedOut;
        }
    }

    /// Sends the request `make` builds, signed in; an answer of 2xx is returned, anything else is
    /// an error (`Http { status: 404 }` lets callers tell "no such endpoint or torrent").
    pub(super) async fn call<F>(
        &self,
        endpoint: &'static str,
        make: F,
    ) -> Result<Response, ClientError>
    where
        F: Fn(&reqwest::Client, Url) -> RequestBuilder + Send + Sync,
    {
        let url = self.url(endpoint);
        let mut signed_in_again = false;
        loop {
            let session = self.session().await?;
            let request = make(&self.http, url.clone())
                .header(COOKIE, format!("SID={}", session.sid.expose()));
            let response = transport::send(request, &url).await?;
            let status = response.status();
            if status.is_success() {
                return Ok(response);
            }
            // The session expired or the daemon restarted: sign in once more and repeat.
            if status == StatusCode::FORBIDDEN && !signed_in_again {
                signed_in_again = true;
                self.sign_out().await;
                continue;
            }
            return Err(ClientError::Http {
                client: NAME,
                status: status.as_u16(),
                endpoint,
            });
        }
    }

    async fn login(&self) -> Result<(Session, String), ClientError> {
        let url = self.url("auth/login");
        let form = [
            ("username", self.username.as_str()),
            ("password", self.password.expose().as_str()),
        ];
        let response = transport::send(self.http.post(url.clone()).form(&form), &url).await?;
        let status = response.status();
        let sid = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("SID="))
            .map(|v| Sensitive::new(v.split(';').next().unwrap_or_default().to_owned()));
        let body = transport::text(response, &url).await?;
        let not_qbittorrent = || ClientError::NotTheClient {
            url: aural_http::RedactedUrl::new(&self.base),
            client: NAME,
        };
        match status {
            // qBittorrent answers 403 to every request from a banned address.
            StatusCode::FORBIDDEN => return Err(ClientError::Banned { client: NAME }),
            s if s.is_server_error() => {
                return Err(ClientError::Http {
                    client: NAME,
                    status: s.as_u16(),
                    endpoint: "auth/login",
                });
            }
            s if !s.is_success() => return Err(not_qbittorrent()),
            _ => {}
        }
        // 4.x answers a wrong password with 200 and "Fails.": the status alone proves nothing.
        let sid = match (body.trim(), sid) {
            ("Ok.", Some(sid)) => sid,
            ("Fails.", _) => return Err(ClientError::Auth { client: NAME }),
            _ => return Err(not_qbittorrent()),
        };
        let mut session = Session {
            sid,
            dialect: Dialect::PauseResume,
        };
        let webapi = self.read_text(&session, "app/webapiVersion").await?;
        session.dialect = Dialect::from_webapi_version(&webapi);
        let version = self.read_text(&session, "app/version").await?;
        Ok((
            session,
            format!("{} (Web API {})", version.trim(), webapi.trim()),
        ))
    }

    async fn read_text(
        &self,
        session: &Session,
        endpoint: &'static str,
    ) -> Result<String, ClientError> {
        let url = self.url(endpoint);
        let request = self
            .http
            .get(url.clone())
            .header(COOKIE, format!("SID={}", session.sid.expose()));
        let response = transport::send(request, &url).await?;
        if !response.status().is_success() {
            return Err(ClientError::Http {
                client: NAME,
                status: response.status().as_u16(),
                endpoint,
            });
        }
        transport::text(response, &url).await
    }
}
