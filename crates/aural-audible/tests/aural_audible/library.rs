use aural_audible::library::{
    LibraryQuery, PageHeaders, RESPONSE_GROUPS, StateToken, parse_library_page,
};

use crate::bytes;

fn query_map(path: &str) -> std::collections::HashMap<String, String> {
    let (_, query) = path.split_once('?').expect("a query");
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

#[test]
fn response_groups_are_the_known_valid_ones_once_each() {
    let mut seen = std::collections::HashSet::new();
    for group in RESPONSE_GROUPS {
        assert!(seen.insert(group), "{group} is listed twice");
        assert!(
            group.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{group} has the form Audible uses"
        );
    }
    for needed in [
        "contributors",
        "media",
        "product_attrs",
        "product_desc",
        "series",
        "relationships",
        "customer_rights",
        "percent_complete",
    ] {
        assert!(
            RESPONSE_GROUPS.contains(&needed),
            "sync maps fields of {needed}"
        );
    }
}

#[test]
fn full_and_delta_queries() {
    let full = query_map(&LibraryQuery::full(2, 5000).path_and_query());
    assert_eq!(full["num_results"], "1000", "clamped to Audible's maximum");
    assert_eq!(full["page"], "2");
    assert_eq!(full["status"], "Active");
    assert_eq!(full["response_groups"], RESPONSE_GROUPS.join(","));
    assert!(!full.contains_key("state_token"));

    let token = StateToken::from_header("1765108176000").expect("a real token");
    let delta = LibraryQuery::delta(token, 1, 1000);
    let q = query_map(&delta.path_and_query());
    assert_eq!(q["state_token"], "1765108176000");
    assert_eq!(
        q["status"], "Active,Revoked",
        "a delta must see revoked items to drop them"
    );
    let next = query_map(&delta.continued("ct-2".to_owned()).path_and_query());
    assert_eq!(
        (next["page"].as_str(), next["continuation_token"].as_str()),
        ("2", "ct-2")
    );
    assert!(delta.path_and_query().starts_with("/1.0/library?"));
}

#[test]
fn paging_headers_are_read_in_any_case() {
    let h = PageHeaders::from_pairs([
        ("Total-Count", "5000"),
        ("continuation-token", "abc"),
        ("STATE-TOKEN", "17651"),
    ]);
    assert_eq!(h.total_count, Some(5000));
    assert_eq!(h.continuation_token.as_deref(), Some("abc"));
    assert_eq!(
        h.state_token.as_ref().map(StateToken::as_str),
        Some("17651")
    );
    let none = PageHeaders::from_pairs([
        ("Total-Count", "many"),
        ("Continuation-Token", " "),
        ("State-Token", "0"),
    ]);
    assert_eq!(none, PageHeaders::default(), "\"0\" means no state token");
}

#[test]
fn a_library_page_keeps_odd_items_and_warns() {
    let headers = PageHeaders::from_pairs([("Total-Count", "2345")]);
    let page = parse_library_page(&bytes("audible/library_page_composed.json"), headers)
        .expect("a library page");
    assert_eq!(
        page.items.len(),
        6,
        "five real shapes and one odd item; the item without ASIN is skipped"
    );
    assert_eq!(page.page_count(1000), Some(3));

    let coldest = page
        .items
        .iter()
        .find(|i| i.product.asin.as_str() == "B08C6YJ1LS")
        .expect("B08C6YJ1LS is in the page");
    let p = &coldest.product;
    assert_eq!(
        p.title.as_deref(),
        Some("The Coldest Case: A Black Book Audio Drama")
    );
    assert_eq!(
        p.authors.len(),
        3,
        "all authors are kept, not only the first"
    );
    assert_eq!(p.authors[0].name, "James Patterson");
    assert_eq!(p.narrators.len(), 5);
    assert_eq!(
        p.series[0].sequence.as_deref(),
        Some("Book 2, Dramatized"),
        "odd sequences are kept as written"
    );
    assert_eq!(
        p.series[0].asin.as_ref().map(|a| a.as_str()),
        Some("B08RLSPY4J")
    );
    assert_eq!(p.runtime_length_min, Some(232));
    assert_eq!(
        p.largest_image(),
        Some("https://m.media-amazon.com/images/I/91H9ynKGNwL._SL1024_.jpg")
    );
    assert_eq!(
        p.rating
            .and_then(|r| r.overall_distribution)
            .and_then(|d| d.display_average_rating),
        Some(4.3)
    );
    assert_eq!(coldest.status.as_deref(), Some("Active"));
    assert_eq!(
        p.customer_rights.and_then(|r| r.is_consumable_offline),
        Some(true)
    );

    let odd = page
        .items
        .iter()
        .find(|i| i.product.asin.as_str() == "B0TESTODD1")
        .expect("the odd item is kept");
    assert!(
        odd.product.authors.is_empty()
            && odd.product.title.is_none()
            && odd.product.runtime_length_min.is_none()
    );
    let odd_warnings: Vec<_> = page
        .warnings
        .iter()
        .filter(|w| w.asin.as_deref() == Some("B0TESTODD1"))
        .map(|w| w.problem.as_str())
        .collect();
    assert_eq!(odd_warnings, ["no title", "no authors"]);
    assert!(
        page.warnings
            .iter()
            .any(|w| w.asin.is_none() && w.problem.contains("no ASIN")),
        "{:?}",
        page.warnings
    );
    assert!(!page.looks_hollow());
}

#[test]
fn a_delta_page_marks_revoked_items() {
    let page = parse_library_page(
        &bytes("audible/library_delta_revoked.json"),
        PageHeaders::default(),
    )
    .expect("a page");
    assert_eq!(page.items.len(), 1);
    assert!(page.items[0].is_revoked());
}

#[test]
fn broken_bodies_are_errors_not_panics() {
    for body in [
        &b""[..],
        b"{",
        b"<html></html>",
        br#"{"items": null}"#,
        br#"{"items": {"a": 1}}"#,
        br#"[1,2]"#,
    ] {
        assert!(
            parse_library_page(body, PageHeaders::default()).is_err(),
            "body {:?}",
            String::from_utf8_lossy(body)
        );
    }
    let hollow = parse_library_page(
        br#"{"items": [{"asin": "B000000001"}, {"asin": "B000000002", "authors": null}]}"#,
        PageHeaders::default(),
    )
    .expect("readable");
    assert!(
        hollow.looks_hollow(),
        "items without titles and authors call for a second scan"
    );
}
