//! What can go wrong talking to an indexer, in terms a caller can act on. Every URL shown is
//! redacted and every text taken from a server is redacted again, so no variant can carry the
//! API key into a message or a log.

use aural_http::{HttpError, RedactedUrl};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexerError {
    #[error(transparent)]
    Http(#[from] HttpError),
    /// The indexer answered with a Torznab/Newznab `<error code=… description=…/>`.
    #[error("the indexer refused the request: {description} (error {code})")]
    Api {
        code: ApiErrorCode,
        description: String,
    },
    /// An HTML page (a login form, a proxy's error page) or another XML document where a feed
    /// or capabilities were expected: the URL points at something other than the API.
    #[error("{url} is not a Torznab/Newznab endpoint: it answered with {found}")]
    NotAnEndpoint { url: RedactedUrl, found: String },
    #[error("the answer from {url} is not valid {what}: {message}")]
    Parse {
        url: RedactedUrl,
        what: &'static str,
        message: String,
    },
    #[error("{0:?} is not a usable indexer URL")]
    InvalidUrl(String),
    /// A site signed in with a session cookie (MyAnonamouse) no longer accepts it: HTTP 401/403,
    /// its login page, or an error that says so.
    #[error("the indexer rejected the session cookie{}", detail_text(.detail))]
    SessionRejected { detail: Option<String> },
    /// A direct provider answered with something other than its search answer (an HTML page
    /// where JSON was expected, an empty body).
    #[error("{url} answered with {found} where {expected} was expected")]
    Unexpected {
        url: RedactedUrl,
        expected: &'static str,
        found: String,
    },
    /// A direct provider answered with an error message of its own.
    #[error("the indexer refused the request: {message}")]
    Refused { message: String },
    /// A release's link gave something other than a `.torrent` or `.nzb` file or a magnet link
    /// (an HTML page: the link expired, or the key was refused).
    #[error("{url} answered with {found} instead of the release's .torrent or .nzb file")]
    NotARelease { url: RedactedUrl, found: String },
    /// A scraped page (AudiobookBay) does not have the structure it is read by: the site changed
    /// its layout, or the URL is another site.
    #[error("page layout not recognised at {url}: {detail}")]
    LayoutNotRecognised { url: RedactedUrl, detail: String },
}

fn detail_text(detail: &Option<String>) -> String {
    detail
        .as_deref()
        .map(|d| format!(": {d}"))
        .unwrap_or_default()
}

/// The error codes of the Newznab API (SPEC §5.2); Jackett and Prowlarr pass them through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorCode {
    /// 100: incorrect user credentials, i.e. a wrong API key.
    IncorrectCredentials,
    /// 101: account suspended.
    AccountSuspended,
    /// 102: insufficient privileges (not authorised for the API).
    InsufficientPrivileges,
    /// 200 and 201: a missing or incorrect parameter.
    BadParameter(u16),
    /// 202 and 203: the function (`t=…`) does not exist or is not available.
    FunctionUnavailable(u16),
    /// 300: no such item.
    NoSuchItem,
    /// 500: request limit reached.
    RequestLimitReached,
    /// 501: download limit reached; it resets the next day.
    DownloadLimitReached,
    /// 910: the API is disabled on this indexer.
    ApiDisabled,
    /// 900 and every code this list does not know.
    Other(u16),
}

impl ApiErrorCode {
    pub fn from_code(code: u16) -> ApiErrorCode {
        match code {
            100 => ApiErrorCode::IncorrectCredentials,
            101 => ApiErrorCode::AccountSuspended,
            102 => ApiErrorCode::InsufficientPrivileges,
            200 | 201 => ApiErrorCode::BadParameter(code),
            202 | 203 => ApiErrorCode::FunctionUnavailable(code),
            300 => ApiErrorCode::NoSuchItem,
            500 => ApiErrorCode::RequestLimitReached,
            501 => ApiErrorCode::DownloadLimitReached,
            910 => ApiErrorCode::ApiDisabled,
            other => ApiErrorCode::Other(other),
        }
    }

    pub fn code(self) -> u16 {
        match self {
            ApiErrorCode::IncorrectCredentials => 100,
            ApiErrorCode::AccountSuspended => 101,
            ApiErrorCode::InsufficientPrivileges => 102,
            ApiErrorCode::BadParameter(c)
            | ApiErrorCode::FunctionUnavailable(c)
            | ApiErrorCode::Other(c) => c,
            ApiErrorCode::NoSuchItem => 300,
            ApiErrorCode::RequestLimitReached => 500,
            ApiErrorCode::DownloadLimitReached => 501,
            ApiErrorCode::ApiDisabled => 910,
        }
    }

    /// The key is wrong or may not be used: the user must fix the API key field.
    pub fn is_auth(self) -> bool {
        matches!(
            self,
            ApiErrorCode::IncorrectCredentials
                | ApiErrorCode::AccountSuspended
                | ApiErrorCode::InsufficientPrivileges
        )
    }

    pub fn is_rate_limit(self) -> bool {
        matches!(
            self,
            ApiErrorCode::RequestLimitReached | ApiErrorCode::DownloadLimitReached
        )
    }
}

impl std::fmt::Display for ApiErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code())
    }
}

impl IndexerError {
    /// The indexer rejected the API key or session cookie (Newznab 100–102, HTTP 401/403, a
    /// session the site no longer accepts).
    pub fn is_auth(&self) -> bool {
        match self {
            IndexerError::Api { code, .. } => code.is_auth(),
            IndexerError::SessionRejected { .. } => true,
            IndexerError::Http(HttpError::Status { status, .. }) => matches!(status, 401 | 403),
            _ => false,
        }
    }

    /// The indexer asks to slow down; per SPEC §5.5 this does not count as a failure.
    pub fn is_rate_limit(&self) -> bool {
        match self {
            IndexerError::Api { code, .. } => code.is_rate_limit(),
            IndexerError::Http(HttpError::RateLimited { .. }) => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_back_to_itself() {
        for code in [
            100, 101, 102, 200, 201, 202, 203, 300, 500, 501, 900, 910, 999,
        ] {
            assert_eq!(ApiErrorCode::from_code(code).code(), code, "code {code}");
        }
        for (code, auth, limit) in [
            (100, true, false),
            (101, true, false),
            (102, true, false),
            (201, false, false),
            (500, false, true),
            (501, false, true),
            (900, false, false),
        ] {
            let c = ApiErrorCode::from_code(code);
            assert_eq!(
                (c.is_auth(), c.is_rate_limit()),
                (auth, limit),
                "code {code}"
            );
        }
    }
}
