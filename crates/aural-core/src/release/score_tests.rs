use super::*;
use crate::release::name::parse;

fn kings_authors() -> Vec<String> {
    vec!["Brandon Sanderson".to_owned()]
}

fn kings_narrators() -> Vec<String> {
    vec!["Michael Kramer".to_owned(), "Kate Reading".to_owned()]
}

fn points(score: &Score, rule: Rule) -> Option<i32> {
    score
        .components
        .iter()
        .find(|c| c.rule == rule)
        .map(|c| c.points)
}

struct Case {
    what: &'static str,
    name: &'static str,
    size_mb: Option<u64>,
    seeders: Option<u32>,
    expect: &'static [(Rule, i32)],
    rejected_by: &'static [Rule],
}

#[test]
fn releases_score_with_a_reason_for_every_rule() {
    let authors = kings_authors();
    let narrators = kings_narrators();
    // The Way of Kings runs 45 h 30 min.
    let wanted = WantedBook {
        title: "The Way of Kings",
        subtitle: None,
        authors: &authors,
        narrators: &narrators,
        volume: Some(1.0),
        runtime_minutes: Some(45 * 60 + 30),
        language: Some(Language("en")),
        abridged: false,
    };
    let cases = [
        Case {
            what: "the fixture's best release",
            name: "Brandon Sanderson - The Way of Kings (Stormlight Archive 1) [Michael Kramer, Kate Reading] 2010 M4B 64kbps",
            size_mb: Some(1954),
            seeders: Some(57),
            expect: &[
                (Rule::TitleMatch, 35),
                (Rule::AuthorMatch, 25),
                (Rule::Volume, 5),
                (Rule::Narrator, 5),
                (Rule::Format, 10),
                (Rule::Bitrate, 5),
                (Rule::SizePerHour, 5),
                (Rule::Seeders, 10),
            ],
            rejected_by: &[],
        },
        Case {
            what: "title and author the other way round",
            name: "The Way of Kings - Brandon Sanderson - MP3",
            size_mb: None,
            seeders: None,
            expect: &[
                (Rule::TitleMatch, 35),
                (Rule::AuthorMatch, 25),
                (Rule::Format, 6),
                (Rule::SizePerHour, 0),
                (Rule::Seeders, 0),
            ],
            rejected_by: &[],
        },
        Case {
            what: "the next book of the series",
            name: "Brandon Sanderson - Words of Radiance (Stormlight Archive 2) M4B",
            size_mb: Some(2000),
            seeders: Some(30),
            expect: &[(Rule::Volume, -40)],
            rejected_by: &[Rule::TitleMatch],
        },
        Case {
            what: "abridged, too small, no seeders",
            name: "Brandon Sanderson - The Way of Kings (Abridged) MP3 24kbps",
            size_mb: Some(80),
            seeders: Some(0),
            expect: &[
                (Rule::Abridged, -15),
                (Rule::SizePerHour, -20),
                (Rule::Seeders, -15),
                (Rule::Bitrate, -10),
                (Rule::Volume, -10),
            ],
            rejected_by: &[Rule::Seeders, Rule::Abridged],
        },
        Case {
            what: "another language and a sample",
            name: "Brandon Sanderson - The Way of Kings [German] SAMPLE M4B",
            size_mb: Some(20),
            seeders: Some(3),
            expect: &[(Rule::Language, -30), (Rule::Seeders, 2)],
            rejected_by: &[Rule::BlockedWords],
        },
        Case {
            what: "a name with nothing but the title",
            name: "The Way of Kings",
            size_mb: None,
            seeders: Some(8),
            expect: &[
                (Rule::TitleMatch, 35),
                (Rule::AuthorMatch, 10),
                (Rule::Format, 4),
                (Rule::Narrator, 0),
                (Rule::Seeders, 6),
            ],
            rejected_by: &[],
        },
    ];
    let prefs = QualityPrefs::default();
    for case in cases {
        let parsed = parse(case.name);
        let facts = ReleaseFacts {
            size_bytes: case.size_mb.map(|mb| mb * 1_000_000),
            seeders: case.seeders,
            minimum_seeders: 1,
            ..ReleaseFacts::new(case.name, &parsed)
        };
        let score = score(&wanted, &facts, &prefs);
        for (rule, want) in case.expect {
            assert_eq!(
                points(&score, *rule),
                Some(*want),
                "{}: {rule:?} in {score:#?}",
                case.what
            );
        }
        let rejected: Vec<Rule> = score.rejections.iter().map(|r| r.rule).collect();
        assert_eq!(rejected, case.rejected_by, "{}: {score:#?}", case.what);
        assert!(
            score.components.iter().all(|c| !c.reason.is_empty()),
            "{}: every component says why",
            case.what
        );
        let sum: i32 = score.components.iter().map(|c| c.points).sum();
        assert_eq!(i32::from(score.total), sum.clamp(0, 100), "{}", case.what);
    }
}

#[test]
fn the_best_release_outscores_the_rest() {
    let authors = kings_authors();
    let wanted = WantedBook {
        title: "The Way of Kings",
        authors: &authors,
        runtime_minutes: Some(2730),
        ..WantedBook::default()
    };
    let prefs = QualityPrefs::default();
    let total = |name: &str, seeders| {
        let parsed = parse(name);
        let facts = ReleaseFacts {
            seeders: Some(seeders),
            size_bytes: Some(1_500_000_000),
            ..ReleaseFacts::new(name, &parsed)
        };
        score(&wanted, &facts, &prefs).total
    };
    let m4b = total("Brandon Sanderson - The Way of Kings M4B 64kbps", 40);
    let mp3 = total("Brandon Sanderson - The Way of Kings MP3 64kbps", 40);
    let few = total("Brandon Sanderson - The Way of Kings M4B 64kbps", 1);
    let other = total("Brandon Sanderson - Mistborn M4B 64kbps", 40);
    assert!(m4b > mp3, "M4B is preferred: {m4b} vs {mp3}");
    assert!(m4b > few, "seeders count: {m4b} vs {few}");
    assert!(mp3 > other, "the right book first: {mp3} vs {other}");
}

#[test]
fn special_facts_reject_or_reward() {
    let authors = kings_authors();
    let wanted = WantedBook {
        title: "The Way of Kings",
        authors: &authors,
        ..WantedBook::default()
    };
    let name = "Brandon Sanderson - The Way of Kings M4B";
    let parsed = parse(name);
    let prefs = QualityPrefs {
        required_words: vec!["retail".to_owned()],
        ..QualityPrefs::default()
    };
    let facts = ReleaseFacts {
        freeleech: true,
        usenet: true,
        age_days: Some(3000),
        retention_days: Some(3000),
        blocklisted: Some("download failed"),
        nuked: true,
        ..ReleaseFacts::new(name, &parsed)
    };
    let s = score(&wanted, &facts, &prefs);
    assert_eq!(points(&s, Rule::Freeleech), Some(3));
    assert_eq!(points(&s, Rule::Age), Some(-10));
    assert_eq!(points(&s, Rule::Seeders), Some(0), "usenet has none");
    let rejected: Vec<Rule> = s.rejections.iter().map(|r| r.rule).collect();
    assert_eq!(
        rejected,
        vec![Rule::RequiredWords, Rule::Blocklisted, Rule::Nuked]
    );
    assert!(s.rejections[1].reason.contains("download failed"));
}

#[test]
fn an_age_beyond_any_retention_counts_against_it_without_overflowing() {
    let wanted = WantedBook {
        title: "The Way of Kings",
        ..WantedBook::default()
    };
    let name = "The Way of Kings";
    let parsed = parse(name);
    for (age, retention, want) in [
        (u32::MAX, 3000, Some(-10)),
        (u32::MAX, u32::MAX, None),
        (0, u32::MAX, None),
    ] {
        let facts = ReleaseFacts {
            usenet: true,
            age_days: Some(age),
            retention_days: Some(retention),
            ..ReleaseFacts::new(name, &parsed)
        };
        let s = score(&wanted, &facts, &QualityPrefs::default());
        assert_eq!(points(&s, Rule::Age), want, "{age} days, {retention} kept");
    }
}

#[test]
fn missing_facts_score_neutral_and_say_so() {
    let wanted = WantedBook {
        title: "Anything",
        ..WantedBook::default()
    };
    for name in ["", "   ", "[]", "\u{0}", "x"] {
        let parsed = parse(name);
        let s = score(
            &wanted,
            &ReleaseFacts::new(name, &parsed),
            &QualityPrefs::default(),
        );
        assert!(!s.components.is_empty(), "{name:?}: reasons");
        for rule in [
            Rule::SizePerHour,
            Rule::Seeders,
            Rule::Bitrate,
            Rule::Language,
        ] {
            assert_eq!(points(&s, rule), Some(0), "{name:?}: {rule:?} neutral");
        }
    }
}

#[test]
fn prefs_round_trip_as_settings_json() {
    let prefs = QualityPrefs {
        languages: vec![Language("de")],
        ..QualityPrefs::default()
    };
    let json = serde_json::to_string(&prefs).expect("serialises");
    assert!(json.contains("\"languages\":[\"de\"]"), "{json}");
    let back: QualityPrefs = serde_json::from_str(&json).expect("parses");
    assert_eq!(back, prefs);
    let partial: QualityPrefs =
        serde_json::from_str(r#"{"rejectAbridged": false}"#).expect("defaults fill in");
    assert!(!partial.reject_abridged);
    assert_eq!(partial.min_mb_per_hour, 15);
}

/// A small deterministic generator (xorshift), so a failure names a reproducible case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn generated_and_mutated_names_never_panic_and_always_explain() {
    const PIECES: &[&str] = &[
        "Brandon Sanderson",
        "The Way of Kings",
        " - ",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "Book 3",
        "#2",
        "Vol. 1.5",
        "read by",
        "narrated by",
        "M4B",
        "mp3",
        "64kbps",
        "128 kbps",
        "VBR",
        "Unabridged",
        "Abridged",
        "ENG",
        "[de]",
        "2010",
        "1984",
        "Full Cast",
        "RETAIL",
        "-GRP",
        ".",
        "_",
        "by",
        ",",
        "ä",
        "İ",
        "\u{0}",
        "\u{feff}",
        "99999999999",
        "Series 03",
        "  ",
    ];
    let authors = vec!["Brandon Sanderson".to_owned()];
    let wanted = WantedBook {
        title: "The Way of Kings",
        authors: &authors,
        volume: Some(1.0),
        runtime_minutes: Some(2730),
        ..WantedBook::default()
    };
    let prefs = QualityPrefs::default();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..5_000 {
        let mut name = String::new();
        for _ in 0..(rng.next() % 12) {
            name.push_str(rng.pick(PIECES));
            if rng.next().is_multiple_of(3) {
                name.push(' ');
            }
        }
        let parsed = parse(&name);
        let facts = ReleaseFacts {
            size_bytes: rng
                .next()
                .is_multiple_of(2)
                .then(|| rng.next() % 10_000_000_000),
            seeders: rng
                .next()
                .is_multiple_of(2)
                .then(|| (rng.next() % 100) as u32),
            minimum_seeders: 1,
            ..ReleaseFacts::new(&name, &parsed)
        };
        let s = score(&wanted, &facts, &prefs);
        assert!(
            s.components.len() >= 10 && s.components.iter().all(|c| !c.reason.is_empty()),
            "case {case} {name:?}: {s:?}"
        );
        assert!(s.total <= 100);
    }
}
