use aural_indexers::torznab::DocumentError;
use aural_indexers::{Feed, MAX_ITEMS, MAX_TITLE_CHARS, Protocol};

use crate::{API_KEY, fixture};

fn feed(name: &str, protocol: Protocol) -> Feed {
    Feed::parse(&fixture(name), protocol).unwrap_or_else(|e| panic!("{name} parses: {e}"))
}

#[test]
fn audiobook_feed_items_carry_every_attribute() {
    let feed = feed("jackett_torznab_audiobooks.xml", Protocol::Torrent);
    assert_eq!(feed.releases.len(), 5);
    assert_eq!(feed.skipped, 1, "the item with a blank title");
    assert!(!feed.truncated);
    let kings = &feed.releases[0];
    assert!(
        kings
            .title
            .starts_with("Brandon Sanderson - The Way of Kings")
    );
    assert_eq!(
        (kings.seeders, kings.peers, kings.leechers),
        (Some(57), Some(61), Some(4))
    );
    assert_eq!(kings.grabs, Some(412), "Jackett's <grabs> element");
    assert_eq!(kings.size, Some(1_954_210_381));
    assert_eq!(
        kings.categories,
        vec![3030, 100012],
        "numeric text and attrs, once each"
    );
    assert_eq!(kings.download_volume_factor, Some(0.0), "freeleech");
    assert_eq!(kings.minimum_seed_time_secs, Some(259_200));
    assert_eq!(
        kings.info_hash.as_deref(),
        Some("3c1e0a8d5f2b4a6c7d8e9f0a1b2c3d4e5f6a7b8c"),
        "lower-case hex"
    );
    assert_eq!(kings.author.as_deref(), Some("Brandon Sanderson"));
    assert_eq!(kings.book_title.as_deref(), Some("The Way of Kings"));
    assert_eq!(kings.protocol, Protocol::Torrent);
    assert_eq!(
        kings.published.map(|p| p.unix_timestamp()),
        Some(1_678_813_842)
    );
    let url = kings.download_url.as_ref().expect("an enclosure");
    assert!(url.expose().contains("jackett_apikey=test-key"));
    assert!(
        !format!("{kings:?}").contains("jackett_apikey=test-key"),
        "the keyed download URL is hidden in debug output"
    );
}

#[test]
fn invalid_numbers_leave_fields_unknown_and_keep_the_item() {
    let feed = feed("jackett_torznab_audiobooks.xml", Protocol::Torrent);
    let hail_mary = &feed.releases[1];
    assert_eq!(
        hail_mary.size,
        Some(1_105_920_000),
        "the attr, as <size> is not a number"
    );
    assert_eq!(hail_mary.seeders, None, "\"lots\" is not a number");
    assert_eq!((hail_mary.peers, hail_mary.leechers), (Some(12), None));
    assert_eq!(hail_mary.grabs, None, "negative");
    assert_eq!(
        hail_mary.info_hash.as_deref(),
        Some("5e4c1d7a2b9f8e6d3c0b1a2f4e6d8c0b2a4f6e8d"),
        "from the magnet link"
    );
    let hobbit = &feed.releases[2];
    assert_eq!(
        hobbit.info_hash.as_deref(),
        Some("000102030405060708090a0b0c0d0e0f10111213"),
        "the base32 magnet in hex"
    );
    assert_eq!(hobbit.guid.as_deref(), Some("hobbit-serkis-1003"));
    assert_eq!(
        hobbit.info_url, None,
        "a guid that is not a link is no page"
    );
    let dune = &feed.releases[3];
    assert_eq!((dune.info_hash.as_deref(), dune.published), (None, None));
    assert_eq!(dune.seeders, Some(0));
}

#[test]
fn public_torznab_samples_parse() {
    let tpb = feed("prowlarr_torznab_tpb.xml", Protocol::Torrent);
    let first = &tpb.releases[0];
    assert_eq!(first.seeders, Some(34128));
    assert_eq!(first.size, Some(388_895_872), "from <size>");
    assert!(
        first
            .magnet
            .as_deref()
            .is_some_and(|m| m.starts_with("magnet:?xt=urn:btih:9fb267"))
    );
    assert_eq!(first.minimum_ratio, Some(1.0));

    let hda = feed("prowlarr_torznab_hdaccess_net.xml", Protocol::Torrent);
    let first = &hda.releases[0];
    assert_eq!(first.categories, vec![5000, 5040, 100009, 100036]);
    assert_eq!(first.category_names, vec!["HDTV 1080p".to_owned()]);
    assert_eq!(
        first.other_attrs.get("imdb").map(String::as_str),
        Some("3032476")
    );
    assert!(!format!("{first:?}").contains("passkey=123456"));
    assert_eq!(
        first.info_url.as_deref(),
        Some("https://hdaccess.net/details.php?id=11515&hit=1#comments")
    );

    let tosho = feed("prowlarr_torznab_animetosho.xml", Protocol::Usenet);
    assert_eq!(tosho.releases.len(), 2);
    assert_eq!(
        tosho.releases[0].categories,
        vec![5070, 100001],
        "Torznab and Newznab copies once"
    );
    assert_eq!(
        tosho.releases[0].protocol,
        Protocol::Torrent,
        "the enclosure says so"
    );
}

#[test]
fn newznab_feeds_are_usenet_with_a_total() {
    let nzb = feed("prowlarr_newznab_nzb_su.xml", Protocol::Usenet);
    assert_eq!(nzb.releases.len(), 100);
    assert_eq!(nzb.total, Some(10_000));
    let first = &nzb.releases[0];
    assert_eq!(first.protocol, Protocol::Usenet);
    assert_eq!(first.size, Some(1_183_105_773));
    assert_eq!(first.seeders, None);
    assert_eq!(first.title, "White.Collar.S03E05.720p.HDTV.X264-DIMENSION");

    let empty = feed("newznab_empty.xml", Protocol::Usenet);
    assert!(empty.releases.is_empty());
    assert_eq!(empty.total, Some(0));
}

#[test]
fn broken_answers_are_typed_errors() {
    for (name, want) in [
        ("malformed_feed.xml", "malformed"),
        ("login_page.html", "endpoint"),
        ("prowlarr_newznab_caps.xml", "endpoint"),
        ("prowlarr_newznab_unauthorized.xml", "api"),
    ] {
        let got = Feed::parse(&fixture(name), Protocol::Torrent);
        let kind = match &got {
            Err(DocumentError::Malformed { .. }) => "malformed",
            Err(DocumentError::NotAnEndpoint { .. }) => "endpoint",
            Err(DocumentError::Api { .. }) => "api",
            _ => "other",
        };
        assert_eq!(kind, want, "{name}: {got:?}");
    }
}

#[test]
fn huge_answers_are_bounded() {
    let mut xml = String::from("<rss><channel>");
    let long_title = "A".repeat(100_000);
    xml.push_str(&format!("<item><title>{long_title}</title></item>"));
    for i in 0..10_000 {
        xml.push_str(&format!(
            "<item><title>Book {i}</title><torznab:attr name=\"seeders\" value=\"99999999999999\"/></item>"
        ));
    }
    xml.push_str("</channel></rss>");
    let feed = Feed::parse(xml.as_bytes(), Protocol::Torrent).expect("parses");
    assert_eq!(feed.releases.len(), MAX_ITEMS);
    assert!(feed.truncated, "the truncation is noted");
    assert_eq!(feed.releases[0].title.chars().count(), MAX_TITLE_CHARS);
    assert_eq!(
        feed.releases[1].seeders, None,
        "a number too large for u32 is unknown"
    );
}

#[test]
fn secrets_in_links_never_reach_parse_errors() {
    let xml = format!(
        "<rss><channel><item><title>x</title><link>http://h/?apikey={API_KEY}</link><size>1</size><size>2</size></item></channel></rss>"
    );
    let e = Feed::parse(xml.as_bytes(), Protocol::Torrent)
        .expect_err("two sizes in one item are not a feed");
    crate::assert_no_key("parse error", &e.to_string(), &format!("{e:?}"));
}

#[test]
fn cut_and_corrupted_fixtures_never_panic() {
    for name in [
        "jackett_torznab_audiobooks.xml",
        "prowlarr_torznab_animetosho.xml",
        "prowlarr_newznab_unauthorized.xml",
    ] {
        let bytes = fixture(name);
        let mut refused = 0;
        for cut in (0..bytes.len()).step_by(7) {
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0x5a;
            for outcome in [
                Feed::parse(&bytes[..cut], Protocol::Torrent).map(drop),
                aural_indexers::Caps::parse(&bytes[..cut]).map(drop),
                Feed::parse(&flipped, Protocol::Torrent).map(drop),
            ] {
                if let Err(e) = outcome {
                    assert!(
                        !e.to_string().is_empty(),
                        "{name} cut at {cut}: an error says what"
                    );
                    refused += 1;
                }
            }
        }
        assert!(
            refused > 0,
            "{name}: a cut document is refused, not read as a feed"
        );
    }
}
