//! The public sample feeds and capabilities, broken thousands of ways (flipped bytes, cut
//! anywhere, elements repeated, numbers that are not numbers, bytes that are not UTF-8, huge
//! titles): each reads as a typed error or as items, never a panic, and the items found go
//! through the release parser and scorer as a search sends them.

use std::panic::{AssertUnwindSafe, catch_unwind};

use aural_core::release::{QualityPrefs, ReleaseFacts, WantedBook, parse, score};
use aural_indexers::{Caps, Feed, MAX_ITEMS, MAX_TITLE_CHARS, Protocol};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::fixture;

/// Mutated documents per run; `AURAL_FUZZ_DOCS` changes it, `AURAL_FUZZ_SEED` replays another.
const DOCS: u64 = 4_000;
const SEED: u64 = 0x0fee_d5ee_d000;

const FEEDS: &[&str] = &[
    "jackett_torznab_audiobooks.xml",
    "prowlarr_newznab_nzb_su.xml",
    "prowlarr_torznab_animetosho.xml",
    "prowlarr_torznab_hdaccess_net.xml",
    "prowlarr_torznab_tpb.xml",
    "newznab_empty.xml",
    "malformed_feed.xml",
    "prowlarr_newznab_unauthorized.xml",
    "login_page.html",
];
const CAPS: &[&str] = &[
    "jackett_torznab_caps_books.xml",
    "prowlarr_newznab_caps.xml",
    "prowlarr_torznab_animetosho_caps.xml",
];
/// Numbers as broken indexers write them.
const BAD_NUMBERS: &[&str] = &[
    "",
    " ",
    "-1",
    "-0",
    "1e999",
    "NaN",
    "inf",
    "-inf",
    "0x10",
    "1,000",
    " 12 ",
    "١٢٣",
    "99999999999999999999999999",
    "18446744073709551616",
    "4294967296",
    "3.5",
    "1e3",
    "lots",
    "&amp;",
    "\u{FEFF}5",
];
/// Text dropped into a document: markup that opens without closing, entities, bytes that are
/// not UTF-8, a BOM in the middle.
const JUNK: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"<item>",
    b"</item>",
    b"<title>",
    b"]]>",
    b"<![CDATA[",
    b"&bogus;",
    b"&#0;",
    b"&#xFFFFFFFF;",
    b"\"",
    b"'",
    b"\xff\xfe",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\0",
    b"<!DOCTYPE html>",
    b"<?xml version=\"1.0\"?>",
    b"<error code=\"100\"/>",
];

fn env_u64(key: &str, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Byte offsets where `needle` starts in `doc`.
fn starts(doc: &[u8], needle: &[u8]) -> Vec<usize> {
    doc.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// The span of a random element named by `open`/`close`, when `doc` has one.
fn element(rng: &mut StdRng, doc: &[u8], open: &[u8], close: &[u8]) -> Option<(usize, usize)> {
    let at = *pick(rng, &starts(doc, open))?;
    let inner = at + open.len();
    let end = inner + starts(&doc[inner..], close).first()? + close.len();
    Some((at, end))
}

fn pick<'a, T>(rng: &mut StdRng, list: &'a [T]) -> Option<&'a T> {
    (!list.is_empty()).then(|| &list[rng.gen_range(0..list.len())])
}

fn mutate(rng: &mut StdRng, doc: &mut Vec<u8>) {
    let len = doc.len();
    let at = rng.gen_range(0..=len);
    match rng.gen_range(0..9) {
        0 => {
            for _ in 0..rng.gen_range(1..8) {
                if !doc.is_empty() {
                    let i = rng.gen_range(0..doc.len());
                    doc[i] ^= 1 << rng.gen_range(0..8);
                }
            }
        }
        1 => doc.truncate(at),
        2 => {
            // A whole item, or one attribute or element of one, twice.
            let (open, close): (&[u8], &[u8]) = *pick(
                rng,
                &[
                    (&b"<item>"[..], &b"</item>"[..]),
                    (b"<torznab:attr", b"/>"),
                    (b"<newznab:attr", b"/>"),
                    (b"<size>", b"</size>"),
                    (b"<title>", b"</title>"),
                    (b"<enclosure", b"/>"),
                    (b"<channel>", b"</channel>"),
                ],
            )
            .expect("a list of elements");
            if let Some((start, end)) = element(rng, doc, open, close) {
                let copy = doc[start..end].to_vec();
                doc.splice(end..end, copy);
            }
        }
        3 => {
            // An attribute or element value that is not a number.
            let (open, close): (&[u8], &[u8]) = *pick(
                rng,
                &[
                    (&b"value=\""[..], &b"\""[..]),
                    (b"length=\"", b"\""),
                    (b"total=\"", b"\""),
                    (b"offset=\"", b"\""),
                    (b"<size>", b"</size>"),
                    (b"<grabs>", b"</grabs>"),
                    (b"id=\"", b"\""),
                    (b"max=\"", b"\""),
                ],
            )
            .expect("a list of values");
            if let Some((start, end)) = element(rng, doc, open, close) {
                let number = pick(rng, BAD_NUMBERS).expect("a list of numbers");
                doc.splice(start + open.len()..end - close.len(), number.bytes());
            }
        }
        4 => {
            let junk = pick(rng, JUNK).expect("a list of junk");
            doc.splice(at..at, junk.iter().copied());
        }
        5 => {
            let end = rng.gen_range(at..=len);
            doc.drain(at..end);
        }
        6 => {
            if let Some((start, end)) = element(rng, doc, b"<title>", b"</title>") {
                let huge = "Sanderson - Title (Series 1) [Narrator] ".repeat(2_600);
                doc.splice(start + 7..end - 8, huge.into_bytes());
            }
        }
        7 => {
            let bytes: Vec<u8> = (0..rng.gen_range(1..64)).map(|_| rng.r#gen()).collect();
            doc.splice(at..at, bytes);
        }
        _ => {
            // Element names in another case.
            if let Some(&i) = pick(rng, &starts(doc, b"<")) {
                for b in doc.iter_mut().skip(i + 1).take(8) {
                    *b = b.to_ascii_uppercase();
                }
            }
        }
    }
}

fn check_feed(feed: &Feed) {
    assert!(feed.releases.len() <= MAX_ITEMS, "items are bounded");
    let authors = vec!["Brandon Sanderson".to_owned()];
    let wanted = WantedBook {
        title: "The Way of Kings",
        authors: &authors,
        volume: Some(1.0),
        runtime_minutes: Some(45 * 60),
        ..WantedBook::default()
    };
    for r in &feed.releases {
        assert!(
            !r.title.trim().is_empty(),
            "an item without a title is skipped"
        );
        assert!(
            r.title.chars().count() <= MAX_TITLE_CHARS,
            "titles are bounded"
        );
        assert!(!r.title.contains('\n'), "titles are on one line");
        for (what, factor) in [
            ("download factor", r.download_volume_factor),
            ("upload factor", r.upload_volume_factor),
            ("minimum ratio", r.minimum_ratio),
        ] {
            assert!(
                factor.is_none_or(f64::is_finite),
                "the {what} is a number or unknown: {factor:?}"
            );
        }
        let parsed = parse(&r.title);
        let facts = ReleaseFacts {
            size_bytes: r.size,
            seeders: r.seeders,
            usenet: r.protocol == Protocol::Usenet,
            freeleech: r.download_volume_factor == Some(0.0),
            author: r.author.as_deref(),
            book_title: r.book_title.as_deref(),
            ..ReleaseFacts::new(&r.title, &parsed)
        };
        let s = score(&wanted, &facts, &QualityPrefs::default());
        assert!(
            !s.components.is_empty() && s.components.iter().all(|c| !c.reason.is_empty()),
            "every score explains itself: {s:?}"
        );
    }
}

#[test]
fn mutated_fixture_feeds_and_caps_read_as_errors_or_items() {
    let seed = env_u64("AURAL_FUZZ_SEED", SEED);
    let docs = env_u64("AURAL_FUZZ_DOCS", DOCS);
    let feeds: Vec<Vec<u8>> = FEEDS.iter().map(|n| fixture(n)).collect();
    let caps: Vec<Vec<u8>> = CAPS.iter().map(|n| fixture(n)).collect();
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut items, mut errors) = (0usize, 0usize);
    for i in 0..docs {
        let is_caps = i % 4 == 3;
        let sources = if is_caps { &caps } else { &feeds };
        let source = rng.gen_range(0..sources.len());
        let mut doc = sources[source].clone();
        for _ in 0..rng.gen_range(1..=3) {
            mutate(&mut rng, &mut doc);
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let error = if is_caps {
                Caps::parse(&doc).err()
            } else {
                Feed::parse(&doc, Protocol::Torrent)
                    .map(|f| {
                        check_feed(&f);
                        f.releases.len()
                    })
                    .map(|n| items += n)
                    .err()
            };
            if let Some(e) = error {
                let message = e.to_string();
                assert!(
                    message.len() > 10 && !message.contains("panicked"),
                    "the error says what is wrong: {message}"
                );
                errors += 1;
            }
        }));
        let name = if is_caps { CAPS[source] } else { FEEDS[source] };
        assert!(
            outcome.is_ok(),
            "document {i} (from {name}, AURAL_FUZZ_SEED={seed}) broke a rule: {}",
            String::from_utf8_lossy(&doc[..doc.len().min(2_000)])
        );
    }
    assert!(
        items > 0 && errors > 0,
        "mutations keep some documents readable and break others ({items} items, {errors} errors)"
    );
}

#[test]
fn factors_that_are_not_finite_numbers_are_unknown() {
    for (value, want) in [
        ("NaN", None),
        ("inf", None),
        ("-inf", None),
        ("1e999", None),
        ("lots", None),
        ("0", Some(0.0)),
        ("0.5", Some(0.5)),
    ] {
        let xml = format!(
            "<rss><channel><item><title>x</title>\
             <torznab:attr name=\"downloadvolumefactor\" value=\"{value}\"/>\
             <torznab:attr name=\"uploadvolumefactor\" value=\"{value}\"/>\
             <torznab:attr name=\"minimumratio\" value=\"{value}\"/></item></channel></rss>"
        );
        let feed = Feed::parse(xml.as_bytes(), Protocol::Torrent).expect("parses");
        let r = &feed.releases[0];
        assert_eq!(
            (
                r.download_volume_factor,
                r.upload_volume_factor,
                r.minimum_ratio
            ),
            (want, want, want),
            "{value:?}"
        );
    }
}
