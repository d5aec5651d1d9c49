//! `t=caps`: which search modes an indexer offers with which parameters, its result limits and
//! its categories. The parsed form is serialisable so the service layer can cache it with the
//! provider and refresh it daily or on Test (SPEC §5.2).

use serde::{Deserialize, Serialize};

use crate::torznab::document::{self, DocumentError, Root};

/// The Newznab category of audiobooks, the default of every indexer (SPEC §5.2).
pub const AUDIOBOOK: u32 = 3030;
/// Indexer-specific categories start here; Jackett and Prowlarr number them from 100000.
const CUSTOM_CATEGORIES: u32 = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Caps {
    pub server_title: Option<String>,
    /// The most results one request may ask for (`limit`).
    pub limit_max: Option<u32>,
    pub limit_default: Option<u32>,
    /// Usenet retention, for the age rule of scoring.
    pub retention_days: Option<u32>,
    pub modes: Vec<SearchMode>,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchMode {
    pub kind: SearchModeKind,
    pub available: bool,
    /// Lower-case parameter names (`q`, `author`, `title`, …).
    pub params: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SearchModeKind {
    Search,
    Book,
    Audio,
    Music,
    Tv,
    Movie,
}

impl SearchModeKind {
    /// The element name in caps (`book-search`) and the `t=` value that uses it.
    pub fn element(self) -> &'static str {
        match self {
            SearchModeKind::Search => "search",
            SearchModeKind::Book => "book-search",
            SearchModeKind::Audio => "audio-search",
            SearchModeKind::Music => "music-search",
            SearchModeKind::Tv => "tv-search",
            SearchModeKind::Movie => "movie-search",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subcats: Vec<Category>,
}

impl Caps {
    pub fn parse(bytes: &[u8]) -> Result<Caps, DocumentError> {
        let text = document::read(bytes, Root::Caps)?;
        let doc: CapsDoc =
            quick_xml::de::from_str(&text).map_err(|e| DocumentError::malformed("caps", &e))?;
        Ok(doc.into())
    }

    /// The mode when the indexer offers it.
    pub fn mode(&self, kind: SearchModeKind) -> Option<&SearchMode> {
        self.modes.iter().find(|m| m.kind == kind && m.available)
    }

    /// Whether mode `kind` is offered and takes `param`.
    pub fn supports(&self, kind: SearchModeKind, param: &str) -> bool {
        self.mode(kind)
            .is_some_and(|m| m.params.iter().any(|p| p == param))
    }

    /// Every category and subcategory, flattened.
    pub fn all_categories(&self) -> impl Iterator<Item = &Category> {
        self.categories
            .iter()
            .flat_map(|c| std::iter::once(c).chain(c.subcats.iter()))
    }

    /// The categories where audiobooks may be: 3030, anything the caps list under Audio (3000s)
    /// or Books (7000s), and indexer-specific ones whose name says "audio".
    pub fn audiobook_categories(&self) -> Vec<&Category> {
        self.all_categories()
            .filter(|c| is_audiobook_category(c))
            .collect()
    }

    pub fn has_category(&self, id: u32) -> bool {
        self.all_categories().any(|c| c.id == id)
    }
}

fn is_audiobook_category(c: &Category) -> bool {
    c.id == AUDIOBOOK
        || (3000..4000).contains(&c.id)
        || (7000..8000).contains(&c.id)
        || (c.id >= CUSTOM_CATEGORIES && c.name.to_lowercase().contains("audio"))
}

#[derive(Deserialize)]
struct CapsDoc {
    #[serde(default)]
    server: Option<ServerDoc>,
    #[serde(default)]
    limits: Option<LimitsDoc>,
    #[serde(default)]
    retention: Option<RetentionDoc>,
    #[serde(default)]
    searching: Option<SearchingDoc>,
    #[serde(default)]
    categories: Option<CategoriesDoc>,
}

#[derive(Deserialize)]
struct ServerDoc {
    #[serde(rename = "@title", default)]
    title: Option<String>,
}

#[derive(Deserialize)]
struct LimitsDoc {
    #[serde(rename = "@max", default)]
    max: Option<String>,
    #[serde(rename = "@default", default)]
    default: Option<String>,
}

#[derive(Deserialize)]
struct RetentionDoc {
    #[serde(rename = "@days", default)]
    days: Option<String>,
}

#[derive(Deserialize)]
struct SearchingDoc {
    #[serde(default)]
    search: Option<ModeDoc>,
    #[serde(rename = "book-search", default)]
    book: Option<ModeDoc>,
    #[serde(rename = "audio-search", default)]
    audio: Option<ModeDoc>,
    #[serde(rename = "music-search", default)]
    music: Option<ModeDoc>,
    #[serde(rename = "tv-search", default)]
    tv: Option<ModeDoc>,
    #[serde(rename = "movie-search", default)]
    movie: Option<ModeDoc>,
}

#[derive(Deserialize)]
struct ModeDoc {
    #[serde(rename = "@available", default)]
    available: Option<String>,
    #[serde(rename = "@supportedParams", default)]
    supported_params: Option<String>,
}

#[derive(Deserialize)]
struct CategoriesDoc {
    #[serde(default)]
    category: Vec<CategoryDoc>,
}

#[derive(Deserialize)]
struct CategoryDoc {
    #[serde(rename = "@id", default)]
    id: String,
    #[serde(rename = "@name", default)]
    name: String,
    #[serde(default)]
    subcat: Vec<CategoryDoc>,
}

fn number(text: Option<String>) -> Option<u32> {
    text.and_then(|t| t.trim().parse().ok())
}

impl From<CapsDoc> for Caps {
    fn from(doc: CapsDoc) -> Caps {
        let (limit_max, limit_default) = doc
            .limits
            .map_or((None, None), |l| (number(l.max), number(l.default)));
        let modes = doc.searching.map(modes).unwrap_or_default();
        let categories = doc
            .categories
            .map(|c| c.category.into_iter().filter_map(category).collect())
            .unwrap_or_default();
        Caps {
            server_title: doc
                .server
                .and_then(|s| s.title)
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty()),
            limit_max,
            limit_default,
            retention_days: doc.retention.and_then(|r| number(r.days)),
            modes,
            categories,
        }
    }
}

fn modes(s: SearchingDoc) -> Vec<SearchMode> {
    [
        (SearchModeKind::Search, s.search),
        (SearchModeKind::Book, s.book),
        (SearchModeKind::Audio, s.audio),
        (SearchModeKind::Music, s.music),
        (SearchModeKind::Tv, s.tv),
        (SearchModeKind::Movie, s.movie),
    ]
    .into_iter()
    .filter_map(|(kind, doc)| {
        let doc = doc?;
        let available = doc
            .available
            .is_some_and(|a| a.trim().eq_ignore_ascii_case("yes"));
        // Newznab servers that predate `supportedParams` (nzb.su's caps) take only `q`.
        let params = match doc.supported_params {
            Some(p) => p
                .split(',')
                .map(|p| p.trim().to_ascii_lowercase())
                .filter(|p| !p.is_empty())
                .collect(),
            None => vec!["q".to_owned()],
        };
        Some(SearchMode {
            kind,
            available,
            params,
        })
    })
    .collect()
}

/// A category without a numeric id cannot be asked for, so it is dropped.
fn category(doc: CategoryDoc) -> Option<Category> {
    Some(Category {
        id: doc.id.trim().parse().ok()?,
        name: doc.name.trim().to_owned(),
        subcats: doc.subcat.into_iter().filter_map(category).collect(),
    })
}
