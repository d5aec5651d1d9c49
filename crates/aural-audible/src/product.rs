//! The product shape the library, the wishlist and the catalog share (the same field names
//! in each; which fields are present depends on the request's `response_groups`).

use std::collections::BTreeMap;

use aural_core::Asin;
use serde::Deserialize;

use crate::lenient;

/// A person as Audible lists them; narrators usually have no ASIN.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Person {
    #[serde(default, deserialize_with = "lenient::opt")]
    pub asin: Option<Asin>,
    pub name: String,
}

/// `series[]`: the series a product belongs to and its place there, as Audible writes it
/// (`"1"`, `"0.5"`, `"1-3"`, `"Book 2, Dramatized"`): parsing the position is aural-core's.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SeriesRef {
    #[serde(default, deserialize_with = "lenient::opt")]
    pub asin: Option<Asin>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub sequence: Option<String>,
}

/// `relationships[]`: parents (the series, the podcast) and children (volumes, episodes).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Relationship {
    pub asin: Asin,
    /// `parent` or `child`.
    #[serde(default, deserialize_with = "lenient::text")]
    pub relationship_to_product: Option<String>,
    /// `series`, `podcast`, `episode`, `component`, …
    #[serde(default, deserialize_with = "lenient::text")]
    pub relationship_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub sequence: Option<String>,
    /// Audible's own ordering key of the children, a number as text.
    #[serde(default, deserialize_with = "lenient::text")]
    pub sort: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub title: Option<String>,
}

impl Relationship {
    pub fn is_parent(&self) -> bool {
        self.relationship_to_product.as_deref() == Some("parent")
    }

    pub fn is_child(&self) -> bool {
        self.relationship_to_product.as_deref() == Some("child")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Codec {
    pub name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub enhanced_codec: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub format: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: String,
}

/// One path from a root (`Genres`) down to the most specific category.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CategoryLadder {
    #[serde(default, deserialize_with = "lenient::list")]
    pub ladder: Vec<Category>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub root: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
pub struct Rating {
    #[serde(default, deserialize_with = "lenient::opt")]
    pub overall_distribution: Option<Distribution>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
pub struct Distribution {
    #[serde(default, deserialize_with = "lenient::number")]
    pub display_average_rating: Option<f64>,
    #[serde(default, deserialize_with = "lenient::integer")]
    pub num_ratings: Option<i64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct CustomerRights {
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_buyable: Option<bool>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_consumable_offline: Option<bool>,
}

/// A product as far as it is known. Only the ASIN is required; every other field reads as
/// absent when missing or odd, and [`Product::gaps`] says what a sync should warn about.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Product {
    pub asin: Asin,
    #[serde(default, deserialize_with = "lenient::text")]
    pub sku: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub sku_lite: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub subtitle: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub authors: Vec<Person>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub narrators: Vec<Person>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub publisher_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub series: Vec<SeriesRef>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub relationships: Vec<Relationship>,
    /// Size in pixels (`"500"`, `"1024"`) to URL.
    #[serde(default, deserialize_with = "lenient::opt")]
    pub product_images: Option<BTreeMap<String, String>>,
    #[serde(default, deserialize_with = "lenient::integer")]
    pub runtime_length_min: Option<i64>,
    /// `YYYY-MM-DD` as Audible sends it.
    #[serde(default, deserialize_with = "lenient::text")]
    pub release_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub issue_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub format_type: Option<String>,
    /// `SinglePartBook`, `MultiPartBook`, `PodcastParent`, `PodcastEpisode`, …
    #[serde(default, deserialize_with = "lenient::text")]
    pub content_delivery_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub content_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub available_codecs: Vec<Codec>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub category_ladders: Vec<CategoryLadder>,
    #[serde(default, deserialize_with = "lenient::opt")]
    pub rating: Option<Rating>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub publisher_summary: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub merchandising_summary: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub isbn: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub copyright: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_adult_product: Option<bool>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub has_children: Option<bool>,
    /// `AVAILABLE`, `NOT_FOR_SALE`, `REMOVED`, …
    #[serde(default, deserialize_with = "lenient::text")]
    pub product_state: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt")]
    pub customer_rights: Option<CustomerRights>,
}

/// A field a sync expected and did not get; the item is kept with what is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    Title,
    Authors,
}

impl Product {
    /// The largest image, the source for the cover cache.
    pub fn largest_image(&self) -> Option<&str> {
        self.product_images
            .as_ref()?
            .iter()
            .filter_map(|(size, url)| size.parse::<u32>().ok().map(|s| (s, url)))
            .max_by_key(|(s, _)| *s)
            .map(|(_, url)| url.as_str())
    }

    /// The series this product is a volume of, from `relationships` (parent, type series).
    pub fn series_parents(&self) -> impl Iterator<Item = &Relationship> {
        self.relationships
            .iter()
            .filter(|r| r.is_parent() && r.relationship_type.as_deref() == Some("series"))
    }

    /// Children (volumes of a series product, episodes of a podcast) in Audible's order.
    pub fn children(&self) -> Vec<&Relationship> {
        let mut children: Vec<_> = self.relationships.iter().filter(|r| r.is_child()).collect();
        children.sort_by(|a, b| {
            let key = |r: &Relationship| {
                r.sort
                    .as_deref()
                    .and_then(|s| s.parse::<f64>().ok())
                    .unwrap_or(f64::MAX)
            };
            key(a).total_cmp(&key(b))
        });
        children
    }

    pub fn is_podcast(&self) -> bool {
        self.content_delivery_type
            .as_deref()
            .is_some_and(|t| t.starts_with("Podcast"))
    }

    pub fn gaps(&self) -> Vec<Gap> {
        let mut gaps = Vec::new();
        if self.title.is_none() {
            gaps.push(Gap::Title);
        }
        if self.authors.is_empty() {
            gaps.push(Gap::Authors);
        }
        gaps
    }
}
