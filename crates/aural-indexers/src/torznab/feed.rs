//! Search results: an RSS 2.0 feed whose items carry `torznab:attr`/`newznab:attr` elements
//! (SPEC §5.2). Indexers fill these unevenly, so every field is optional, a value that does not
//! parse leaves its field unknown rather than losing the item, and the size of an answer is
//! bounded (titles, items, attributes) so a broken or hostile indexer cannot flood the app.

use std::collections::BTreeMap;

use aural_core::Sensitive;
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc2822;

use crate::torznab::document::{self, DocumentError, Root};
use crate::torznab::infohash;

/// Items kept from one answer; the rest are dropped and [`Feed::truncated`] says so.
pub const MAX_ITEMS: usize = 1_000;
/// Characters kept of a title.
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Attributes without a field of their own that are kept per item.
const MAX_OTHER_ATTRS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Torrent,
    Usenet,
}

#[derive(Debug, Clone, Default)]
pub struct Feed {
    pub releases: Vec<Release>,
    /// More than [`MAX_ITEMS`] items came; only the first were kept.
    pub truncated: bool,
    /// Items without a title, which cannot be shown or scored.
    pub skipped: usize,
    /// The indexer's count of all matches (`newznab:response total`), for paging.
    pub total: Option<u64>,
}

/// One item of a feed, as the indexer described it.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    pub title: String,
    pub protocol: Protocol,
    pub guid: Option<String>,
    /// Where the `.torrent` or `.nzb` is fetched. Usenet indexers put the API key in it, so it is
    /// kept as a secret and must not be stored or shown as it is.
    pub download_url: Option<Sensitive<String>>,
    pub magnet: Option<String>,
    /// Lower-case hex, also when the indexer gave base32 or only a magnet.
    pub info_hash: Option<String>,
    /// The release's page on the indexer (`comments`, or a permalink guid).
    pub info_url: Option<String>,
    pub published: Option<OffsetDateTime>,
    pub size: Option<u64>,
    pub seeders: Option<u32>,
    /// Seeders plus leechers.
    pub peers: Option<u32>,
    pub leechers: Option<u32>,
    pub grabs: Option<u32>,
    pub files: Option<u32>,
    /// Numeric Newznab categories, without repeats, in the order given.
    pub categories: Vec<u32>,
    /// Category texts such as "Audio > Audiobook".
    pub category_names: Vec<String>,
    /// 0 is freeleech.
    pub download_volume_factor: Option<f64>,
    pub upload_volume_factor: Option<f64>,
    pub minimum_ratio: Option<f64>,
    pub minimum_seed_time_secs: Option<u64>,
    pub author: Option<String>,
    /// Direct providers (MyAnonamouse) name narrators, series and language as fields of their
    /// own; Torznab feeds leave these to the release name.
    pub narrator: Option<String>,
    pub series: Option<String>,
    /// The volume within [`Release::series`] as given ("3", "1-3").
    pub series_position: Option<String>,
    /// The language as the indexer states it (MAM's `lang_code`, ABB's `Language:`).
    pub language: Option<String>,
    /// Audio file types as listed by the indexer (`m4b`, `mp3`), lower case.
    pub file_types: Vec<String>,
    /// MyAnonamouse's VIP torrents, which only VIP members may download.
    pub vip: bool,
    pub book_title: Option<String>,
    pub publisher: Option<String>,
    pub year: Option<u16>,
    pub cover_url: Option<String>,
    pub tags: Vec<String>,
    pub poster: Option<String>,
    /// Newznab's `nuked`: the release was withdrawn by its group.
    pub nuked: bool,
    /// Other attributes as given (`haspretime`, `prematch`, `subs`, `imdb`, …).
    pub other_attrs: BTreeMap<String, String>,
}

impl Release {
    /// A release known only by its title; direct providers fill in what their answers say.
    pub fn new(title: String, protocol: Protocol) -> Release {
        Release {
            title,
            protocol,
            guid: None,
            download_url: None,
            magnet: None,
            info_hash: None,
            info_url: None,
            published: None,
            size: None,
            seeders: None,
            peers: None,
            leechers: None,
            grabs: None,
            files: None,
            categories: Vec::new(),
            category_names: Vec::new(),
            download_volume_factor: None,
            upload_volume_factor: None,
            minimum_ratio: None,
            minimum_seed_time_secs: None,
            author: None,
            narrator: None,
            series: None,
            series_position: None,
            language: None,
            file_types: Vec::new(),
            vip: false,
            book_title: None,
            publisher: None,
            year: None,
            cover_url: None,
            tags: Vec::new(),
            poster: None,
            nuked: false,
            other_attrs: BTreeMap::new(),
        }
    }
}

impl Feed {
    /// Reads a feed; items whose enclosure does not say otherwise get `default_protocol`.
    pub fn parse(bytes: &[u8], default_protocol: Protocol) -> Result<Feed, DocumentError> {
        let text = document::read(bytes, Root::Rss)?;
        // quick-xml reads a list only from elements of one qualified name, and feeds that
        // repeat every attribute as `newznab:attr` and `torznab:attr` (Anime Tosho, Prowlarr)
        // would otherwise end the list at the first change of prefix.
        let text = if text.contains("<newznab:attr") && text.contains("<torznab:attr") {
            std::borrow::Cow::Owned(text.replace("<newznab:attr", "<torznab:attr"))
        } else {
            text
        };
        let doc: RssDoc =
            quick_xml::de::from_str(&text).map_err(|e| DocumentError::malformed("RSS", &e))?;
        let Some(channel) = doc.channel else {
            return Ok(Feed::default());
        };
        let total = channel
            .response
            .and_then(|r| r.total)
            .and_then(|t| t.trim().parse().ok());
        let count = channel.items.len();
        let mut feed = Feed {
            truncated: count > MAX_ITEMS,
            total,
            ..Feed::default()
        };
        for item in channel.items.into_iter().take(MAX_ITEMS) {
            match release(item, default_protocol) {
                Some(r) => feed.releases.push(r),
                None => feed.skipped += 1,
            }
        }
        Ok(feed)
    }
}

#[derive(Deserialize)]
struct RssDoc {
    #[serde(default)]
    channel: Option<ChannelDoc>,
}

#[derive(Deserialize)]
struct ChannelDoc {
    #[serde(rename = "item", default)]
    items: Vec<ItemDoc>,
    #[serde(default)]
    response: Option<ResponseDoc>,
}

#[derive(Deserialize)]
struct ResponseDoc {
    #[serde(rename = "@total", default)]
    total: Option<String>,
}

#[derive(Deserialize)]
struct ItemDoc {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    guid: Option<GuidDoc>,
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    comments: Option<String>,
    #[serde(rename = "pubDate", default)]
    pub_date: Option<String>,
    #[serde(default)]
    size: Option<String>,
    /// Jackett writes these as elements as well as attributes.
    #[serde(default)]
    grabs: Option<String>,
    #[serde(default)]
    files: Option<String>,
    #[serde(default)]
    category: Vec<String>,
    #[serde(default)]
    enclosure: Vec<EnclosureDoc>,
    /// `torznab:attr` and `newznab:attr` alike: names are read without their prefix.
    #[serde(default)]
    attr: Vec<AttrDoc>,
}

#[derive(Deserialize)]
struct GuidDoc {
    #[serde(rename = "@isPermaLink", default)]
    is_permalink: Option<String>,
    #[serde(rename = "$text", default)]
    value: String,
}

#[derive(Deserialize)]
struct EnclosureDoc {
    #[serde(rename = "@url", default)]
    url: String,
    #[serde(rename = "@length", default)]
    length: Option<String>,
    #[serde(rename = "@type", default)]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct AttrDoc {
    #[serde(rename = "@name", default)]
    name: String,
    #[serde(rename = "@value", default)]
    value: String,
}

/// The attributes of one item by lower-case name, each with every value it was given.
struct Attrs(BTreeMap<String, Vec<String>>);

impl Attrs {
    fn new(docs: Vec<AttrDoc>) -> Attrs {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for a in docs {
            let value = a.value.trim();
            if !value.is_empty() {
                map.entry(a.name.trim().to_ascii_lowercase())
                    .or_default()
                    .push(value.to_owned());
            }
        }
        Attrs(map)
    }

    fn take_all(&mut self, name: &str) -> Vec<String> {
        self.0.remove(name).unwrap_or_default()
    }

    fn take(&mut self, name: &str) -> Option<String> {
        self.take_all(name).into_iter().next()
    }

    /// The first value of `name` that parses; both Torznab and Newznab copies may be present.
    fn number<T: std::str::FromStr>(&mut self, name: &str) -> Option<T> {
        self.take_all(name).iter().find_map(|v| v.parse().ok())
    }

    /// [`Attrs::number`] for ratios and factors, which "NaN", "inf" and "1e999" are not.
    fn ratio(&mut self, name: &str) -> Option<f64> {
        self.take_all(name)
            .iter()
            .find_map(|v| v.parse().ok().filter(|f: &f64| f.is_finite()))
    }
}

fn release(item: ItemDoc, default_protocol: Protocol) -> Option<Release> {
    let title = clean_title(item.title.as_deref()?)?;
    let mut attrs = Attrs::new(item.attr);
    let link = nonempty(item.link);
    let magnet = attrs
        .take("magneturl")
        .into_iter()
        .chain(link.clone())
        .chain(item.enclosure.iter().map(|e| e.url.trim().to_owned()))
        .find(|u| u.starts_with("magnet:"));
    let download_url = item
        .enclosure
        .iter()
        .map(|e| e.url.trim().to_owned())
        .chain(link.clone())
        .find(|u| u.starts_with("http://") || u.starts_with("https://"));
    let protocol = item
        .enclosure
        .iter()
        .filter_map(|e| e.kind.as_deref())
        .find_map(protocol_of)
        .or_else(|| magnet.as_ref().map(|_| Protocol::Torrent))
        .unwrap_or(default_protocol);
    let info_hash = attrs
        .take("infohash")
        .and_then(|h| infohash::normalize(&h))
        .or_else(|| magnet.as_deref().and_then(infohash::from_magnet));
    let size = attrs
        .number::<u64>("size")
        .or_else(|| item.size.and_then(|s| s.trim().parse().ok()))
        .or_else(|| {
            item.enclosure
                .iter()
                .filter_map(|e| e.length.as_deref()?.trim().parse::<u64>().ok())
                .find(|&n| n > 0)
        });
    let (guid, permalink) = match item.guid {
        Some(g) => {
            let value = g.value.trim().to_owned();
            let permalink = g
                .is_permalink
                .is_none_or(|p| !p.trim().eq_ignore_ascii_case("false"))
                && value.starts_with("http");
            (nonempty(Some(value.clone())), permalink.then_some(value))
        }
        None => (None, None),
    };
    let guid = guid.or_else(|| attrs.take("guid"));
    let mut categories: Vec<u32> = Vec::new();
    let mut category_names = Vec::new();
    let numbers = attrs.take_all("category").into_iter();
    for text in numbers.chain(item.category.iter().map(|c| c.trim().to_owned())) {
        match text.parse::<u32>() {
            Ok(id) if !categories.contains(&id) => categories.push(id),
            Ok(_) => {}
            Err(_) if !text.is_empty() && !category_names.contains(&text) => {
                category_names.push(text)
            }
            Err(_) => {}
        }
    }
    let seeders: Option<u32> = attrs.number("seeders");
    let peers: Option<u32> = attrs.number("peers");
    let leechers = attrs
        .number("leechers")
        .or_else(|| Some(peers?.saturating_sub(seeders?)));
    let published = item
        .pub_date
        .or_else(|| attrs.take("usenetdate"))
        .and_then(|d| OffsetDateTime::parse(d.trim(), &Rfc2822).ok());
    let nuked = attrs
        .take("nuked")
        .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
    let mut release = Release {
        title,
        protocol,
        guid,
        download_url: download_url.map(Sensitive::new),
        magnet,
        info_hash,
        info_url: nonempty(item.comments)
            .filter(|c| c.starts_with("http"))
            .or(permalink),
        published,
        size,
        seeders,
        peers,
        leechers,
        grabs: attrs
            .number("grabs")
            .or_else(|| item.grabs.and_then(|g| g.trim().parse().ok())),
        files: attrs
            .number("files")
            .or_else(|| item.files.and_then(|f| f.trim().parse().ok())),
        categories,
        category_names,
        download_volume_factor: attrs.ratio("downloadvolumefactor"),
        upload_volume_factor: attrs.ratio("uploadvolumefactor"),
        minimum_ratio: attrs.ratio("minimumratio"),
        minimum_seed_time_secs: attrs.number("minimumseedtime"),
        author: attrs.take("author"),
        narrator: None,
        series: None,
        series_position: None,
        language: None,
        file_types: Vec::new(),
        vip: false,
        book_title: attrs.take("booktitle"),
        publisher: attrs.take("publisher"),
        year: attrs.number("year"),
        cover_url: attrs.take("coverurl"),
        tags: attrs.take_all("tag"),
        poster: attrs.take("poster"),
        nuked,
        other_attrs: BTreeMap::new(),
    };
    release.other_attrs = attrs
        .0
        .into_iter()
        .filter(|(name, _)| !aural_http::redact::is_secret_name(name))
        .filter_map(|(name, mut values)| Some((name, values.drain(..).next()?)))
        .take(MAX_OTHER_ATTRS)
        .collect();
    Some(release)
}

fn protocol_of(mime: &str) -> Option<Protocol> {
    let mime = mime.to_ascii_lowercase();
    if mime.contains("nzb") {
        Some(Protocol::Usenet)
    } else if mime.contains("bittorrent") || mime.contains("magnet") {
        Some(Protocol::Torrent)
    } else {
        None
    }
}

fn nonempty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The title on one line, at most [`MAX_TITLE_CHARS`] characters; `None` when blank.
pub(crate) fn clean_title(title: &str) -> Option<String> {
    let one_line: String = title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_TITLE_CHARS)
        .collect();
    (!one_line.is_empty()).then_some(one_line)
}
