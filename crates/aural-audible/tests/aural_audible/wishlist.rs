use aural_audible::wishlist::{PAGE_SIZE, add_body, item_path, page_path, parse_wishlist_page};
use aural_core::Asin;

use crate::bytes;

#[test]
fn wishlist_pages_start_at_zero_and_hold_fifty() {
    let path = page_path(0);
    assert!(path.starts_with("/1.0/wishlist?"), "{path}");
    let q: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(path.split_once('?').expect("query").1.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(
        (
            q["page"].as_str(),
            q["num_results"].as_str(),
            q["sort_by"].as_str()
        ),
        ("0", "50", "-DateAdded")
    );
    let asin: Asin = "B017V4IM1G".parse().expect("valid");
    assert_eq!(item_path(&asin), "/1.0/wishlist/B017V4IM1G");
    assert_eq!(add_body(&asin), serde_json::json!({"asin": "B017V4IM1G"}));
}

#[test]
fn a_wishlist_page_is_read_and_says_whether_more_follow() {
    let page = parse_wishlist_page(&bytes("audible/wishlist_page_composed.json"), 0)
        .expect("a wishlist page");
    let asins: Vec<_> = page.items.iter().map(|i| i.product.asin.as_str()).collect();
    assert_eq!(asins, ["B08G9PRS1K", "B0GFYFCX3D"]);
    assert_eq!(
        page.items[0].added_timestamp.as_deref(),
        Some("2025-01-02T03:04:05Z")
    );
    assert!(!page.has_more(), "2 of 2 seen");

    let mut more = page.clone();
    more.total_results = Some(120);
    assert!(more.has_more(), "50 of 120 seen");
    more.page = 2;
    assert!(!more.has_more(), "150 ≥ 120: the third page was the last");
    more.total_results = None;
    more.items = vec![page.items[0].clone(); PAGE_SIZE as usize];
    assert!(
        more.has_more(),
        "a full page without a total may have a successor"
    );
    assert!(parse_wishlist_page(br#"{"products": "none"}"#, 0).is_err());
}
