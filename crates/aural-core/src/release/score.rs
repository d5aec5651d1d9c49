//! How well a release fits a wanted book, explained (SPEC §5.7): every rule adds a named
//! component with its points and a one-line reason, and some rules reject the release outright.
//! A missing fact (no size, no seeders, no format) scores neutral and says so; it never fails.

use serde::{Deserialize, Serialize};

use crate::normalize::{name_key, title_key};
use crate::release::name::ParsedRelease;
use crate::release::quality::QualityPrefs;
use crate::release::similarity;
use crate::release::vocabulary::{Abridgement, AudioFormat, Bitrate, Language};

const TITLE_POINTS: f64 = 35.0;
const TITLE_FULL: f64 = 0.95;
const TITLE_ZERO: f64 = 0.6;
const TITLE_REJECT: f64 = 0.5;
const AUTHOR_POINTS: f64 = 25.0;
const AUTHOR_NOT_STATED: i32 = 10;
const UNKNOWN_FORMAT: i32 = 4;
const USENET_RETENTION_MARGIN_DAYS: u32 = 30;
const BYTES_PER_MB: f64 = 1_000_000.0;
/// Room for the words of most names, so that listing them does not grow the list.
const NAME_WORDS: usize = 32;

/// Bytes most reasons fit in.
const REASON_BYTES: usize = 64;

/// `format!` into a string with room for most reasons, so that writing one rarely has to grow
/// it: growing them was a measurable part of scoring a release.
macro_rules! reason {
    ($($arg:tt)*) => {{
        let mut text = String::with_capacity(REASON_BYTES);
        std::fmt::Write::write_fmt(&mut text, format_args!($($arg)*))
            .expect("writing to a String does not fail");
        text
    }};
}

/// The book a search is for.
#[derive(Debug, Clone, Default)]
pub struct WantedBook<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub authors: &'a [String],
    pub narrators: &'a [String],
    /// Its number in its series, when it has one.
    pub volume: Option<f32>,
    pub runtime_minutes: Option<u32>,
    pub language: Option<Language>,
    /// The wanted edition is itself abridged, so an abridged release is no downgrade.
    pub abridged: bool,
}

/// What the indexer says about a release besides its name.
#[derive(Debug, Clone)]
pub struct ReleaseFacts<'a> {
    pub name: &'a str,
    pub parsed: &'a ParsedRelease,
    pub size_bytes: Option<u64>,
    pub seeders: Option<u32>,
    /// Usenet releases have no seeders; their age counts against the indexer's retention.
    pub usenet: bool,
    pub age_days: Option<u32>,
    pub retention_days: Option<u32>,
    /// `downloadvolumefactor=0`, MAM `free`/`personal_freeleech`.
    pub freeleech: bool,
    /// The indexer's minimum; fewer seeders reject the release.
    pub minimum_seeders: u32,
    /// Why the release is on the blocklist for this book, when it is.
    pub blocklisted: Option<&'a str>,
    /// Newznab `nuked`.
    pub nuked: bool,
    /// The indexer's own `author` and `booktitle` attributes, which beat the name.
    pub author: Option<&'a str>,
    pub book_title: Option<&'a str>,
}

impl<'a> ReleaseFacts<'a> {
    /// A release known only by its name: every other fact unknown.
    pub fn new(name: &'a str, parsed: &'a ParsedRelease) -> ReleaseFacts<'a> {
        ReleaseFacts {
            name,
            parsed,
            size_bytes: None,
            seeders: None,
            usenet: false,
            age_days: None,
            retention_days: None,
            freeleech: false,
            minimum_seeders: 0,
            blocklisted: None,
            nuked: false,
            author: None,
            book_title: None,
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    TitleMatch,
    Volume,
    AuthorMatch,
    Narrator,
    Format,
    Bitrate,
    SizePerHour,
    Seeders,
    Language,
    Abridged,
    BlockedWords,
    RequiredWords,
    Freeleech,
    Age,
    Blocklisted,
    Nuked,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    pub rule: Rule,
    pub points: i32,
    pub reason: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rejection {
    pub rule: Rule,
    pub reason: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    /// The components' sum, clamped to 0–100.
    pub total: u8,
    pub components: Vec<Component>,
    /// Non-empty for a release that must never be grabbed automatically.
    pub rejections: Vec<Rejection>,
}

impl Score {
    pub fn is_rejected(&self) -> bool {
        !self.rejections.is_empty()
    }
}

struct Tally {
    components: Vec<Component>,
    rejections: Vec<Rejection>,
}

impl Tally {
    fn add(&mut self, rule: Rule, points: i32, reason: impl Into<String>) {
        self.components.push(Component {
            rule,
            points,
            reason: reason.into(),
        });
    }

    fn reject(&mut self, rule: Rule, reason: impl Into<String>) {
        self.rejections.push(Rejection {
            rule,
            reason: reason.into(),
        });
    }
}

pub fn score(wanted: &WantedBook<'_>, release: &ReleaseFacts<'_>, prefs: &QualityPrefs) -> Score {
    let mut t = Tally {
        components: Vec::with_capacity(14),
        rejections: Vec::new(),
    };
    names(wanted, release, &mut t);
    volume(wanted, release.parsed, &mut t);
    narrator(wanted, release.parsed, &mut t);
    format(release.parsed, prefs, &mut t);
    bitrate(release.parsed, prefs, &mut t);
    size(wanted, release, prefs, &mut t);
    seeders(release, &mut t);
    language(wanted, release.parsed, prefs, &mut t);
    abridged(wanted, release.parsed, prefs, &mut t);
    words(release, prefs, &mut t);
    if release.freeleech {
        t.add(Rule::Freeleech, 3, "freeleech");
    }
    age(release, &mut t);
    if let Some(reason) = release.blocklisted {
        t.reject(Rule::Blocklisted, reason!("blocklisted: {reason}"));
    }
    if release.nuked {
        t.reject(Rule::Nuked, "nuked by its group");
    }
    let sum: i32 = t.components.iter().map(|c| c.points).sum();
    Score {
        total: sum.clamp(0, 100) as u8,
        components: t.components,
        rejections: t.rejections,
    }
}

/// Title and author together: names put either way round ("Title - Author") are read the way
/// that fits the wanted book better.
fn names(wanted: &WantedBook<'_>, release: &ReleaseFacts<'_>, t: &mut Tally) {
    let parsed = release.parsed;
    let named_title = release.book_title.or(parsed.title.as_deref());
    let named_author = release.author.or(parsed.author.as_deref());
    // The wanted title is normalised and cut into words once for the two or three readings
    // compared with it.
    let wanted_key = title_key(wanted.title);
    let wanted_words = similarity::words(&wanted_key);
    let with_subtitle = wanted
        .subtitle
        .map(|sub| title_key(&[wanted.title, sub].join(" ")));
    let subtitle_words = with_subtitle.as_deref().map(similarity::words);
    let title_of = |found: &str| {
        let found_key = title_key(found);
        let found_words = similarity::words(&found_key);
        let plain = similarity::title_words(&wanted_words, &found_words);
        match &subtitle_words {
            Some(full) => plain.max(similarity::title_words(full, &found_words)),
            None => plain,
        }
    };
    let straight = named_title.map_or(0.0, title_of);
    let swapped = match (release.book_title, parsed.author.as_deref()) {
        (None, Some(a)) => title_of(a),
        _ => 0.0,
    };
    let (title_sim, found_title, found_author) = if swapped > straight {
        (swapped, parsed.author.as_deref(), parsed.title.as_deref())
    } else if named_title.is_some() {
        (straight, named_title, named_author)
    } else {
        (title_of(release.name), None, named_author)
    };
    let points = if title_sim >= TITLE_FULL {
        TITLE_POINTS
    } else if title_sim <= TITLE_ZERO {
        0.0
    } else {
        TITLE_POINTS * (title_sim - TITLE_ZERO) / (TITLE_FULL - TITLE_ZERO)
    };
    let shown = found_title.unwrap_or(release.name);
    t.add(
        Rule::TitleMatch,
        points.round() as i32,
        reason!("title \"{shown}\" matches {}%", whole(title_sim * 100.0)),
    );
    if title_sim < TITLE_REJECT {
        t.reject(Rule::TitleMatch, "title does not match");
    }
    match found_author {
        None => t.add(Rule::AuthorMatch, AUTHOR_NOT_STATED, "author not stated"),
        Some(found) => {
            let found_key = name_key(found);
            let best = wanted
                .authors
                .iter()
                .map(|a| (similarity::name_keys(&name_key(a), &found_key), a))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((sim, a)) if sim >= 1.0 => t.add(
                    Rule::AuthorMatch,
                    AUTHOR_POINTS as i32,
                    reason!("author {a} matches"),
                ),
                Some((sim, a)) if sim > 0.0 => t.add(
                    Rule::AuthorMatch,
                    (AUTHOR_POINTS * sim).round() as i32,
                    reason!("author \"{found}\" partly matches {a}"),
                ),
                Some(_) => t.add(
                    Rule::AuthorMatch,
                    0,
                    reason!("author \"{found}\" is not the book's"),
                ),
                None => t.add(Rule::AuthorMatch, 0, "the book's author is unknown"),
            }
        }
    }
}

fn volume(wanted: &WantedBook<'_>, parsed: &ParsedRelease, t: &mut Tally) {
    match (wanted.volume, parsed.volume) {
        (Some(w), Some(f)) if (w - f).abs() < 0.01 => t.add(Rule::Volume, 5, reason!("book {w}")),
        (Some(w), Some(f)) => t.add(Rule::Volume, -40, reason!("book {f} ≠ book {w}")),
        (Some(w), None) => t.add(
            Rule::Volume,
            -10,
            reason!("no volume number (book {w} wanted)"),
        ),
        (None, _) => {}
    }
}

fn narrator(wanted: &WantedBook<'_>, parsed: &ParsedRelease, t: &mut Tally) {
    let Some(found) = parsed.narrator.as_deref() else {
        t.add(Rule::Narrator, 0, "narrator not stated");
        return;
    };
    if wanted.narrators.is_empty() {
        t.add(Rule::Narrator, 0, "the book's narrator is unknown");
        return;
    }
    // A release may list several narrators: "Michael Kramer, Kate Reading". Each name is
    // normalised once, not once per pair.
    let wanted_keys: Vec<String> = wanted.narrators.iter().map(|w| name_key(w)).collect();
    let matched = found.split([',', '&']).any(|f| {
        let found_key = name_key(f.trim());
        wanted_keys
            .iter()
            .any(|w| similarity::name_keys(w, &found_key) >= 1.0)
    });
    if matched {
        t.add(Rule::Narrator, 5, reason!("narrated by {found}"));
    } else {
        t.add(
            Rule::Narrator,
            -5,
            reason!("narrated by {found}, not the book's narrator"),
        );
    }
}

fn format(parsed: &ParsedRelease, prefs: &QualityPrefs, t: &mut Tally) {
    match parsed.format {
        None => t.add(Rule::Format, UNKNOWN_FORMAT, "format not stated"),
        Some(f) => match prefs.format_points.iter().find(|p| p.format == f) {
            Some(p) => t.add(Rule::Format, p.points, f.label()),
            None => t.add(
                Rule::Format,
                0,
                reason!("{} is not a preferred format", f.label()),
            ),
        },
    }
}

fn bitrate(parsed: &ParsedRelease, prefs: &QualityPrefs, t: &mut Tally) {
    match parsed.bitrate {
        None => t.add(Rule::Bitrate, 0, "bitrate not stated"),
        Some(Bitrate::Variable) => t.add(Rule::Bitrate, 0, "variable bitrate"),
        Some(Bitrate::Kbps(k)) => {
            let aac = parsed
                .format
                .is_some_and(|f| f.is_aac() || f == AudioFormat::Opus);
            let preferred = if aac {
                prefs.preferred_aac_kbps
            } else {
                prefs.preferred_mp3_kbps
            };
            if k < prefs.min_kbps {
                t.add(
                    Rule::Bitrate,
                    -10,
                    reason!("{k} kbps is below {} kbps", prefs.min_kbps),
                );
            } else if k >= preferred {
                t.add(Rule::Bitrate, 5, reason!("{k} kbps"));
            } else {
                t.add(
                    Rule::Bitrate,
                    0,
                    reason!("{k} kbps is below the preferred {preferred} kbps"),
                );
            }
        }
    }
}

fn size(wanted: &WantedBook<'_>, release: &ReleaseFacts<'_>, prefs: &QualityPrefs, t: &mut Tally) {
    let (Some(bytes), Some(minutes)) = (release.size_bytes, wanted.runtime_minutes) else {
        let missing = if release.size_bytes.is_none() {
            "size"
        } else {
            "runtime"
        };
        t.add(Rule::SizePerHour, 0, reason!("{missing} unknown"));
        return;
    };
    if minutes == 0 {
        t.add(Rule::SizePerHour, 0, "runtime unknown");
        return;
    }
    let hours = f64::from(minutes) / 60.0;
    let mb = bytes as f64 / BYTES_PER_MB;
    let per_hour = mb / hours;
    let runtime = if hours >= 1.0 {
        reason!("{} h", whole(hours))
    } else {
        reason!("{minutes} min")
    };
    if per_hour < f64::from(prefs.min_mb_per_hour) {
        t.add(
            Rule::SizePerHour,
            -20,
            reason!("too small for {runtime}: {} MB", whole(mb)),
        );
    } else if per_hour > f64::from(prefs.max_mb_per_hour) {
        t.add(
            Rule::SizePerHour,
            -5,
            reason!("large for {runtime}: {} MB", whole(mb)),
        );
    } else {
        t.add(
            Rule::SizePerHour,
            5,
            reason!("{} MB per hour", whole(per_hour)),
        );
    }
}

/// `value` as `{:.0}` shows it (halves to even), formatted as an integer: float formatting
/// was a measurable part of scoring a release.
fn whole(value: f64) -> i64 {
    value.round_ties_even() as i64
}

fn seeders(release: &ReleaseFacts<'_>, t: &mut Tally) {
    if release.usenet {
        t.add(Rule::Seeders, 0, "usenet: no seeders");
        return;
    }
    let Some(n) = release.seeders else {
        t.add(Rule::Seeders, 0, "seeders not published");
        return;
    };
    if n < release.minimum_seeders {
        t.reject(
            Rule::Seeders,
            reason!("too few seeders ({n} < {})", release.minimum_seeders),
        );
    }
    let (points, reason) = match n {
        0 => (-15, "no seeders".to_owned()),
        1..=4 => (2, reason!("{n} seeders")),
        5..=19 => (6, reason!("{n} seeders")),
        _ => (10, reason!("{n} seeders")),
    };
    t.add(Rule::Seeders, points, reason);
}

fn language(wanted: &WantedBook<'_>, parsed: &ParsedRelease, prefs: &QualityPrefs, t: &mut Tally) {
    let Some(found) = parsed.language else {
        t.add(Rule::Language, 0, "language not stated");
        if prefs.require_language {
            t.reject(Rule::Language, "language not stated");
        }
        return;
    };
    let accepted = wanted.language.iter().chain(prefs.languages.iter());
    let mut accepted = accepted.peekable();
    if accepted.peek().is_none() {
        t.add(Rule::Language, 0, reason!("language {}", found.0));
    } else if accepted.any(|l| *l == found) {
        t.add(Rule::Language, 0, reason!("language {} as wanted", found.0));
    } else {
        t.add(
            Rule::Language,
            -30,
            reason!("language {} is not wanted", found.0),
        );
    }
}

fn abridged(wanted: &WantedBook<'_>, parsed: &ParsedRelease, prefs: &QualityPrefs, t: &mut Tally) {
    match parsed.abridgement {
        Some(Abridgement::Abridged) if !wanted.abridged => {
            t.add(Rule::Abridged, -15, "abridged");
            if prefs.reject_abridged {
                t.reject(Rule::Abridged, "abridged");
            }
        }
        Some(Abridgement::Abridged) => t.add(Rule::Abridged, 0, "abridged, like the book"),
        Some(Abridgement::Unabridged) => t.add(Rule::Abridged, 0, "unabridged"),
        None => t.add(Rule::Abridged, 0, "abridgement not stated"),
    }
}

fn words(release: &ReleaseFacts<'_>, prefs: &QualityPrefs, t: &mut Tally) {
    if prefs.blocked_words.is_empty() && prefs.required_words.is_empty() {
        return;
    }
    // The name is split once for all the words, not once per word; ASCII names are compared
    // without lower-casing them first.
    let lower = if release.name.is_ascii() {
        std::borrow::Cow::Borrowed(release.name)
    } else {
        std::borrow::Cow::Owned(release.name.to_lowercase())
    };
    let mut name_words: Vec<&str> = Vec::with_capacity(NAME_WORDS);
    name_words.extend(
        lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty()),
    );
    let has = |word: &str| {
        let word = word.trim();
        if word.is_ascii() {
            !word.is_empty() && name_words.iter().any(|w| w.eq_ignore_ascii_case(word))
        } else {
            let word = word.to_lowercase();
            name_words.iter().any(|w| *w == word)
        }
    };
    for blocked in &prefs.blocked_words {
        if has(blocked) {
            t.reject(
                Rule::BlockedWords,
                reason!("contains the blocked word \"{blocked}\""),
            );
        }
    }
    for required in &prefs.required_words {
        if !has(required) {
            t.reject(
                Rule::RequiredWords,
                reason!("lacks the required word \"{required}\""),
            );
        }
    }
}

fn age(release: &ReleaseFacts<'_>, t: &mut Tally) {
    let (true, Some(age), Some(retention)) =
        (release.usenet, release.age_days, release.retention_days)
    else {
        return;
    };
    if age.saturating_add(USENET_RETENTION_MARGIN_DAYS) > retention {
        t.add(
            Rule::Age,
            -10,
            reason!("{age} days old, near the indexer's {retention}-day retention"),
        );
    }
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
