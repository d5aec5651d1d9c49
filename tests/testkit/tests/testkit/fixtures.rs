use aural_testkit::{fixture, fixture_text};

#[test]
fn fixtures_are_read_from_the_repository() {
    let path = fixture("lists/library.csv");
    assert!(
        path.ends_with("tests/fixtures/lists/library.csv"),
        "the path is inside the repository's tests/fixtures: {}",
        path.display()
    );
    assert!(
        fixture_text("lists/library.csv").starts_with("asin,"),
        "the text is the fixture's"
    );
}

#[test]
#[should_panic(expected = "fixture lists/nothing-here.csv is missing")]
fn a_missing_fixture_is_named() {
    fixture("lists/nothing-here.csv");
}
