//! A search page of AudiobookBay (SPEC §5.4): each result is a `div.post` holding a
//! `div.postTitle` whose `h2 a` is the title and the release's page; `div.postInfo` says
//! `Category:` and `Language:`, `div.postContent` the date ("12 Mar 2021"), `Format:`,
//! `Bitrate:` and `File Size: 1.08 GBs`. A page without that structure is reported as a layout
//! the reader does not recognise, never as an empty result: ABB moves domains and a parked
//! domain or a changed theme must not look like "nothing found".

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use time::Date;
use time::macros::format_description;
use url::Url;

use crate::size;
use crate::torznab::feed::{MAX_ITEMS, Protocol, Release, clean_title};

/// What a search page lists.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub releases: Vec<Release>,
    /// Posts without a title link, which cannot be shown or grabbed.
    pub skipped: usize,
    /// The page links to the next page of results.
    pub has_next: bool,
}

/// Why a page is not a search page of ABB, for the error's detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotRecognised(pub &'static str);

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("the selectors here are valid CSS")
}

static POST: LazyLock<Selector> = LazyLock::new(|| selector("div.post"));
static POST_TITLE: LazyLock<Selector> = LazyLock::new(|| selector("div.postTitle"));
static TITLE_LINK: LazyLock<Selector> = LazyLock::new(|| selector("div.postTitle h2 a[href]"));
static POST_INFO: LazyLock<Selector> = LazyLock::new(|| selector("div.postInfo"));
static POST_CONTENT: LazyLock<Selector> = LazyLock::new(|| selector("div.postContent"));
static IMAGE: LazyLock<Selector> = LazyLock::new(|| selector("img[src]"));
static LINK: LazyLock<Selector> = LazyLock::new(|| selector("a[href]"));
static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));

static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2} [A-Za-z]{3} \d{4})\b").expect("valid pattern"));
static FILE_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)File Size:\s*([\d.,]+\s*[KMGT]?Bs?)\b").expect("valid pattern")
});
static FORMAT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)Format:\s*([A-Za-z0-9]+)").expect("valid pattern"));
static BITRATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)Bitrate:\s*(\d+\s*Kbps)").expect("valid pattern"));
static CATEGORY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"Category:\s*(.+?)\s*(?:Language:|Keywords:|$)").expect("valid pattern")
});
static LANGUAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Language:\s*([^\s:]+)").expect("valid pattern"));
/// Words of a search page that found nothing (WordPress's "Nothing Found" / "Not Found").
static NOTHING_FOUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(nothing found|not found|no results|no posts)\b").expect("valid pattern")
});

/// Reads page `page` of a search; `base` makes the post links absolute.
pub fn parse(html: &str, base: &Url, page: u32) -> Result<Listing, NotRecognised> {
    let doc = Html::parse_document(html);
    let posts: Vec<ElementRef> = doc
        .select(&POST)
        .filter(|p| p.select(&POST_TITLE).next().is_some())
        .collect();
    if posts.is_empty() {
        let body = doc
            .select(&BODY)
            .next()
            .map(|b| text(&b))
            .unwrap_or_default();
        return if NOTHING_FOUND.is_match(&body) && doc.select(&POST).next().is_some() {
            Ok(Listing::default())
        } else {
            Err(NotRecognised(
                "no div.post with a div.postTitle, and no \"not found\" notice",
            ))
        };
    }
    let mut listing = Listing {
        has_next: has_next(&doc, page),
        ..Listing::default()
    };
    for post in posts.into_iter().take(MAX_ITEMS) {
        match release(&post, base) {
            Some(r) => listing.releases.push(r),
            None => listing.skipped += 1,
        }
    }
    if listing.releases.is_empty() {
        return Err(NotRecognised(
            "posts without a title link (div.postTitle h2 a)",
        ));
    }
    Ok(listing)
}

fn release(post: &ElementRef, base: &Url) -> Option<Release> {
    let link = post.select(&TITLE_LINK).next()?;
    let title = clean_title(&text(&link))?;
    let href = base.join(link.value().attr("href")?.trim()).ok()?;
    if !matches!(href.scheme(), "http" | "https") {
        return None;
    }
    let info = post
        .select(&POST_INFO)
        .next()
        .map(|e| text(&e))
        .unwrap_or_default();
    let content = post
        .select(&POST_CONTENT)
        .next()
        .map(|e| text(&e))
        .unwrap_or_default();
    let first = |re: &Regex, haystack: &str| {
        re.captures(haystack)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
    };
    let mut release = Release::new(title, Protocol::Torrent);
    release.guid = Some(href.to_string());
    release.info_url = Some(href.to_string());
    release.categories = vec![crate::torznab::caps::AUDIOBOOK];
    release.category_names = first(&CATEGORY, &info).into_iter().collect();
    release.language = first(&LANGUAGE, &info);
    release.size = first(&FILE_SIZE, &content).and_then(|s| size::parse(&s));
    release.published = first(&DATE, &content)
        .and_then(|d| date(&d))
        .map(|d| d.midnight().assume_utc());
    release.file_types = first(&FORMAT, &content)
        .map(|f| f.to_ascii_lowercase())
        .filter(|f| f != "unknown")
        .into_iter()
        .collect();
    if let Some(bitrate) = first(&BITRATE, &content) {
        release.other_attrs.insert("bitrate".to_owned(), bitrate);
    }
    release.cover_url = post
        .select(&IMAGE)
        .next()
        .and_then(|img| img.value().attr("src"))
        .and_then(|src| base.join(src.trim()).ok())
        .map(|u| u.to_string());
    Some(release)
}

/// Text of an element with its pieces separated by spaces and no-break spaces made plain.
fn text(element: &ElementRef) -> String {
    element
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn has_next(doc: &Html, page: u32) -> bool {
    let next = format!("/page/{}/", page + 1);
    doc.select(&LINK)
        .filter_map(|a| a.value().attr("href"))
        .any(|href| href.contains(&next))
}

/// "12 Mar 2021" (also "2 Mar 2021").
fn date(text: &str) -> Option<Date> {
    let format = format_description!("[day padding:none] [month repr:short] [year]");
    Date::parse(text, format).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_with_one_or_two_day_digits() {
        for (input, want) in [
            ("12 Mar 2021", Some("2021-03-12")),
            ("2 Jan 2019", Some("2019-01-02")),
            ("31 Feb 2021", None),
            ("12 March 2021", None),
        ] {
            assert_eq!(
                date(input).map(|d| d.to_string()).as_deref(),
                want,
                "{input:?}"
            );
        }
    }
}
