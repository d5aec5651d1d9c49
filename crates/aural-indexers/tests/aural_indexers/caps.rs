use aural_indexers::torznab::DocumentError;
use aural_indexers::{ApiErrorCode, Caps, SearchModeKind};

use crate::fixture;

fn ids(caps: &Caps) -> Vec<u32> {
    caps.audiobook_categories().iter().map(|c| c.id).collect()
}

#[test]
fn jackett_caps_offer_book_search_by_author_and_title() {
    let caps = Caps::parse(&fixture("jackett_torznab_caps_books.xml")).expect("caps parse");
    assert!(caps.supports(SearchModeKind::Book, "author"));
    assert!(caps.supports(SearchModeKind::Book, "title"));
    assert!(
        !caps.supports(SearchModeKind::Tv, "q"),
        "tv-search is available=\"no\""
    );
    assert_eq!((caps.limit_max, caps.limit_default), (Some(100), Some(100)));
    assert_eq!(
        ids(&caps),
        vec![3000, 3030, 3040, 7000, 7020, 100012],
        "Audio and Books with their subcats, and the custom category named Audiobooks; \
         not the custom E-Books one"
    );
}

#[test]
fn prowlarr_newznab_caps_without_supported_params_take_q() {
    let caps = Caps::parse(&fixture("prowlarr_newznab_caps.xml")).expect("caps parse");
    assert!(caps.supports(SearchModeKind::Search, "q"));
    assert!(caps.supports(SearchModeKind::Audio, "q"));
    assert!(caps.mode(SearchModeKind::Book).is_none());
    assert_eq!((caps.limit_max, caps.limit_default), (Some(60), Some(25)));
    assert_eq!(
        ids(&caps),
        vec![7000, 7010],
        "8000 Books is not a Newznab book range"
    );
}

#[test]
fn caps_with_a_bom_parse_and_may_have_no_audiobook_category() {
    let caps = Caps::parse(&fixture("prowlarr_torznab_animetosho_caps.xml")).expect("caps parse");
    assert_eq!(caps.server_title.as_deref(), Some("Anime Tosho"));
    assert_eq!(caps.retention_days, Some(9999));
    assert!(ids(&caps).is_empty());
    assert_eq!(
        caps.categories.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![5070, 2020]
    );
}

#[test]
fn an_error_document_in_place_of_caps_is_a_typed_error() {
    let got = Caps::parse(&fixture("prowlarr_newznab_unauthorized.xml"));
    assert_eq!(
        got,
        Err(DocumentError::Api {
            code: ApiErrorCode::IncorrectCredentials,
            description: "Incorrect user credentials".to_owned()
        })
    );
}

#[test]
fn a_feed_or_a_page_in_place_of_caps_is_not_an_endpoint() {
    for name in ["prowlarr_torznab_tpb.xml", "login_page.html"] {
        let got = Caps::parse(&fixture(name));
        assert!(
            matches!(got, Err(DocumentError::NotAnEndpoint { .. })),
            "{name}: {got:?}"
        );
    }
}

#[test]
fn caps_survive_a_round_trip_through_the_cache() {
    let caps = Caps::parse(&fixture("jackett_torznab_caps_books.xml")).expect("caps parse");
    let json = serde_json::to_string(&caps).expect("serialises");
    let back: Caps = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, caps);
}
