//! Release names through the parser and the scorer as a search uses them, a million at a
//! time: no input panics, every score explains itself and stays in range, and the same name
//! always parses and scores the same way.

mod names;

use std::panic::{AssertUnwindSafe, catch_unwind};

use aural_core::release::vocabulary::Language;
use aural_core::release::{
    ParsedRelease, QualityPrefs, ReleaseFacts, Score, WantedBook, parse, score,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Names per run; `AURAL_FUZZ_NAMES` changes it, `AURAL_FUZZ_SEED` replays another run.
const NAMES: u64 = 1_000_000;
const SEED: u64 = 0x5eed_0fa1_17e5;
/// Runs of seeds `SEED`, `SEED + 1`, …, whatever the number of cores.
const RUNS: u64 = 8;

fn env_u64(key: &str, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The books searched for: with and without subtitle, volume, runtime, language, narrators.
struct Wanted {
    title: &'static str,
    subtitle: Option<&'static str>,
    authors: Vec<String>,
    narrators: Vec<String>,
    volume: Option<f32>,
    runtime_minutes: Option<u32>,
    language: Option<Language>,
    abridged: bool,
}

impl Wanted {
    fn book(&self) -> WantedBook<'_> {
        WantedBook {
            title: self.title,
            subtitle: self.subtitle,
            authors: &self.authors,
            narrators: &self.narrators,
            volume: self.volume,
            runtime_minutes: self.runtime_minutes,
            language: self.language,
            abridged: self.abridged,
        }
    }
}

fn wanted_books() -> Vec<Wanted> {
    let people = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    vec![
        Wanted {
            title: "The Way of Kings",
            subtitle: Some("Book One of the Stormlight Archive"),
            authors: people(&["Brandon Sanderson"]),
            narrators: people(&["Michael Kramer", "Kate Reading"]),
            volume: Some(1.0),
            runtime_minutes: Some(45 * 60 + 30),
            language: Some(Language("en")),
            abridged: false,
        },
        Wanted {
            title: "Der Weg der Könige",
            subtitle: None,
            authors: people(&["Brandon Sanderson", "Michael Siefener"]),
            narrators: Vec::new(),
            volume: Some(1.5),
            runtime_minutes: Some(0),
            language: Some(Language("de")),
            abridged: true,
        },
        Wanted {
            title: "",
            subtitle: Some(""),
            authors: Vec::new(),
            narrators: people(&["", "İ"]),
            volume: Some(f32::MAX),
            runtime_minutes: Some(u32::MAX),
            language: None,
            abridged: false,
        },
        Wanted {
            title: "ספר הדקדוק הפנימי",
            subtitle: None,
            authors: people(&["דויד גרוסמן"]),
            narrators: people(&["\u{202E}Reader"]),
            volume: None,
            runtime_minutes: Some(1),
            language: None,
            abridged: false,
        },
    ]
}

/// The default settings and ones that reach every other branch of the rules.
fn quality_prefs() -> Vec<QualityPrefs> {
    let strict = QualityPrefs {
        format_points: Vec::new(),
        min_kbps: u32::MAX,
        preferred_aac_kbps: 0,
        preferred_mp3_kbps: u32::MAX,
        reject_abridged: false,
        languages: vec![Language("en"), Language("ja")],
        require_language: true,
        min_mb_per_hour: u32::MAX,
        max_mb_per_hour: 0,
        blocked_words: vec![
            "".to_owned(),
            "  ".to_owned(),
            "Straße".to_owned(),
            "İ".to_owned(),
        ],
        required_words: vec!["m4b".to_owned(), "ÜBER".to_owned(), " ".to_owned()],
    };
    vec![QualityPrefs::default(), strict]
}

/// What an indexer says besides the name, from nothing known to every extreme.
fn facts<'a>(
    rng: &mut StdRng,
    name: &'a str,
    parsed: &'a ParsedRelease,
    other: &'a str,
) -> ReleaseFacts<'a> {
    let mut f = ReleaseFacts::new(name, parsed);
    if rng.gen_bool(0.3) {
        return f;
    }
    f.size_bytes = [None, Some(0), Some(1_900_000_000), Some(u64::MAX)][rng.gen_range(0..4)];
    f.seeders = [None, Some(0), Some(3), Some(12), Some(u32::MAX)][rng.gen_range(0..5)];
    f.usenet = rng.gen_bool(0.3);
    f.age_days = [None, Some(0), Some(3000), Some(u32::MAX)][rng.gen_range(0..4)];
    f.retention_days = [None, Some(0), Some(3000), Some(u32::MAX)][rng.gen_range(0..4)];
    f.freeleech = rng.gen_bool(0.2);
    f.minimum_seeders = [0, 1, u32::MAX][rng.gen_range(0..3)];
    f.blocklisted = rng.gen_bool(0.05).then_some(other);
    f.nuked = rng.gen_bool(0.05);
    f.author = rng.gen_bool(0.2).then_some(other);
    f.book_title = rng.gen_bool(0.2).then_some(other);
    f
}

/// A name short enough to read in a failure message.
fn shown(name: &str) -> String {
    let head: String = name.chars().take(300).collect();
    format!("{head:?} ({} bytes)", name.len())
}

fn check_parsed(name: &str, parsed: &ParsedRelease) {
    assert_eq!(
        parsed,
        &parse(name),
        "the same name parses the same way: {}",
        shown(name)
    );
    if let Some(v) = parsed.volume {
        assert!(
            v.is_finite() && (0.0..1000.0).contains(&v),
            "volume {v} is a plausible number: {}",
            shown(name)
        );
    }
    if let Some(y) = parsed.year {
        assert!(
            (1900..=2099).contains(&y),
            "year {y} is plausible: {}",
            shown(name)
        );
    }
    for (field, value) in [
        ("title", &parsed.title),
        ("author", &parsed.author),
        ("narrator", &parsed.narrator),
        ("series", &parsed.series),
        ("group", &parsed.group),
    ] {
        if let Some(value) = value {
            assert!(
                !value.trim().is_empty(),
                "a {field} that is there says something: {}",
                shown(name)
            );
        }
    }
}

fn check_score(name: &str, s: &Score, again: &Score) {
    assert_eq!(
        s,
        again,
        "the same release scores the same way: {}",
        shown(name)
    );
    assert!(
        !s.components.is_empty(),
        "a score has reasons: {}",
        shown(name)
    );
    for c in &s.components {
        assert!(
            !c.reason.trim().is_empty(),
            "{:?} gives a reason: {}",
            c.rule,
            shown(name)
        );
        assert!(
            (-100..=100).contains(&c.points),
            "{:?} gives {} points, within one rule's range: {}",
            c.rule,
            c.points,
            shown(name)
        );
    }
    for r in &s.rejections {
        assert!(
            !r.reason.trim().is_empty(),
            "rejection {:?} says why: {}",
            r.rule,
            shown(name)
        );
    }
    let sum: i32 = s.components.iter().map(|c| c.points).sum();
    assert_eq!(
        i32::from(s.total),
        sum.clamp(0, 100),
        "the total is the components' sum within 0–100: {}",
        shown(name)
    );
}

/// Parses and scores `count` names from `seed`; a panic names the input that caused it.
/// Checks `count` names from `seed`; returns how many were checked and how many of them scored
/// rejected.
fn run(seed: u64, count: u64) -> (u64, u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let wanted = wanted_books();
    let prefs = quality_prefs();
    // The previous name serves as the text of the other facts (author, title, blocklist).
    let mut other = String::new();
    let (mut checked, mut rejected) = (0, 0);
    for i in 0..count {
        let name = names::name(&mut rng, i);
        let w = wanted[rng.gen_range(0..wanted.len())].book();
        let p = &prefs[rng.gen_range(0..prefs.len())];
        let facts_seed: u64 = rng.r#gen();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let parsed = parse(&name);
            check_parsed(&name, &parsed);
            let facts = |seed| facts(&mut StdRng::seed_from_u64(seed), &name, &parsed, &other);
            let s = score(&w, &facts(facts_seed), p);
            check_score(&name, &s, &score(&w, &facts(facts_seed), p));
            s.is_rejected()
        }));
        let Ok(was_rejected) = outcome else {
            panic!(
                "name {i} of seed {seed:#x} broke a rule (replay with AURAL_FUZZ_SEED={seed}): {}, other fact text {}",
                shown(&name),
                shown(&other)
            );
        };
        checked += 1;
        rejected += u64::from(was_rejected);
        other = name;
    }
    (checked, rejected)
}

#[test]
fn a_million_generated_and_broken_names_parse_and_score_soundly() {
    let seed = env_u64("AURAL_FUZZ_SEED", SEED);
    let total = env_u64("AURAL_FUZZ_NAMES", NAMES);
    // The same runs on any machine, shared among its cores.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let (checked, rejected) = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.min(RUNS))
            .map(|t| {
                s.spawn(move || {
                    let mut sums = (0, 0);
                    for r in (t..RUNS).step_by(threads as usize) {
                        let count = total / RUNS + u64::from(r < total % RUNS);
                        let (checked, rejected) = run(seed.wrapping_add(r), count);
                        sums = (sums.0 + checked, sums.1 + rejected);
                    }
                    sums
                })
            })
            .collect();
        workers.into_iter().fold((0, 0), |sums, w| {
            let (checked, rejected) = w.join().expect("a worker panics only on a broken rule");
            (sums.0 + checked, sums.1 + rejected)
        })
    });
    assert_eq!(checked, total, "every generated name was checked");
    assert!(
        0 < rejected && rejected < checked,
        "the names are scored both ways: {rejected} of {checked} rejected"
    );
}
