//! Errors of talking to Audible and Amazon. None holds a token, a cookie or a key: URLs are
//! redacted by aural-http and answers are never quoted.

use aural_http::HttpError;

use crate::register::AuthAnswerError;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AudibleError {
    #[error(transparent)]
    Http(#[from] HttpError),
    /// 401/403 on a signed or bearer call: the registration was removed or the token expired.
    #[error("Audible refused this device's credentials for {endpoint}")]
    Unauthorized { endpoint: &'static str },
    /// `/auth/token` refused the refresh token: the account needs a new sign-in.
    #[error("Amazon no longer accepts this account's refresh token")]
    RefreshRejected,
    /// `/auth/register` refused the code (used twice, expired, or from another sign-in).
    #[error("Amazon refused to register the device (HTTP {status})")]
    RegistrationRejected { status: u16 },
    #[error(transparent)]
    AuthAnswer(#[from] AuthAnswerError),
    /// The answer was not the JSON the endpoint sends.
    #[error("the answer of {endpoint} is not what Audible sends")]
    Malformed { endpoint: &'static str },
    /// The caller has no usable access token (an imported file without one); refresh first.
    #[error("there is no access token to send; refresh it first")]
    NoAccessToken,
}

impl AudibleError {
    /// Turns an HTTP status error of `endpoint` into what a caller acts on.
    pub(crate) fn from_http(error: HttpError, endpoint: &'static str) -> AudibleError {
        match error {
            HttpError::Status {
                status: 401 | 403, ..
            } => AudibleError::Unauthorized { endpoint },
            other => AudibleError::Http(other),
        }
    }
}
