//! Which URL asks MyAnonamouse for what (SPEC §5.3). The session cookie is not part of the URL:
//! the transport adds it as a header, so these URLs can be logged and compared as they are.

use aural_core::provider::MamSearchType;
use url::Url;

use crate::error::IndexerError;
use crate::torznab::request::{Query, SearchRequest};

/// MAM's largest page (`tor[perpage]`).
pub const MAX_PER_PAGE: u32 = 100;

/// The site root, always ending in `/` so paths join below it (`…/tor/js/…`).
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

/// `tor[searchType]`'s value for the user's choice.
pub fn search_type(kind: MamSearchType) -> &'static str {
    match kind {
        MamSearchType::All => "all",
        MamSearchType::Active => "active",
        MamSearchType::Freeleech => "fl",
        MamSearchType::FreeleechVip => "fl-VIP",
        MamSearchType::Vip => "VIP",
        MamSearchType::NotVip => "nVIP",
    }
}

/// The search URL. MAM searches title, author and narrator at once, so a book is asked for as
/// one text; recent releases are a search without text. MAM's own categories are not Newznab
/// ids, so every category is asked for (`tor[cat][]=0`) and e-books are dropped from the answer.
pub fn search_url(base: &Url, kind: MamSearchType, request: &SearchRequest) -> Url {
    let text = match &request.query {
        Query::Book { title, author } => match author.as_deref().map(term) {
            Some(author) if !author.is_empty() => format!("{} {author}", term(title)),
            _ => term(title),
        },
        Query::Text(text) => text.trim().to_owned(),
        Query::Recent => String::new(),
    };
    let per_page = request.limit.unwrap_or(MAX_PER_PAGE).clamp(1, MAX_PER_PAGE);
    let mut url = base
        .join("tor/js/loadSearchJSONbasic.php")
        .expect("a fixed relative path joins any http base");
    url.query_pairs_mut()
        .append_pair("tor[text]", &text)
        .append_pair("tor[searchType]", search_type(kind))
        .append_pair("tor[srchIn][title]", "true")
        .append_pair("tor[srchIn][author]", "true")
        .append_pair("tor[srchIn][narrator]", "true")
        .append_pair("tor[searchIn]", "torrents")
        .append_pair("tor[sortType]", "default")
        .append_pair("tor[perpage]", &per_page.to_string())
        .append_pair("tor[startNumber]", &request.offset.unwrap_or(0).to_string())
        .append_pair("tor[cat][]", "0");
    url
}

/// Where the `.torrent` of a release is fetched (with the session cookie).
pub fn download_url(base: &Url, id: u64) -> Url {
    let mut url = base
        .join("tor/download.php")
        .expect("a fixed relative path joins any http base");
    url.query_pairs_mut().append_pair("tid", &id.to_string());
    url
}

/// The release's page on the site.
pub fn info_url(base: &Url, id: u64) -> Url {
    base.join(&format!("t/{id}"))
        .expect("a number joins any http base")
}

/// Quotes and punctuation become spaces: MAM's full-text search treats some as operators.
fn term(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(query: Query) -> SearchRequest {
        SearchRequest {
            query,
            categories: vec![3030],
            limit: None,
            offset: None,
        }
    }

    #[test]
    fn a_book_is_one_text_searched_in_title_author_and_narrator() {
        let base = base("https://www.myanonamouse.net").expect("valid");
        let url = search_url(
            &base,
            MamSearchType::Freeleech,
            &SearchRequest {
                limit: Some(500),
                offset: Some(100),
                ..request(Query::Book {
                    title: "The Hobbit: There and Back Again".to_owned(),
                    author: Some("J.R.R. Tolkien".to_owned()),
                })
            },
        );
        assert_eq!(url.path(), "/tor/js/loadSearchJSONbasic.php");
        assert_eq!(
            url.query().unwrap_or(""),
            "tor%5Btext%5D=The+Hobbit+There+and+Back+Again+J+R+R+Tolkien\
             &tor%5BsearchType%5D=fl&tor%5BsrchIn%5D%5Btitle%5D=true\
             &tor%5BsrchIn%5D%5Bauthor%5D=true&tor%5BsrchIn%5D%5Bnarrator%5D=true\
             &tor%5BsearchIn%5D=torrents&tor%5BsortType%5D=default&tor%5Bperpage%5D=100\
             &tor%5BstartNumber%5D=100&tor%5Bcat%5D%5B%5D=0",
            "the limit is capped at MAM's page size"
        );
    }

    #[test]
    fn text_recent_and_search_types() {
        let base = base("http://127.0.0.1:8080/mam").expect("valid");
        let pairs = |url: Url| -> Vec<(String, String)> {
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        };
        let text = pairs(search_url(
            &base,
            MamSearchType::NotVip,
            &request(Query::Text(" dune ".to_owned())),
        ));
        assert!(text.contains(&("tor[text]".to_owned(), "dune".to_owned())));
        assert!(text.contains(&("tor[searchType]".to_owned(), "nVIP".to_owned())));
        let recent = pairs(search_url(
            &base,
            MamSearchType::All,
            &request(Query::Recent),
        ));
        assert!(recent.contains(&("tor[text]".to_owned(), String::new())));
        for (kind, want) in [
            (MamSearchType::All, "all"),
            (MamSearchType::Active, "active"),
            (MamSearchType::Freeleech, "fl"),
            (MamSearchType::FreeleechVip, "fl-VIP"),
            (MamSearchType::Vip, "VIP"),
            (MamSearchType::NotVip, "nVIP"),
        ] {
            assert_eq!(search_type(kind), want, "{kind:?}");
        }
    }

    #[test]
    fn download_and_info_urls_sit_below_the_base() {
        for pasted in [
            "https://www.myanonamouse.net",
            "https://www.myanonamouse.net/",
        ] {
            let base = base(pasted).expect("valid");
            assert_eq!(
                download_url(&base, 1234).as_str(),
                "https://www.myanonamouse.net/tor/download.php?tid=1234",
                "{pasted}"
            );
            assert_eq!(
                info_url(&base, 1234).as_str(),
                "https://www.myanonamouse.net/t/1234",
                "{pasted}"
            );
        }
        for bad in ["", "www.myanonamouse.net", "ftp://x/"] {
            assert!(base(bad).is_err(), "{bad:?}");
        }
    }
}
