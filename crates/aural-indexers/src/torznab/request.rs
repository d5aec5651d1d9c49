//! Which URL asks an indexer for what (SPEC §5.2). The URLs built here carry no API key: the
//! transport adds it when sending, so these can be logged and compared in tests as they are.

use std::collections::BTreeMap;

use url::Url;

use crate::error::IndexerError;
use crate::torznab::caps::{Caps, SearchModeKind};

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A wanted book: `t=book` with its fields where the indexer takes them.
    Book {
        title: String,
        author: Option<String>,
    },
    /// The user's own words, sent as `q`.
    Text(String),
    /// The newest releases in the categories (RSS mode: `t=search` without `q`).
    Recent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: Query,
    /// Newznab category ids; empty asks in every category.
    pub categories: Vec<u32>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// The form a request took, so a search can say how it asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryMode {
    /// `t=book` with separate `title` and, when known, `author`.
    BookFields { author: bool },
    /// `t=book&q=…`.
    BookText,
    /// `t=search&q=…`, or no `q` for recent releases.
    Search,
}

/// The API endpoint of what the user pasted: Jackett's `…/results/torznab/` and Prowlarr's
/// `…/<id>/api` are used as they are; a bare Newznab host (`https://indexer.example/`) gets `/api`.
pub fn endpoint(pasted: &str) -> Result<Url, IndexerError> {
    let invalid = || IndexerError::InvalidUrl(aural_http::redact::text(pasted));
    let mut url = Url::parse(pasted.trim()).map_err(|_| invalid())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid());
    }
    if url.path() == "/" || url.path().is_empty() {
        url.set_path("/api");
    }
    Ok(url)
}

pub fn caps_url(endpoint: &Url, extra: &BTreeMap<String, String>) -> Url {
    with_params(endpoint, extra, [("t", "caps".to_owned())])
}

/// The URL of one search and the mode chosen: `t=book` with `author`/`title` where the caps
/// support them, else `t=book&q=` or `t=search&q=` with title and author as one text. Without
/// caps only `t=search`, which every indexer answers, is used.
pub fn search_url(
    endpoint: &Url,
    caps: Option<&Caps>,
    request: &SearchRequest,
    extra: &BTreeMap<String, String>,
) -> (Url, QueryMode) {
    let book = |param: &str| caps.is_some_and(|c| c.supports(SearchModeKind::Book, param));
    let mut params: Vec<(&str, String)> = Vec::new();
    let mode = match &request.query {
        Query::Book { title, author } => {
            let author = author.as_deref().map(term).filter(|a| !a.is_empty());
            let title = term(title);
            if book("title") && (author.is_none() || book("author")) {
                params.push(("t", "book".to_owned()));
                params.push(("title", title));
                let has_author = author.is_some();
                if let Some(author) = author {
                    params.push(("author", author));
                }
                QueryMode::BookFields { author: has_author }
            } else {
                let text = match author {
                    Some(author) => format!("{title} {author}"),
                    None => title,
                };
                if book("q") {
                    params.push(("t", "book".to_owned()));
                    params.push(("q", text));
                    QueryMode::BookText
                } else {
                    params.push(("t", "search".to_owned()));
                    params.push(("q", text));
                    QueryMode::Search
                }
            }
        }
        Query::Text(text) => {
            params.push(("t", "search".to_owned()));
            params.push(("q", text.trim().to_owned()));
            QueryMode::Search
        }
        Query::Recent => {
            params.push(("t", "search".to_owned()));
            QueryMode::Search
        }
    };
    if !request.categories.is_empty() {
        let cats: Vec<String> = request.categories.iter().map(u32::to_string).collect();
        params.push(("cat", cats.join(",")));
    }
    let max = caps.and_then(|c| c.limit_max);
    if let Some(limit) = request.limit {
        params.push(("limit", max.map_or(limit, |m| limit.min(m)).to_string()));
    }
    if let Some(offset) = request.offset {
        params.push(("offset", offset.to_string()));
    }
    params.push(("extended", "1".to_owned()));
    (with_params(endpoint, extra, params), mode)
}

/// A field value as indexers match it best: quotes, apostrophes and punctuation become spaces.
fn term(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn with_params<'a>(
    endpoint: &Url,
    extra: &BTreeMap<String, String>,
    params: impl IntoIterator<Item = (&'a str, String)>,
) -> Url {
    let mut url = endpoint.clone();
    {
        let mut query = url.query_pairs_mut();
        for (name, value) in params {
            query.append_pair(name, &value);
        }
        for (name, value) in extra {
            query.append_pair(name, value);
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::torznab::caps::SearchMode;

    fn caps(book_params: Option<&[&str]>) -> Caps {
        let mut modes = vec![SearchMode {
            kind: SearchModeKind::Search,
            available: true,
            params: vec!["q".to_owned()],
        }];
        if let Some(params) = book_params {
            modes.push(SearchMode {
                kind: SearchModeKind::Book,
                available: true,
                params: params.iter().map(|p| (*p).to_owned()).collect(),
            });
        }
        Caps {
            server_title: None,
            limit_max: Some(100),
            limit_default: Some(50),
            retention_days: None,
            modes,
            categories: vec![],
        }
    }

    fn query_of(url: &Url) -> String {
        url.query().unwrap_or("").to_owned()
    }

    #[test]
    fn caps_choose_the_query_form() {
        let endpoint = endpoint("http://127.0.0.1:9696/5/api").expect("valid");
        let book = SearchRequest {
            query: Query::Book {
                title: "The Hobbit: There and Back Again".to_owned(),
                author: Some("J.R.R. Tolkien".to_owned()),
            },
            categories: vec![3030, 7020],
            limit: Some(500),
            offset: Some(100),
        };
        let all: &[&str] = &["q", "author", "title"];
        let q_only: &[&str] = &["q"];
        let title_only: &[&str] = &["q", "title"];
        for (name, caps, want_mode, want_query) in [
            (
                "book search with author and title",
                Some(caps(Some(all))),
                QueryMode::BookFields { author: true },
                "t=book&title=The+Hobbit+There+and+Back+Again&author=J+R+R+Tolkien&cat=3030%2C7020&limit=100&offset=100&extended=1",
            ),
            (
                "book search with q only",
                Some(caps(Some(q_only))),
                QueryMode::BookText,
                "t=book&q=The+Hobbit+There+and+Back+Again+J+R+R+Tolkien&cat=3030%2C7020&limit=100&offset=100&extended=1",
            ),
            (
                "book search without author",
                Some(caps(Some(title_only))),
                QueryMode::BookText,
                "t=book&q=The+Hobbit+There+and+Back+Again+J+R+R+Tolkien&cat=3030%2C7020&limit=100&offset=100&extended=1",
            ),
            (
                "no book search",
                Some(caps(None)),
                QueryMode::Search,
                "t=search&q=The+Hobbit+There+and+Back+Again+J+R+R+Tolkien&cat=3030%2C7020&limit=100&offset=100&extended=1",
            ),
            (
                "no caps: limit as asked",
                None,
                QueryMode::Search,
                "t=search&q=The+Hobbit+There+and+Back+Again+J+R+R+Tolkien&cat=3030%2C7020&limit=500&offset=100&extended=1",
            ),
        ] {
            let (url, mode) = search_url(&endpoint, caps.as_ref(), &book, &BTreeMap::new());
            assert_eq!(mode, want_mode, "{name}");
            assert_eq!(query_of(&url), want_query, "{name}");
            assert_eq!(url.path(), "/5/api", "{name}");
        }
    }

    #[test]
    fn a_title_alone_uses_the_title_field_when_offered() {
        let endpoint =
            endpoint("http://127.0.0.1:9117/api/v2.0/indexers/x/results/torznab/").expect("valid");
        let request = SearchRequest {
            query: Query::Book {
                title: "Dune".to_owned(),
                author: None,
            },
            categories: vec![],
            limit: None,
            offset: None,
        };
        let title_only: &[&str] = &["q", "title"];
        let (url, mode) = search_url(
            &endpoint,
            Some(&caps(Some(title_only))),
            &request,
            &BTreeMap::from([("freeleech".to_owned(), "1".to_owned())]),
        );
        assert_eq!(mode, QueryMode::BookFields { author: false });
        assert_eq!(query_of(&url), "t=book&title=Dune&extended=1&freeleech=1");
        assert_eq!(url.path(), "/api/v2.0/indexers/x/results/torznab/");
    }

    #[test]
    fn free_text_and_recent_use_plain_search() {
        let endpoint = endpoint("https://nzb.example.invalid").expect("valid");
        assert_eq!(endpoint.path(), "/api", "a bare host gets the API path");
        let text = SearchRequest {
            query: Query::Text(" brandon sanderson ".to_owned()),
            categories: vec![3030],
            limit: None,
            offset: None,
        };
        let (url, _) = search_url(&endpoint, None, &text, &BTreeMap::new());
        assert_eq!(
            query_of(&url),
            "t=search&q=brandon+sanderson&cat=3030&extended=1"
        );
        let recent = SearchRequest {
            query: Query::Recent,
            ..text
        };
        let (url, _) = search_url(&endpoint, None, &recent, &BTreeMap::new());
        assert_eq!(query_of(&url), "t=search&cat=3030&extended=1");
        assert_eq!(query_of(&caps_url(&endpoint, &BTreeMap::new())), "t=caps");
    }

    #[test]
    fn unusable_urls_are_rejected_without_echoing_secrets() {
        for input in ["", "nonsense", "ftp://host/", "http://"] {
            assert!(endpoint(input).is_err(), "{input:?}");
        }
    }
}
