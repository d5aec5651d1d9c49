//! A release's page on AudiobookBay, read only when the user grabs it (never once per result):
//! the info hash sits in the table cell after the one saying `Info Hash:`, the trackers in the
//! cells after those saying `Tracker`, and the title in `div.postTitle h1`.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

use crate::torznab::infohash;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    /// Lower-case hex.
    pub info_hash: String,
    pub title: Option<String>,
    pub trackers: Vec<String>,
}

static CELL: LazyLock<Selector> = LazyLock::new(|| Selector::parse("td").expect("valid selector"));
static TITLE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("div.postTitle h1").expect("valid selector"));

/// The info hash and trackers, or `None` when the page has no readable `Info Hash:` cell.
pub fn parse(html: &str) -> Option<Detail> {
    let doc = Html::parse_document(html);
    let cells: Vec<ElementRef> = doc.select(&CELL).collect();
    let after = |label: &str| -> Vec<String> {
        cells
            .windows(2)
            .filter(|pair| text(&pair[0]).contains(label))
            .map(|pair| text(&pair[1]))
            .filter(|t| !t.is_empty())
            .collect()
    };
    let info_hash = after("Info Hash:")
        .iter()
        .find_map(|h| infohash::normalize(h))?;
    let mut trackers: Vec<String> = Vec::new();
    for tracker in after("Tracker") {
        if tracker.contains("://") && !trackers.contains(&tracker) {
            trackers.push(tracker);
        }
    }
    let title = doc
        .select(&TITLE)
        .next()
        .map(|h| text(&h))
        .filter(|t| !t.is_empty());
    Some(Detail {
        info_hash,
        title,
        trackers,
    })
}

fn text(element: &ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
