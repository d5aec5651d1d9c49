//! Paging of every list: 1-based page numbers and a total row count.

use serde::{Deserialize, Serialize};

pub const MAX_PER_PAGE: u32 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    number: u32,
    size: u32,
}

impl Page {
    /// Clamps to page ≥ 1 and 1 ≤ size ≤ [`MAX_PER_PAGE`], so no caller can ask for an unbounded list.
    pub fn new(number: u32, size: u32) -> Page {
        Page {
            number: number.max(1),
            size: size.clamp(1, MAX_PER_PAGE),
        }
    }

    pub fn number(self) -> u32 {
        self.number
    }

    pub fn size(self) -> u32 {
        self.size
    }

    pub fn offset(self) -> u64 {
        u64::from(self.number - 1) * u64::from(self.size)
    }
}

impl Default for Page {
    fn default() -> Page {
        Page::new(1, 50)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: Page,
}

impl<T> Paged<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_is_clamped_to_sane_bounds() {
        assert_eq!(Page::new(0, 0), Page::new(1, 1));
        assert_eq!(Page::new(3, 10_000).size(), MAX_PER_PAGE);
        assert_eq!(Page::new(3, 20).offset(), 40);
    }
}
