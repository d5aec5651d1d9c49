//! The one redaction rule: values of secret-looking names (API keys, passkeys, tokens, passwords,
//! session ids, signatures) and the `Authorization`, `Cookie` and `Set-Cookie` headers are replaced
//! by `<redacted>` wherever a URL, an error or a log line shows them.

use std::fmt;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use url::Url;

pub const REDACTED: &str = "<redacted>";

/// Headers whose whole value is a credential.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy_authorization",
    "cookie",
    "set_cookie",
    "x_api_key",
    "x_transmission_session_id",
];

/// Query, form and JSON names whose value is a credential, compared in lower case with `-` as `_`.
const SECRET_NAMES: &[&str] = &[
    "apikey",
    "passkey",
    "token",
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "sid",
    "session",
    "sessionid",
    "session_id",
    "signature",
    "auth",
    "cookie",
];

/// Suffixes that make any name a credential: `api_key`, `access_token`, `client_secret`,
/// `session_id`, Jackett's `jackett_apikey`, a tracker's `torrent_passkey`, CloudFront's and S3's
/// `x_amz_signature`, `x_amz_security_token`, …
const SECRET_SUFFIXES: &[&str] = &[
    "apikey",
    "passkey",
    "_key",
    "_token",
    "_secret",
    "_password",
    "_session",
    "_session_id",
    "sessionid",
    "_signature",
    "_credential",
];

/// Whether the value of a query parameter, form field, JSON key or header called `name` is secret.
pub fn is_secret_name(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase().replace('-', "_");
    SECRET_NAMES.contains(&name.as_str())
        || SECRET_HEADERS.contains(&name.as_str())
        || SECRET_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// A URL as it may be shown: user name and password dropped, secret query values replaced.
#[derive(Clone, PartialEq, Eq)]
pub struct RedactedUrl(String);

impl RedactedUrl {
    pub fn new(url: &Url) -> RedactedUrl {
        let mut url = url.clone();
        // Only fails for URLs that cannot have credentials (`data:`, `mailto:`), which carry none.
        let _ = url.set_username("");
        let _ = url.set_password(None);
        if url.query().is_some() {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| {
                    let v = if is_secret_name(&k) {
                        REDACTED.to_owned()
                    } else {
                        v.into_owned()
                    };
                    (k.into_owned(), v)
                })
                .collect();
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        RedactedUrl(url.to_string().replace("%3Credacted%3E", REDACTED))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// `name=value` as in a query string, a form body or a tracing field (`token="…"`).
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z0-9_.\-]+)=("[^"]*"|[^&\s"'<>;,)\]}]+)"#).expect("the pattern is valid")
});
/// `"name": "value"` as in JSON or a `Debug` map.
static QUOTED_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""([A-Za-z0-9_.\-]+)"\s*:\s*"((?:[^"\\]|\\.)*)""#).expect("the pattern is valid")
});
/// `name: "value"` or `name: Some("value")` as in a `Debug` struct (`Url { password: Some("…") }`).
static DEBUG_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b([A-Za-z0-9_]+): (Some\()?"((?:[^"\\]|\\.)*)""#).expect("the pattern is valid")
});
/// `Authorization: Bearer …` or `Cookie: a=b; c=d` up to the end of the line.
static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-transmission-session-id)(\s*:\s*)([^\r\n]+)",
    )
    .expect("the pattern is valid")
});
/// A bearer token wherever it appears on its own.
static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=\-]+").expect("the pattern is valid")
});

/// Redacts free text: a log line, an error message, a response snippet.
pub fn text(input: &str) -> String {
    let out = HEADER_LINE.replace_all(input, |c: &Captures| {
        format!("{}{}{REDACTED}", &c[1], &c[2])
    });
    let out = BEARER.replace_all(&out, |c: &Captures| format!("{} {REDACTED}", &c[1]));
    let out = QUOTED_FIELD.replace_all(&out, |c: &Captures| {
        if is_secret_name(&c[1]) {
            format!("\"{}\": \"{REDACTED}\"", &c[1])
        } else {
            c[0].to_owned()
        }
    });
    let out = DEBUG_FIELD.replace_all(&out, |c: &Captures| {
        if is_secret_name(&c[1]) {
            format!(
                "{}: {}\"{REDACTED}\"",
                &c[1],
                c.get(2).map_or("", |m| m.as_str())
            )
        } else {
            c[0].to_owned()
        }
    });
    let out = ASSIGNMENT.replace_all(&out, |c: &Captures| {
        if is_secret_name(&c[1]) {
            format!("{}={REDACTED}", &c[1])
        } else {
            c[0].to_owned()
        }
    });
    out.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_are_recognised_in_every_spelling() {
        for (name, secret) in [
            ("apikey", true),
            ("apiKey", true),
            ("api_key", true),
            ("X-Api-Key", true),
            ("passkey", true),
            ("jackett_apikey", true),
            ("torrent_passkey", true),
            ("token", true),
            ("access_token", true),
            ("refresh-token", true),
            ("password", true),
            ("client_secret", true),
            ("JSESSIONID", true),
            ("session-id", true),
            ("X-Amz-Signature", true),
            ("Authorization", true),
            ("Set-Cookie", true),
            ("t", false),
            ("q", false),
            ("asin", false),
            ("page", false),
            ("response_groups", false),
            ("keywords", false),
        ] {
            assert_eq!(is_secret_name(name), secret, "name {name:?}");
        }
    }

    #[test]
    fn urls_keep_their_shape_and_lose_their_secrets() {
        for (input, want) in [
            (
                "http://127.0.0.1:9117/api?t=search&q=dune&apikey=abc123",
                "http://127.0.0.1:9117/api?t=search&q=dune&apikey=<redacted>",
            ),
            (
                "https://user:hunter2@example.invalid/rss?passkey=p4ss",
                "https://example.invalid/rss?passkey=<redacted>",
            ),
            (
                "https://cdn.example.invalid/a.aax?Expires=1&Signature=s1g&Key-Pair-Id=k",
                "https://cdn.example.invalid/a.aax?Expires=1&Signature=<redacted>&Key-Pair-Id=k",
            ),
            (
                "https://api.audnex.us/books/B000?region=us",
                "https://api.audnex.us/books/B000?region=us",
            ),
        ] {
            let url = Url::parse(input).expect("test URLs parse");
            assert_eq!(RedactedUrl::new(&url).as_str(), want, "url {input}");
        }
    }

    #[test]
    fn text_loses_every_form_of_secret() {
        for (input, secret) in [
            ("GET /api?t=caps&apikey=k3y1 failed", "k3y1"),
            ("login body username=admin&password=pw99", "pw99"),
            (r#"refresh token="tok-77" for account"#, "tok-77"),
            (r#"{"access_token": "at-55", "expires_in": 3600}"#, "at-55"),
            (r#"headers: {"authorization": "Bearer zz9"}"#, "zz9"),
            ("Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
            ("cookie: session-token=c00k; ubid-main=u1d", "c00k"),
            ("Set-Cookie: SID=s1d9; HttpOnly", "s1d9"),
            ("sent bearer eyJhbGciOi.payload.sig upstream", "eyJhbGciOi"),
            (
                r#"Url { username: "u", password: Some("hunter2"), port: None }"#,
                "hunter2",
            ),
            (
                r#"Account { refresh_token: "rt-31", label: "main" }"#,
                "rt-31",
            ),
        ] {
            let out = text(input);
            assert!(!out.contains(secret), "{input:?} became {out:?}");
            assert!(
                out.contains(REDACTED),
                "{input:?} says what was removed: {out:?}"
            );
        }
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        let line = "imported 6 books from library.csv (t=search&q=dune, page=2) in 120 ms";
        assert_eq!(text(line), line);
    }
}
