//! `/1.0/catalog/products`: one product, a batch of at most 50 ASINs, or a search. Catalog
//! calls need no account and are sent unsigned.

use aural_core::Asin;
use serde::Deserialize;
use serde_json::Value;

use crate::items::{ItemWarning, read_each};
use crate::lenient;
use crate::product::Product;

pub const PATH: &str = "/1.0/catalog/products";
/// The most ASINs one batch lookup may name.
pub const MAX_BATCH: usize = 50;
/// Library-only groups are rejected here; without groups products come back without titles.
pub const RESPONSE_GROUPS: &str = "contributors,media,product_attrs,product_desc,product_details,product_extended_attrs,series,rating,relationships,customer_rights,category_ladders";

fn query(pairs: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.append_pair("response_groups", RESPONSE_GROUPS)
        .append_pair("image_sizes", "500,1215");
    s.finish()
}

pub fn product_path(asin: &Asin) -> String {
    format!("{PATH}/{}?{}", asin.as_str(), query(&[]))
}

/// Paths for looking up `asins`, [`MAX_BATCH`] per request.
pub fn batch_paths(asins: &[Asin]) -> Vec<String> {
    asins
        .chunks(MAX_BATCH)
        .map(|chunk| {
            let list: Vec<&str> = chunk.iter().map(Asin::as_str).collect();
            format!("{PATH}?{}", query(&[("asins", &list.join(","))]))
        })
        .collect()
}

/// A catalog search; empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub keywords: String,
    pub author: Option<String>,
    pub narrator: Option<String>,
    /// From 1.
    pub page: u32,
    /// At most 50.
    pub num_results: u32,
}

impl Search {
    pub fn path(&self) -> String {
        let page = self.page.max(1).to_string();
        let num = self.num_results.clamp(1, MAX_BATCH as u32).to_string();
        let mut pairs: Vec<(&str, &str)> = vec![
            ("num_results", &num),
            ("page", &page),
            ("products_sort_by", "Relevance"),
        ];
        if !self.keywords.trim().is_empty() {
            pairs.push(("keywords", self.keywords.trim()));
        }
        if let Some(author) = self.author.as_deref().filter(|a| !a.trim().is_empty()) {
            pairs.push(("author", author));
        }
        if let Some(narrator) = self.narrator.as_deref().filter(|n| !n.trim().is_empty()) {
            pairs.push(("narrator", narrator));
        }
        format!("{PATH}?{}", query(&pairs))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the catalog answer is not JSON with a {expected}")]
pub struct NotACatalogAnswer {
    pub expected: &'static str,
}

#[derive(Deserialize)]
struct One {
    product: Product,
}

/// `{"product": {…}}` of a single lookup.
pub fn parse_product(body: &[u8]) -> Result<Product, NotACatalogAnswer> {
    serde_json::from_slice::<One>(body)
        .map(|one| one.product)
        .map_err(|_| NotACatalogAnswer {
            expected: "product",
        })
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProductList {
    pub products: Vec<Product>,
    pub total_results: Option<u64>,
    pub warnings: Vec<ItemWarning>,
}

#[derive(Deserialize)]
struct Many {
    products: Value,
    #[serde(default, deserialize_with = "lenient::integer")]
    total_results: Option<i64>,
}

/// `{"products": […], "total_results": N}` of a batch lookup or a search.
pub fn parse_products(body: &[u8]) -> Result<ProductList, NotACatalogAnswer> {
    let many: Many = serde_json::from_slice(body).map_err(|_| NotACatalogAnswer {
        expected: "products list",
    })?;
    let Value::Array(raw) = many.products else {
        return Err(NotACatalogAnswer {
            expected: "products list",
        });
    };
    let mut warnings = Vec::new();
    let products = read_each(raw, &mut warnings);
    Ok(ProductList {
        products,
        total_results: many.total_results.and_then(|t| u64::try_from(t).ok()),
        warnings,
    })
}
