use aural_audible::chapters::{metadata_path, parse_chapter_info};
use aural_core::Asin;

use crate::bytes;

#[test]
fn audible_chapter_samples_are_read() {
    for (asin, count, second, runtime) in [
        ("B017V4IM1G", 19, "Chapter 1: The Boy Who Lived", 29_908_801),
        ("B08C6YJ1LS", 11, "Episode 1", 13_941_510),
    ] {
        let info = parse_chapter_info(&bytes(&format!(
            "audible/content_metadata_chapters_{asin}.json"
        )))
        .unwrap_or_else(|e| panic!("{asin}: {e}"));
        assert_eq!(info.chapters.len(), count, "{asin}");
        assert_eq!(info.chapters[1].title.as_deref(), Some(second), "{asin}");
        assert_eq!(info.runtime_length_ms, Some(runtime));
        assert_eq!(
            (info.brand_intro_duration_ms, info.brand_outro_duration_ms),
            (Some(3924), Some(4945))
        );
        assert_eq!(info.is_accurate, Some(true));
        assert_eq!(info.flat().len(), count, "{asin} has no nested chapters");
    }
}

#[test]
fn nested_parts_flatten_in_play_order() {
    let body = br#"{"content_metadata": {"chapter_info": {"is_accurate": true, "chapters": [
        {"title": "Part One", "start_offset_ms": 0, "length_ms": 1000, "chapters": [
            {"title": "Chapter 1", "start_offset_ms": 1000, "length_ms": 500},
            {"title": "Chapter 2", "start_offset_ms": 1500, "length_ms": 500}]},
        {"title": "Part Two", "start_offset_ms": 2000, "length_ms": 10, "chapters": null}]}}}"#;
    let info = parse_chapter_info(body).expect("a tree");
    let titles: Vec<_> = info
        .flat()
        .iter()
        .map(|c| c.title.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(titles, ["Part One", "Chapter 1", "Chapter 2", "Part Two"]);
    assert!(parse_chapter_info(br#"{"content_metadata": {}}"#).is_err());
    let asin: Asin = "B017V4IM1G".parse().expect("valid");
    assert_eq!(
        metadata_path(&asin),
        "/1.0/content/B017V4IM1G/metadata?response_groups=chapter_info&chapter_titles_type=Tree"
    );
}
