use aural_audible::catalog::{
    MAX_BATCH, Search, batch_paths, parse_product, parse_products, product_path,
};
use aural_core::Asin;

use crate::bytes;

#[test]
fn every_catalog_sample_is_read() {
    for (asin, title, authors, podcast) in [
        (
            "B017V4IM1G",
            "Harry Potter and the Sorcerer's Stone, Book 1",
            1,
            false,
        ),
        ("B079LRSMNN", "Galaxy's Edge", 2, false),
        (
            "B08C6YJ1LS",
            "The Coldest Case: A Black Book Audio Drama",
            3,
            false,
        ),
        ("B08G9PRS1K", "Project Hail Mary", 1, false),
        (
            "B0GFYFCX3D",
            "Test Book Without Social Media Images",
            1,
            false,
        ),
    ] {
        let product = parse_product(&bytes(&format!("audible/catalog_product_{asin}.json")))
            .unwrap_or_else(|e| panic!("{asin}: {e}"));
        assert_eq!(product.asin.as_str(), asin);
        assert_eq!(product.title.as_deref(), Some(title), "{asin}");
        assert_eq!(product.authors.len(), authors, "{asin}");
        assert_eq!(product.is_podcast(), podcast, "{asin}");
        assert!(product.largest_image().is_some(), "{asin} has a cover");
        assert!(!product.available_codecs.is_empty(), "{asin} lists codecs");
    }
}

#[test]
fn series_are_read_from_series_and_relationships() {
    let galaxy = parse_product(&bytes("audible/catalog_product_B079LRSMNN.json")).expect("valid");
    let series = &galaxy.series[0];
    assert_eq!(series.title.as_deref(), Some("Galaxy's Edge Series"));
    assert_eq!(
        series.sequence.as_deref(),
        Some("1-2"),
        "ranges are kept as written"
    );
}

#[test]
fn a_series_product_lists_its_volumes_in_audibles_order() {
    // The shape of a series product's relationships (SPEC §3.8); no public sample has one.
    let body = br#"{"product": {"asin": "B08RLSPY4J", "title": "A Billy Harney Thriller", "relationships": [
        {"asin": "B000000003", "relationship_to_product": "child", "relationship_type": "series", "sequence": "2", "sort": "3"},
        {"asin": "B08C6YJ1LS", "relationship_to_product": "child", "relationship_type": "series", "sequence": "0.5", "sort": "1"},
        {"asin": "B000000002", "relationship_to_product": "child", "relationship_type": "series", "sequence": "1", "sort": "2"},
        {"asin": "B000000009", "relationship_to_product": "parent", "relationship_type": "series"},
        {"asin": "not-an-asin", "relationship_to_product": "child"}]}}"#;
    let series = parse_product(body).expect("a series product");
    let order: Vec<_> = series
        .children()
        .iter()
        .map(|r| (r.asin.as_str(), r.sequence.as_deref()))
        .collect();
    assert_eq!(
        order,
        [
            ("B08C6YJ1LS", Some("0.5")),
            ("B000000002", Some("1")),
            ("B000000003", Some("2"))
        ]
    );
    assert_eq!(series.series_parents().count(), 1);
}

#[test]
fn batches_hold_at_most_fifty_asins() {
    let asins: Vec<Asin> = (0..120)
        .map(|i| format!("B{i:09}").parse().expect("valid"))
        .collect();
    let paths = batch_paths(&asins);
    assert_eq!(paths.len(), 3);
    for (path, want) in paths.iter().zip([50, 50, 20]) {
        let q: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(path.split_once('?').expect("query").1.as_bytes())
                .into_owned()
                .collect();
        assert_eq!(q["asins"].split(',').count(), want);
        assert!(
            q["response_groups"].contains("product_desc"),
            "without groups products have no titles"
        );
    }
    assert_eq!(MAX_BATCH, 50);
    assert!(product_path(&asins[0]).starts_with("/1.0/catalog/products/B000000000?"));
    let list =
        parse_products(&bytes("audible/catalog_products_composed.json")).expect("a product list");
    assert_eq!(list.products.len(), 2);
    assert_eq!(list.total_results, Some(2));
}

#[test]
fn search_leaves_out_empty_fields() {
    let search = Search {
        keywords: " dune ".to_owned(),
        author: Some("Frank Herbert".to_owned()),
        narrator: Some(" ".to_owned()),
        page: 0,
        num_results: 500,
    };
    let path = search.path();
    let q: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(path.split_once('?').expect("query").1.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(q["keywords"], "dune");
    assert_eq!(q["author"], "Frank Herbert");
    assert!(!q.contains_key("narrator"));
    assert_eq!((q["page"].as_str(), q["num_results"].as_str()), ("1", "50"));
}
