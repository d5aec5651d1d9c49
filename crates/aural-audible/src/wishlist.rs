//! `/1.0/wishlist`: reading pages (0-based, at most 50 each) and the add/remove calls.

use serde::Deserialize;
use serde_json::{Value, json};

use aural_core::Asin;

use crate::items::{ItemWarning, read_each};
use crate::lenient;
use crate::product::Product;

pub const PATH: &str = "/1.0/wishlist";
pub const PAGE_SIZE: u32 = 50;
pub const RESPONSE_GROUPS: &str = "contributors,media,price,product_attrs,product_desc,product_extended_attrs,product_plan_details,product_plans,rating,sample,sku,customer_rights,relationships,series";

/// `PATH?…` of page `page` (from 0), newest additions first.
pub fn page_path(page: u32) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("num_results", &PAGE_SIZE.to_string())
        .append_pair("page", &page.to_string())
        .append_pair("sort_by", "-DateAdded")
        .append_pair("response_groups", RESPONSE_GROUPS)
        .finish();
    format!("{PATH}?{query}")
}

/// `DELETE` target for one title.
pub fn item_path(asin: &Asin) -> String {
    format!("{PATH}/{}", asin.as_str())
}

/// `POST` body adding one title.
pub fn add_body(asin: &Asin) -> Value {
    json!({"asin": asin.as_str()})
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WishlistItem {
    #[serde(flatten)]
    pub product: Product,
    #[serde(default, deserialize_with = "lenient::text")]
    pub added_timestamp: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WishlistPage {
    pub page: u32,
    pub items: Vec<WishlistItem>,
    pub total_results: Option<u64>,
    pub warnings: Vec<ItemWarning>,
}

impl WishlistPage {
    /// Another page exists: `(page + 1) · 50 < total_results`. Without a total, a full page
    /// means there may be more.
    pub fn has_more(&self) -> bool {
        let seen = u64::from(self.page + 1) * u64::from(PAGE_SIZE);
        match self.total_results {
            Some(total) => seen < total,
            None => self.items.len() as u64 >= u64::from(PAGE_SIZE),
        }
    }
}

#[derive(Deserialize)]
struct Body {
    products: Value,
    #[serde(default, deserialize_with = "lenient::integer")]
    total_results: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the wishlist answer is not JSON with a products list")]
pub struct NotAWishlistPage;

pub fn parse_wishlist_page(body: &[u8], page: u32) -> Result<WishlistPage, NotAWishlistPage> {
    let body: Body = serde_json::from_slice(body).map_err(|_| NotAWishlistPage)?;
    let Value::Array(raw) = body.products else {
        return Err(NotAWishlistPage);
    };
    let mut warnings = Vec::new();
    let items = read_each(raw, &mut warnings);
    Ok(WishlistPage {
        page,
        items,
        total_results: body.total_results.and_then(|t| u64::try_from(t).ok()),
        warnings,
    })
}
