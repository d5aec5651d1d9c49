use aural_core::Paged;
use serde::{Deserialize, Serialize};
use specta::Type;

/// One page of a list: its rows, and where they sit in the whole list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PageOf<T> {
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<T>,
}

impl<T> PageOf<T> {
    /// The page `paged`, each row turned into its DTO by `row`.
    pub fn map<U>(paged: &Paged<U>, row: impl Fn(&U) -> T) -> PageOf<T> {
        PageOf {
            total: paged.total,
            page: paged.page.number(),
            per_page: paged.page.size(),
            items: paged.items.iter().map(row).collect(),
        }
    }
}
