//! What kind of document an indexer answered with, before it is read as caps or a feed. Real
//! answers start with a UTF-8 BOM, blank lines or a declaration with trailing spaces (Prowlarr's
//! test files do), carry bytes that are not UTF-8, or are an HTML login page served with 200.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use serde::Deserialize;
use url::Url;

use crate::error::{ApiErrorCode, IndexerError};

/// Why an answer is not the document asked for; [`DocumentError::at`] adds the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    #[error("the indexer refused the request: {description} (error {code})")]
    Api {
        code: ApiErrorCode,
        description: String,
    },
    #[error("not a Torznab/Newznab answer: {found}")]
    NotAnEndpoint { found: String },
    #[error("not valid {what}: {message}")]
    Malformed { what: &'static str, message: String },
}

impl DocumentError {
    pub fn at(self, url: &Url) -> IndexerError {
        let url = aural_http::RedactedUrl::new(url);
        match self {
            DocumentError::Api { code, description } => IndexerError::Api { code, description },
            DocumentError::NotAnEndpoint { found } => IndexerError::NotAnEndpoint { url, found },
            DocumentError::Malformed { what, message } => {
                IndexerError::Parse { url, what, message }
            }
        }
    }

    /// A parser's message, which may quote the document (and so a key in a link), redacted.
    pub(crate) fn malformed(what: &'static str, error: &dyn std::fmt::Display) -> DocumentError {
        DocumentError::Malformed {
            what,
            message: aural_http::redact::text(&error.to_string()),
        }
    }
}

/// The root elements this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Root {
    Rss,
    Caps,
}

impl Root {
    fn name(self) -> &'static str {
        match self {
            Root::Rss => "rss",
            Root::Caps => "caps",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Root::Rss => "an RSS feed",
            Root::Caps => "a capabilities document",
        }
    }
}

#[derive(Deserialize)]
struct ErrorDoc {
    #[serde(rename = "@code", default)]
    code: String,
    #[serde(rename = "@description", default)]
    description: String,
}

/// The text of `bytes` when its root element is `want`; an `<error>` document becomes
/// [`DocumentError::Api`], anything else says what it was instead.
pub(crate) fn read(bytes: &[u8], want: Root) -> Result<Cow<'_, str>, DocumentError> {
    let text = String::from_utf8_lossy(bytes);
    let text = match text {
        Cow::Borrowed(t) => Cow::Borrowed(trim_start(t)),
        Cow::Owned(t) => Cow::Owned(trim_start(&t).to_owned()),
    };
    if text.is_empty() {
        return Err(DocumentError::NotAnEndpoint {
            found: "an empty answer".to_owned(),
        });
    }
    if !text.starts_with('<') {
        return Err(DocumentError::NotAnEndpoint {
            found: format!("text that is not XML ({})", preview(&text)),
        });
    }
    let root = root_name(&text)?;
    match root.as_str() {
        name if name == want.name() => Ok(text),
        "error" => Err(api_error(&text)),
        "html" | "!doctype html" => Err(DocumentError::NotAnEndpoint {
            found: "an HTML page (a login or error page?)".to_owned(),
        }),
        other => Err(DocumentError::NotAnEndpoint {
            found: format!("an XML document <{other}> instead of {}", want.what()),
        }),
    }
}

fn trim_start(text: &str) -> &str {
    text.trim_start_matches('\u{feff}').trim_start()
}

fn preview(text: &str) -> String {
    let head: String = text.chars().take(40).collect();
    aural_http::redact::text(&head)
}

/// The lower-case name of the first element, or `!doctype html` for an HTML doctype.
fn root_name(text: &str) -> Result<String, DocumentError> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.local_name();
                return Ok(name.into_inner().to_ascii_lowercase());
            }
            Ok(Event::DocType(d)) => {
                let doctype = d.to_ascii_lowercase();
                if doctype.trim_start().starts_with("html") {
                    return Ok("!doctype html".to_owned());
                }
            }
            Ok(Event::Eof) => {
                return Err(DocumentError::NotAnEndpoint {
                    found: "XML without any element".to_owned(),
                });
            }
            Ok(_) => {}
            Err(e) => return Err(DocumentError::malformed("XML", &e)),
        }
    }
}

fn api_error(text: &str) -> DocumentError {
    match quick_xml::de::from_str::<ErrorDoc>(text) {
        Ok(doc) => DocumentError::Api {
            code: ApiErrorCode::from_code(doc.code.trim().parse().unwrap_or(900)),
            description: aural_http::redact::text(doc.description.trim()),
        },
        Err(e) => DocumentError::malformed("error document", &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_told_apart_by_their_root() {
        for (input, want) in [
            (
                "\u{feff}<?xml version=\"1.0\" ?> \n<rss><channel/></rss>",
                Ok(()),
            ),
            ("\n\n  <rss version=\"2.0\"></rss>", Ok(())),
            ("<!-- generated --><rss/>", Ok(())),
            ("", Err("an empty answer")),
            ("   \n", Err("an empty answer")),
            ("{\"error\":\"nope\"}", Err("text that is not XML")),
            (
                "<!DOCTYPE html><html><body>Login</body></html>",
                Err("an HTML page"),
            ),
            (
                "<html><head><title>Sign in</title></head></html>",
                Err("an HTML page"),
            ),
            ("<caps><server/></caps>", Err("an XML document <caps>")),
        ] {
            let got = read(input.as_bytes(), Root::Rss).map(|_| ());
            match (got, want) {
                (Ok(()), Ok(())) => {}
                (Err(DocumentError::NotAnEndpoint { found }), Err(w)) => {
                    assert!(
                        found.starts_with(w),
                        "{input:?}: {found:?} should start with {w:?}"
                    )
                }
                (got, want) => panic!("{input:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn an_error_document_becomes_a_typed_api_error() {
        let got = read(
            b"<?xml version=\"1.0\"?><error code=\"101\" description=\"Account suspended\"/>",
            Root::Caps,
        );
        assert_eq!(
            got,
            Err(DocumentError::Api {
                code: ApiErrorCode::AccountSuspended,
                description: "Account suspended".to_owned()
            })
        );
    }

    #[test]
    fn broken_markup_is_malformed_not_a_panic() {
        for input in ["<rss", "<<<>>>", "<rss><channel></rss>\u{0}", "<\u{feff}"] {
            let got = read(input.as_bytes(), Root::Rss);
            assert!(
                !matches!(got, Ok(ref t) if !t.starts_with("<rss")),
                "{input:?} gave {got:?}"
            );
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_replaced() {
        let mut bytes = b"<rss><channel><item><title>Caf".to_vec();
        bytes.push(0xe9);
        bytes.extend_from_slice(b"</title></item></channel></rss>");
        let text = read(&bytes, Root::Rss).expect("still an RSS document");
        assert!(text.contains("Caf\u{fffd}"));
    }
}
