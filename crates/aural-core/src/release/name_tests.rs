use super::*;

/// One expected reading; `None` fields are not checked, so each case states what it is about.
#[derive(Default)]
struct Want {
    title: Option<&'static str>,
    author: Option<&'static str>,
    narrator: Option<&'static str>,
    series: Option<&'static str>,
    volume: Option<f32>,
    year: Option<u16>,
    format: Option<AudioFormat>,
    bitrate: Option<Bitrate>,
    abridgement: Option<Abridgement>,
    language: Option<&'static str>,
    group: Option<&'static str>,
    flags: &'static [ReleaseFlag],
}

#[test]
fn realistic_names_are_read_into_their_parts() {
    let cases: Vec<(&str, Want)> = vec![
        (
            // From tests/fixtures/indexers/jackett_torznab_audiobooks.xml.
            "Brandon Sanderson - The Way of Kings (Stormlight Archive 1) [Michael Kramer, Kate Reading] 2010 M4B 64kbps",
            Want {
                title: Some("The Way of Kings"),
                author: Some("Brandon Sanderson"),
                narrator: Some("Michael Kramer, Kate Reading"),
                series: Some("Stormlight Archive"),
                volume: Some(1.0),
                year: Some(2010),
                format: Some(AudioFormat::M4b),
                bitrate: Some(Bitrate::Kbps(64)),
                ..Want::default()
            },
        ),
        (
            "Andy Weir - Project Hail Mary (2021) [Unabridged] [Ray Porter] MP3 128 kbps",
            Want {
                title: Some("Project Hail Mary"),
                author: Some("Andy Weir"),
                narrator: Some("Ray Porter"),
                year: Some(2021),
                format: Some(AudioFormat::Mp3),
                bitrate: Some(Bitrate::Kbps(128)),
                abridgement: Some(Abridgement::Unabridged),
                ..Want::default()
            },
        ),
        (
            "The Hobbit by J.R.R. Tolkien, read by Andy Serkis (Unabridged) [M4B]",
            Want {
                title: Some("The Hobbit"),
                author: Some("J.R.R. Tolkien"),
                narrator: Some("Andy Serkis"),
                format: Some(AudioFormat::M4b),
                abridgement: Some(Abridgement::Unabridged),
                ..Want::default()
            },
        ),
        (
            "Frank Herbert - Dune [Full Cast] [Dramatized] GraphicAudio MP3",
            Want {
                title: Some("Dune"),
                author: Some("Frank Herbert"),
                format: Some(AudioFormat::Mp3),
                flags: &[
                    ReleaseFlag::FullCast,
                    ReleaseFlag::Dramatized,
                    ReleaseFlag::GraphicAudio,
                ],
                ..Want::default()
            },
        ),
        (
            "Stephen King - The Stand (Abridged) [ENG] MP3 32kbps",
            Want {
                title: Some("The Stand"),
                author: Some("Stephen King"),
                abridgement: Some(Abridgement::Abridged),
                language: Some("en"),
                bitrate: Some(Bitrate::Kbps(32)),
                ..Want::default()
            },
        ),
        (
            "Stephen_King-The_Stand-AUDIOBOOK-WEB-EN-2020-FOO",
            Want {
                title: Some("The Stand"),
                author: Some("Stephen King"),
                language: Some("en"),
                year: Some(2020),
                group: Some("FOO"),
                ..Want::default()
            },
        ),
        (
            "Terry.Pratchett.-.Guards.Guards.MP3.VBR-GRP",
            Want {
                author: Some("Terry Pratchett"),
                title: Some("Guards Guards"),
                format: Some(AudioFormat::Mp3),
                bitrate: Some(Bitrate::Variable),
                group: Some("GRP"),
                ..Want::default()
            },
        ),
        (
            "Dune - Frank Herbert - Full Cast Dramatized - MP3",
            Want {
                title: Some("Dune"),
                author: Some("Frank Herbert"),
                flags: &[ReleaseFlag::FullCast, ReleaseFlag::Dramatized],
                ..Want::default()
            },
        ),
        (
            "James S. A. Corey - The Expanse, Book 2 - Caliban's War {Jefferson Mays} M4B",
            Want {
                author: Some("James S. A. Corey"),
                title: Some("Caliban's War"),
                series: Some("The Expanse"),
                volume: Some(2.0),
                narrator: Some("Jefferson Mays"),
                format: Some(AudioFormat::M4b),
                ..Want::default()
            },
        ),
        (
            "George Orwell - 1984 [Unabridged] RETAIL",
            Want {
                title: Some("1984"),
                author: Some("George Orwell"),
                year: None,
                flags: &[ReleaseFlag::Retail],
                ..Want::default()
            },
        ),
        (
            "Stephen King - It (German) [Ungekürzt] MP3",
            Want {
                title: Some("It"),
                author: Some("Stephen King"),
                language: Some("de"),
                abridgement: Some(Abridgement::Unabridged),
                ..Want::default()
            },
        ),
        (
            "[ABC] Neil Gaiman - American Gods (10th Anniversary Full Cast) OPUS 48k",
            Want {
                group: Some("ABC"),
                title: Some("American Gods"),
                author: Some("Neil Gaiman"),
                format: Some(AudioFormat::Opus),
                bitrate: Some(Bitrate::Kbps(48)),
                ..Want::default()
            },
        ),
        (
            "Patrick Rothfuss - The Name of the Wind SAMPLE epub",
            Want {
                title: Some("The Name of the Wind"),
                flags: &[ReleaseFlag::Sample, ReleaseFlag::Epub],
                ..Want::default()
            },
        ),
        (
            "Discworld 08 - Guards! Guards! - Terry Pratchett (read by Nigel Planer)",
            Want {
                series: Some("Discworld"),
                volume: Some(8.0),
                title: Some("Guards! Guards!"),
                author: Some("Terry Pratchett"),
                narrator: Some("Nigel Planer"),
                ..Want::default()
            },
        ),
        (
            "J.R.R. Tolkien - The Lord of the Rings 01 - The Fellowship of the Ring (Rob Inglis) 64k m4b",
            Want {
                author: Some("J.R.R. Tolkien"),
                series: Some("The Lord of the Rings"),
                volume: Some(1.0),
                title: Some("The Fellowship of the Ring"),
                narrator: Some("Rob Inglis"),
                bitrate: Some(Bitrate::Kbps(64)),
                format: Some(AudioFormat::M4b),
                ..Want::default()
            },
        ),
        (
            // From Prowlarr's public Newznab sample (nzb.su).
            "White.Collar.S03E05.720p.HDTV.X264-DIMENSION",
            Want {
                group: Some("DIMENSION"),
                ..Want::default()
            },
        ),
        (
            "Andy_Weir-Artemis",
            Want {
                author: Some("Andy Weir"),
                title: Some("Artemis"),
                group: None,
                ..Want::default()
            },
        ),
        (
            // From Prowlarr's public Torznab sample: nothing of a book, and nothing invented.
            "Series Title S05E02 HDTV x264-Xclusive [eztv]",
            Want {
                group: None,
                format: None,
                ..Want::default()
            },
        ),
    ];
    for (name, want) in cases {
        let got = parse(name);
        let check = |field: &str, want: Option<String>, got: Option<String>| {
            if want.is_some() {
                assert_eq!(
                    got,
                    want,
                    "{field} of {name:?}: {got:?} in {:?}",
                    parse(name)
                );
            }
        };
        check("title", want.title.map(str::to_owned), got.title.clone());
        check("author", want.author.map(str::to_owned), got.author.clone());
        check(
            "narrator",
            want.narrator.map(str::to_owned),
            got.narrator.clone(),
        );
        check("series", want.series.map(str::to_owned), got.series.clone());
        check("group", want.group.map(str::to_owned), got.group.clone());
        check(
            "language",
            want.language.map(str::to_owned),
            got.language.map(|l| l.0.to_owned()),
        );
        if want.volume.is_some() {
            assert_eq!(got.volume, want.volume, "volume of {name:?}");
        }
        if want.year.is_some() || name.contains("1984") {
            assert_eq!(got.year, want.year, "year of {name:?}");
        }
        if want.format.is_some() {
            assert_eq!(got.format, want.format, "format of {name:?}");
        }
        if want.bitrate.is_some() {
            assert_eq!(got.bitrate, want.bitrate, "bitrate of {name:?}");
        }
        if want.abridgement.is_some() {
            assert_eq!(got.abridgement, want.abridgement, "abridgement of {name:?}");
        }
        for flag in want.flags {
            assert!(
                got.flags.contains(flag),
                "{flag:?} in {name:?}: {:?}",
                got.flags
            );
        }
    }
}

#[test]
fn a_narrator_is_found_beside_letters_that_change_length_in_lower_case() {
    for (name, narrator) in [
        // "İ" grows and "ẞ" shrinks when lower-cased: together they keep the name's length and
        // shift every offset between them.
        (
            "Catch 22 by 村İ上春樹, read by ẞStephen Briggs MP3 128 kbps",
            Some("ẞStephen Briggs"),
        ),
        ("İstanbul read by Ray Porter", Some("Ray Porter")),
        ("READ BY Ray Porter - İ", Some("Ray Porter")),
        ("İstanbul read by İ", Some("İ")),
    ] {
        assert_eq!(parse(name).narrator.as_deref(), narrator, "{name:?}");
    }
}

#[test]
fn a_tv_release_has_no_audiobook_format() {
    let got = parse("Series Title S05E02 HDTV x264-Xclusive [eztv]");
    assert_eq!((got.format, got.bitrate, got.narrator), (None, None, None));
}

#[test]
fn garbage_never_panics_and_stays_unknown() {
    let long = "ä".repeat(5_000);
    for name in [
        "",
        " ",
        "-",
        " - - - ",
        "(((",
        "[]{}()",
        "[unclosed",
        "read by",
        "by by by",
        "#",
        "Book 99999999999",
        "İstanbul read by İ",
        "\u{0}\u{1}\u{feff}",
        long.as_str(),
        "a-b-c-d-e-f-g-h",
        "....----____",
    ] {
        let got = parse(name);
        assert!(
            got.title
                .as_deref()
                .is_none_or(|t| t.chars().count() <= MAX_CHARS),
            "{name:?}"
        );
    }
}
