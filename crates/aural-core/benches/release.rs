//! Release names per second through the search path's pure rules (SPEC §5.6: target ≥ 200k
//! names/s on one core): parsing alone, then parsing and scoring against a wanted book, as a
//! search does for every release an indexer returns. Names are generated in the styles indexers
//! use (spaced with tags, "Title by Author, read by …", scene names). Prints the best of several
//! runs, timed by the thread's own CPU time where Linux reports it (`/proc/thread-self/schedstat`)
//! so that other work on a shared machine does not count; `AURAL_BENCH_NAMES=500000` overrides
//! the number of names.

use std::hint::black_box;
use std::time::{Duration, Instant};

use aural_core::release::vocabulary::Language;
use aural_core::release::{QualityPrefs, ReleaseFacts, WantedBook, parse, score};

const RUNS: usize = 5;

const AUTHORS: &[&str] = &[
    "Brandon Sanderson",
    "J.R.R. Tolkien",
    "Terry Pratchett",
    "Andy Weir",
    "Ursula K. Le Guin",
    "Stephen King",
    "Naomi Novik",
    "James S. A. Corey",
    "Agatha Christie",
    "Neil Gaiman",
];
const TITLES: &[&str] = &[
    "The Way of Kings",
    "The Hobbit",
    "Guards! Guards!",
    "Project Hail Mary",
    "A Wizard of Earthsea",
    "The Stand",
    "Uprooted",
    "Leviathan Wakes",
    "Murder on the Orient Express",
    "American Gods",
    "Words of Radiance",
    "The Fellowship of the Ring",
    "Der Weg der Könige",
];
const SERIES: &[&str] = &[
    "Stormlight Archive",
    "Discworld",
    "The Expanse",
    "Earthsea",
    "Poirot",
];
const NARRATORS: &[&str] = &[
    "Michael Kramer, Kate Reading",
    "Andy Serkis",
    "Stephen Briggs",
    "Ray Porter",
    "Jefferson Mays",
];
const TAGS: &[&str] = &[
    "M4B 64kbps",
    "MP3 128 kbps",
    "[Unabridged]",
    "(2010)",
    "FLAC",
    "[M4B] [English]",
    "VBR",
    "(Full Cast)",
    "AAC 96k",
    "[Retail] [2021]",
    "Dramatized EPUB",
    "",
];

/// A small deterministic generator: the same names every run, no dependency.
struct Rng(u64);

impl Rng {
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        list[(self.0 % list.len() as u64) as usize]
    }
}

fn names(count: usize) -> Vec<String> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..count)
        .map(|i| {
            let (a, t, s, n, g) = (
                rng.pick(AUTHORS),
                rng.pick(TITLES),
                rng.pick(SERIES),
                rng.pick(NARRATORS),
                rng.pick(TAGS),
            );
            match i % 4 {
                0 => format!("{a} - {t} ({s} {}) [{n}] {g}", i % 12 + 1),
                1 => format!("{t} by {a}, read by {n} {g}"),
                2 => format!("{a} - {s} Book {} - {t} {g}", i % 9 + 1),
                _ => format!(
                    "{}-{}-AUDIOBOOK-WEB-EN-2020-GRP",
                    a.replace(' ', "_"),
                    t.replace(' ', ".")
                ),
            }
        })
        .collect()
}

/// Nanoseconds this thread has run on a CPU, when the kernel says.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn best(mut run: impl FnMut() -> usize) -> Duration {
    (0..RUNS)
        .map(|_| {
            let (wall, cpu) = (Instant::now(), cpu_ns());
            black_box(run());
            match (cpu, cpu_ns()) {
                (Some(start), Some(end)) => Duration::from_nanos(end - start),
                _ => wall.elapsed(),
            }
        })
        .min()
        .expect("at least one run")
}

fn per_second(count: usize, took: Duration) -> String {
    format!(
        "{:>9.0}/s ({:.0} ns each)",
        count as f64 / took.as_secs_f64(),
        took.as_nanos() as f64 / count as f64
    )
}

fn main() {
    let count: usize = std::env::var("AURAL_BENCH_NAMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let names = names(count);
    let authors = vec!["Brandon Sanderson".to_owned()];
    let narrators = vec!["Michael Kramer".to_owned(), "Kate Reading".to_owned()];
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
    let prefs = QualityPrefs::default();
    let parse_only = best(|| names.iter().map(|n| parse(n).flags.len()).sum());
    let parsed: Vec<_> = names.iter().map(|n| parse(n)).collect();
    let score_only = best(|| {
        names
            .iter()
            .zip(&parsed)
            .map(|(n, p)| {
                let mut facts = ReleaseFacts::new(n, p);
                facts.size_bytes = Some(1_900_000_000);
                facts.seeders = Some(12);
                score(&wanted, &facts, &prefs).total as usize
            })
            .sum()
    });
    let parse_and_score = best(|| {
        names
            .iter()
            .map(|n| {
                let parsed = parse(n);
                let mut facts = ReleaseFacts::new(n, &parsed);
                facts.size_bytes = Some(1_900_000_000);
                facts.seeders = Some(12);
                score(&wanted, &facts, &prefs).total as usize
            })
            .sum()
    });
    println!("release names: {count}, best of {RUNS} runs");
    println!("parse          {}", per_second(count, parse_only));
    println!("score          {}", per_second(count, score_only));
    println!("parse + score  {}", per_second(count, parse_and_score));
}
