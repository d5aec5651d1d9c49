//! Which URL asks AudiobookBay for what (SPEC §5.4): `{base}?s=…` for the first page of a
//! search, `{base}page/N/?s=…` for the next ones.

use url::Url;

use crate::error::IndexerError;
use crate::torznab::request::Query;

/// Pages fetched per search at most; ABB lists about 7 results a page.
pub const MAX_PAGES: u32 = 2;

/// The site root, always ending in `/`. The domain changes often, so it is whatever the user set.
pub fn base(pasted: &str) -> Result<Url, IndexerError> {
    let invalid = || IndexerError::InvalidUrl(aural_http::redact::text(pasted));
    let mut url = Url::parse(pasted.trim()).map_err(|_| invalid())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid());
    }
    url.set_query(None);
    url.set_fragment(None);
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// The keywords for a query: ABB's search matches words of the post, so title and author are
/// one text, lower case, without punctuation. Recent releases are the front page (no words).
pub fn keywords(query: &Query) -> String {
    let text = match query {
        Query::Book {
            title,
            author: Some(author),
        } => format!("{title} {author}"),
        Query::Book {
            title,
            author: None,
        } => title.clone(),
        Query::Text(text) => text.clone(),
        Query::Recent => String::new(),
    };
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Page `page` (from 1) of the search for `keywords`.
pub fn search_url(base: &Url, keywords: &str, page: u32) -> Url {
    let mut url = if page <= 1 {
        base.clone()
    } else {
        base.join(&format!("page/{page}/"))
            .expect("a page number joins any http base")
    };
    if !keywords.is_empty() {
        url.query_pairs_mut().append_pair("s", keywords);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_keywords() {
        let base = base("http://audiobookbay.example.invalid").expect("valid");
        let words = keywords(&Query::Book {
            title: "The Hobbit: There & Back Again".to_owned(),
            author: Some("J.R.R. Tolkien".to_owned()),
        });
        assert_eq!(words, "the hobbit there back again j r r tolkien");
        assert_eq!(
            search_url(&base, &words, 1).as_str(),
            "http://audiobookbay.example.invalid/?s=the+hobbit+there+back+again+j+r+r+tolkien"
        );
        assert_eq!(
            search_url(&base, "dune", 2).as_str(),
            "http://audiobookbay.example.invalid/page/2/?s=dune"
        );
        assert_eq!(
            search_url(&base, &keywords(&Query::Recent), 1).as_str(),
            "http://audiobookbay.example.invalid/"
        );
        assert!(super::base("audiobookbay").is_err());
    }
}
