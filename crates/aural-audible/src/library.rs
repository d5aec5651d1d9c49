//! `GET /1.0/library`: the query of one page (full or delta), and reading a page with its
//! `Total-Count`, `Continuation-Token` and `State-Token` headers.

use serde::Deserialize;
use serde_json::Value;

use crate::items::{ItemWarning, read_each};
use crate::lenient;
use crate::product::{Gap, Product};

pub const PATH: &str = "/1.0/library";

/// Audible answers 400 for an unknown group without naming it, so the list lives here, once.
pub const RESPONSE_GROUPS: &[&str] = &[
    "badge_types",
    "is_archived",
    "is_finished",
    "is_playable",
    "is_removable",
    "is_visible",
    "order_details",
    "origin_asin",
    "percent_complete",
    "shared",
    "badges",
    "category_ladders",
    "category_media",
    "category_metadata",
    "contributors",
    "customer_rights",
    "media",
    "product_attrs",
    "product_desc",
    "product_details",
    "product_extended_attrs",
    "product_plans",
    "product_plan_details",
    "rating",
    "relationships",
    "sample",
    "sku",
    "pdf_url",
    "series",
];

/// The image sizes asked for: list views and the large source image.
pub const IMAGE_SIZES: &str = "500,1215";

/// The most items one page may hold.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// One page request. A delta run sends the saved state token and asks for revoked items too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryQuery {
    /// From 1.
    pub page: u32,
    /// 1 to [`MAX_PAGE_SIZE`].
    pub num_results: u32,
    pub state_token: Option<StateToken>,
    pub continuation_token: Option<String>,
    pub purchased_after: Option<String>,
}

impl LibraryQuery {
    /// Page `page` of a full sync.
    pub fn full(page: u32, num_results: u32) -> LibraryQuery {
        LibraryQuery {
            page: page.max(1),
            num_results: num_results.clamp(1, MAX_PAGE_SIZE),
            state_token: None,
            continuation_token: None,
            purchased_after: None,
        }
    }

    /// Page `page` of the changes since `token`.
    pub fn delta(token: StateToken, page: u32, num_results: u32) -> LibraryQuery {
        LibraryQuery {
            state_token: Some(token),
            ..LibraryQuery::full(page, num_results)
        }
    }

    /// The page after `page` when the answer had no total but a continuation token.
    pub fn continued(&self, token: String) -> LibraryQuery {
        LibraryQuery {
            page: self.page + 1,
            continuation_token: Some(token),
            ..self.clone()
        }
    }

    /// `PATH?…` exactly as sent (and signed).
    pub fn path_and_query(&self) -> String {
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        pairs
            .append_pair("num_results", &self.num_results.to_string())
            .append_pair("page", &self.page.to_string())
            .append_pair("response_groups", &RESPONSE_GROUPS.join(","))
            .append_pair("image_sizes", IMAGE_SIZES)
            .append_pair("sort_by", "-PurchaseDate");
        match &self.state_token {
            Some(token) => {
                pairs
                    .append_pair("status", "Active,Revoked")
                    .append_pair("state_token", token.as_str());
            }
            None => {
                pairs.append_pair("status", "Active");
            }
        }
        if let Some(token) = &self.continuation_token {
            pairs.append_pair("continuation_token", token);
        }
        if let Some(after) = &self.purchased_after {
            pairs.append_pair("purchased_after", after);
        }
        format!("{PATH}?{}", pairs.finish())
    }
}

/// Audible's marker of where a library sync got to; the next sync sends it back. `"0"` in the
/// header means there is none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StateToken(String);

impl StateToken {
    /// `None` for an empty header or `"0"`.
    pub fn from_header(value: &str) -> Option<StateToken> {
        let value = value.trim();
        (!value.is_empty() && value != "0").then(|| StateToken(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One library item: the product plus what is about this customer's copy.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LibraryItem {
    #[serde(flatten)]
    pub product: Product,
    #[serde(default, deserialize_with = "lenient::text")]
    pub purchase_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub date_added: Option<String>,
    /// `Active` or `Revoked` (refunded or removed); a delta lists revoked items once.
    #[serde(default, deserialize_with = "lenient::text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub origin_asin: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub origin_type: Option<String>,
    /// A Plus-catalogue title rather than a purchase.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_ayce: Option<bool>,
    #[serde(default, deserialize_with = "lenient::number")]
    pub percent_complete: Option<f64>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_finished: Option<bool>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub pdf_url: Option<String>,
}

impl LibraryItem {
    pub fn is_revoked(&self) -> bool {
        self.status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("revoked"))
    }
}

/// The paging headers of one answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageHeaders {
    pub total_count: Option<u64>,
    pub continuation_token: Option<String>,
    pub state_token: Option<StateToken>,
}

impl PageHeaders {
    /// From `(name, value)` pairs in any case; unreadable values are absent.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> PageHeaders {
        let mut headers = PageHeaders::default();
        for (name, value) in pairs {
            match name.to_ascii_lowercase().as_str() {
                "total-count" => headers.total_count = value.trim().parse().ok(),
                "continuation-token" if !value.trim().is_empty() => {
                    headers.continuation_token = Some(value.trim().to_owned())
                }
                "state-token" => headers.state_token = StateToken::from_header(value),
                _ => {}
            }
        }
        headers
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LibraryPage {
    pub items: Vec<LibraryItem>,
    pub headers: PageHeaders,
    /// Items skipped (no ASIN) or kept without a title or authors.
    pub warnings: Vec<ItemWarning>,
}

impl LibraryPage {
    /// How many pages of `per_page` the whole library has, when the total is known.
    pub fn page_count(&self, per_page: u32) -> Option<u32> {
        let total = self.headers.total_count?;
        Some(total.div_ceil(u64::from(per_page.max(1))) as u32)
    }

    /// A first full-sync page whose items all lack titles and authors: Audible sometimes
    /// answers so after a long absence, and the scan is repeated once.
    pub fn looks_hollow(&self) -> bool {
        !self.items.is_empty() && self.items.iter().all(|i| i.product.gaps().len() == 2)
    }
}

#[derive(Deserialize)]
struct Body {
    items: Value,
}

/// The body was not a library answer at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the library answer is not JSON with an items list")]
pub struct NotALibraryPage;

/// Reads one page. Items without a readable ASIN are skipped with a warning; items without
/// title or authors are kept, with a warning.
pub fn parse_library_page(
    body: &[u8],
    headers: PageHeaders,
) -> Result<LibraryPage, NotALibraryPage> {
    let body: Body = serde_json::from_slice(body).map_err(|_| NotALibraryPage)?;
    let Value::Array(raw) = body.items else {
        return Err(NotALibraryPage);
    };
    let mut warnings = Vec::new();
    let items: Vec<LibraryItem> = read_each(raw, &mut warnings);
    for item in &items {
        for gap in item.product.gaps() {
            warnings.push(ItemWarning {
                asin: Some(item.product.asin.as_str().to_owned()),
                problem: match gap {
                    Gap::Title => "no title".to_owned(),
                    Gap::Authors => "no authors".to_owned(),
                },
            });
        }
    }
    Ok(LibraryPage {
        items,
        headers,
        warnings,
    })
}
