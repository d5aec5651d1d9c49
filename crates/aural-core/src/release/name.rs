//! What a release name says (SPEC §5.6). Names follow loose habits rather than a grammar:
//! "Author - Title (Series 1) [Narrator] 2010 M4B 64kbps", "Title by Author, read by Narrator
//! (Unabridged)", scene style "Author_Name-Title-AUDIOBOOK-WEB-EN-2020-GROUP". The parser takes
//! out every word it recognises (format, bitrate, language, flags, year, volume), reads bracketed
//! tags on their own, and orders what is left as author, title and narrator. Whatever it cannot
//! tell stays `None`; it never fails.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::release::vocabulary::{
    self, Abridgement, AudioFormat, Bitrate, Language, Place, ReleaseFlag, Word,
};

/// Characters of a name that are read; indexers cap titles at 1,000 (SPEC §5.2).
const MAX_CHARS: usize = 1_000;
/// The longest release group name taken from a `-GROUP` suffix.
const MAX_GROUP_CHARS: usize = 15;
/// Words that mark a volume number: "Book 3", "Vol. 3", "#3".
const VOLUME_MARKERS: &[&str] = &[
    "book", "bk", "vol", "volume", "part", "pt", "band", "tome", "tomo", "teil",
];
/// Words that do not appear in a person's name.
const NOT_IN_NAMES: &[&str] = &[
    "the", "of", "and", "a", "an", "in", "to", "for", "on", "at", "with",
];

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedRelease {
    pub title: Option<String>,
    pub author: Option<String>,
    pub narrator: Option<String>,
    pub series: Option<String>,
    pub volume: Option<f32>,
    pub year: Option<u16>,
    pub format: Option<AudioFormat>,
    pub bitrate: Option<Bitrate>,
    pub abridgement: Option<Abridgement>,
    pub language: Option<Language>,
    pub group: Option<String>,
    pub flags: Vec<ReleaseFlag>,
}

impl ParsedRelease {
    fn apply(&mut self, word: Word) {
        match word {
            Word::Format(f) => {
                self.format.get_or_insert(f);
            }
            Word::Bitrate(b) => {
                self.bitrate.get_or_insert(b);
            }
            Word::Abridgement(a) => {
                self.abridgement.get_or_insert(a);
            }
            Word::Language(l) => {
                self.language.get_or_insert(l);
            }
            Word::Flag(f) if !self.flags.contains(&f) => self.flags.push(f),
            Word::Flag(_) | Word::Noise => {}
        }
    }

    fn has(&self, flag: ReleaseFlag) -> bool {
        self.flags.contains(&flag)
    }
}

pub fn parse(name: &str) -> ParsedRelease {
    let mut parsed = ParsedRelease::default();
    let scene = !name.trim().contains(' ');
    let read = readable(name);
    let text = if scene {
        Cow::Owned(scene_to_text(&read, &mut parsed))
    } else if let Some((rest, group)) = group_suffix(&read) {
        parsed.group = Some(group.to_owned());
        Cow::Borrowed(rest)
    } else {
        Cow::Borrowed(read.as_ref())
    };
    let text = read_tags(&text, &mut parsed);
    let text = take_narrator(&text, &mut parsed);
    let segments = read_segments(&text, &mut parsed, scene);
    assign(segments, &mut parsed);
    if parsed.title.is_none() {
        parsed.title = parsed.series.clone();
    }
    if parsed.has(ReleaseFlag::GraphicAudio) && !parsed.has(ReleaseFlag::Dramatized) {
        parsed.flags.push(ReleaseFlag::Dramatized);
    }
    parsed
}

/// The first [`MAX_CHARS`] characters of `name`, with underscores and control characters as
/// spaces; most names are short ASCII and need no copy.
fn readable(name: &str) -> Cow<'_, str> {
    let blank = |c: char| c == '_' || c.is_control();
    if name.len() <= MAX_CHARS && name.is_ascii() {
        if !name.contains(blank) {
            return Cow::Borrowed(name);
        }
        return Cow::Owned(name.replace(blank, " "));
    }
    Cow::Owned(
        name.chars()
            .take(MAX_CHARS)
            .map(|c| if blank(c) { ' ' } else { c })
            .collect(),
    )
}

/// "Stephen.King.-.The.Stand-AUDIOBOOK-WEB-EN-2020-GRP": dots are spaces, dashes separate
/// fields, and the last field is the group.
fn scene_to_text(text: &str, parsed: &mut ParsedRelease) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c == '.' { ' ' } else { c })
        .collect();
    let mut fields: Vec<&str> = spaced
        .split('-')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    // "Author-Title" has two fields and no group; "Show.Name.S01E01.720p-GROUP" has a long first
    // field and a group in capitals.
    let glued_group = fields.len() == 2
        && fields[0].split_whitespace().count() >= 3
        && !fields[1].chars().any(char::is_lowercase);
    if fields.len() > 2 || glued_group {
        let last = fields[fields.len() - 1];
        if is_group(last) && vocabulary::word(last, Place::Tag).is_none() {
            parsed.group = Some(last.to_owned());
            fields.pop();
        }
    }
    // Each field is a tag of its own: "EN" there is a language, not a word of a title.
    let mut out = String::with_capacity(spaced.len() + 5 * fields.len());
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push_str(" - ");
        }
        if f.split_whitespace()
            .all(|w| vocabulary::word(w, Place::Tag).is_some() || year(w).is_some())
        {
            out.push('[');
            out.push_str(f);
            out.push(']');
        } else {
            out.push_str(f);
        }
    }
    out
}

/// "… MP3 64kbps-GRP": a group glued to the last word by a dash.
fn group_suffix(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    let (rest, group) = trimmed.rsplit_once('-')?;
    let glued = rest.chars().last().is_some_and(|c| !c.is_whitespace());
    (glued && is_group(group) && vocabulary::word(group, Place::Tag).is_none())
        .then_some((rest, group))
}

fn is_group(text: &str) -> bool {
    (2..=MAX_GROUP_CHARS).contains(&text.chars().count())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
        && text.chars().any(|c| c.is_ascii_alphabetic())
}

/// Reads every `(…)`, `[…]` and `{…}` tag into `parsed` and returns the text around them, with
/// a segment break where each tag stood.
fn read_tags<'t>(text: &'t str, parsed: &mut ParsedRelease) -> Cow<'t, str> {
    if !text.contains(['(', '[', '{']) {
        return Cow::Borrowed(text);
    }
    let mut outside = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '[', '{']) {
        let kind = rest[open..]
            .chars()
            .next()
            .expect("find returned a char boundary");
        let close = match kind {
            '(' => ')',
            '[' => ']',
            _ => '}',
        };
        let inner_start = open + kind.len_utf8();
        let Some(len) = rest[inner_start..].find(close) else {
            break;
        };
        outside.push_str(&rest[..open]);
        let at_start = outside.trim().is_empty();
        read_tag(
            &rest[inner_start..inner_start + len],
            kind,
            at_start,
            parsed,
        );
        outside.push_str(" - ");
        rest = &rest[inner_start + len + close.len_utf8()..];
    }
    outside.push_str(rest);
    Cow::Owned(outside)
}

fn read_tag(tag: &str, kind: char, at_start: bool, parsed: &mut ParsedRelease) {
    // The words left of each piece, joined by spaces, the pieces by commas.
    let mut left = String::new();
    let (mut words, mut kept) = (Vec::new(), Vec::new());
    for piece in tag.split([',', ';', '/', '|', '+']) {
        words.clear();
        words.extend(piece.split_whitespace());
        kept.clear();
        take_words(&words, Place::Tag, parsed, &mut kept);
        if kept.is_empty() {
            continue;
        }
        if !left.is_empty() {
            left.push_str(", ");
        }
        push_joined(&mut left, &kept);
    }
    if left.is_empty() {
        return;
    }
    if let Some(name) = strip_read_by(&left) {
        parsed.narrator.get_or_insert(name);
    } else if kind == '{' {
        parsed.narrator.get_or_insert(left);
    } else if let Some((series, volume)) = series_volume(&left, false) {
        parsed.volume.get_or_insert(volume);
        if let Some(series) = series {
            parsed.series.get_or_insert(series);
        }
    } else if at_start && is_group(&left) {
        parsed.group.get_or_insert(left);
    } else if !at_start && looks_like_people(&left) {
        parsed.narrator.get_or_insert(left);
    }
}

/// Applies the recognised words and appends the others to `left`, in order.
fn take_words<'a>(
    words: &[&'a str],
    place: Place,
    parsed: &mut ParsedRelease,
    left: &mut Vec<&'a str>,
) {
    let mut i = 0;
    while i < words.len() {
        let word = trim_punct(words[i]);
        if let Some(next) = words.get(i + 1)
            && let Some(w) = vocabulary::pair(word, trim_punct(next))
        {
            parsed.apply(w);
            i += 2;
            continue;
        }
        if let Some(w) = vocabulary::word(word, place) {
            parsed.apply(w);
        } else if place == Place::Tag
            && let Some(y) = year(word)
        {
            parsed.year.get_or_insert(y);
        } else if !word.is_empty() {
            left.push(words[i]);
        }
        i += 1;
    }
}

/// Appends `words` to `out`, separated by spaces.
fn push_joined(out: &mut String, words: &[&str]) {
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

fn trim_punct(word: &str) -> &str {
    word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '(' | ')'))
}

fn year(word: &str) -> Option<u16> {
    (word.len() == 4)
        .then(|| word.parse::<u16>().ok())
        .flatten()
        .filter(|y| (1900..=2099).contains(y))
}

fn strip_read_by(text: &str) -> Option<String> {
    [
        "read by ",
        "narrated by ",
        "narrator ",
        "narrator: ",
        "gelesen von ",
    ]
    .iter()
    .find(|p| {
        text.as_bytes()
            .get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
    })
    .map(|p| clean(&text[p.len()..]))
    .filter(|n| !n.is_empty())
}

/// Takes "read by X" / "narrated by X" out of running text, up to the next segment break.
fn take_narrator<'t>(text: &'t str, parsed: &mut ParsedRelease) -> Cow<'t, str> {
    let Some((at, len)) = narrator_phrase(text) else {
        return Cow::Borrowed(text);
    };
    let after = &text[at + len..];
    let end = after.find(" - ").unwrap_or(after.len());
    let words: Vec<&str> = after[..end].split_whitespace().collect();
    let name_len = words
        .iter()
        .position(|w| vocabulary::word(trim_punct(w), Place::Text).is_some() || year(w).is_some())
        .unwrap_or(words.len());
    let name = clean_words(&words[..name_len]);
    if !name.is_empty() {
        parsed.narrator.get_or_insert(name);
    }
    let rest = words[name_len..].join(" ");
    Cow::Owned(format!(
        "{} {rest} {}",
        text[..at].trim_end_matches([' ', ',']),
        &after[end..]
    ))
}

/// Where the first narrator phrase starts and how long it is. The phrases are ASCII, so they are
/// compared in place in any case: offsets found in a lower-cased copy can fall inside a
/// character, as "İ" and "ẞ" change their length when lower-cased.
fn narrator_phrase(text: &str) -> Option<(usize, usize)> {
    const PHRASES: [&str; 3] = ["read by ", "narrated by ", "gelesen von "];
    let bytes = text.as_bytes();
    (0..bytes.len())
        // Only where a phrase's first letter stands.
        .filter(|&i| matches!(bytes[i] | 0x20, b'r' | b'n' | b'g'))
        .find_map(|i| {
            PHRASES
                .iter()
                .find(|p| {
                    bytes[i..]
                        .get(..p.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(p.as_bytes()))
                })
                .map(|p| (i, p.len()))
        })
}

/// The text split at " - ", each part cleaned of recognised words; tag-only parts are dropped.
fn read_segments(text: &str, parsed: &mut ParsedRelease, scene: bool) -> Vec<String> {
    let mut segments = Vec::new();
    let (mut words, mut left): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    // En and em dashes part words like spaces; a dash standing alone ends a segment.
    let mut pieces = text.split([' ', '\u{2013}', '\u{2014}']);
    let mut more = true;
    while more {
        words.clear();
        more = false;
        for w in pieces.by_ref() {
            if w == "-" {
                more = true;
                break;
            }
            if !w.is_empty() {
                words.push(w);
            }
        }
        if words.is_empty() {
            continue;
        }
        let place = if scene && words.len() == 1 {
            Place::Tag
        } else {
            Place::Text
        };
        left.clear();
        take_words(&words, place, parsed, &mut left);
        // A year counts as such beside other words ("… 2010 M4B"), not alone ("1984").
        if left.len() > 1
            && let Some(pos) = left.iter().rposition(|w| year(trim_punct(w)).is_some())
        {
            parsed
                .year
                .get_or_insert(year(trim_punct(left[pos])).expect("checked above"));
            left.remove(pos);
        }
        if left.len() == 1
            && left.len() < words.len()
            && let Some(y) = year(trim_punct(left[0]))
        {
            parsed.year.get_or_insert(y);
            continue;
        }
        let segment = clean_words(&left);
        if !segment.is_empty() {
            segments.push(segment);
        }
    }
    segments
}

/// Orders the remaining parts as author, title, narrator and series.
fn assign(mut segments: Vec<String>, parsed: &mut ParsedRelease) {
    // A part with an explicit volume ("Stormlight Archive Book 1", "#3") names the series,
    // unless it is the only part that could be the title.
    // With three or more parts, one ending in a bare number is the series too ("Discworld 08 -
    // Guards! Guards! - Terry Pratchett"); with fewer it may be the title ("Catch 22").
    let explicit = segments.len() < 3;
    if segments.len() > 1
        && let Some(i) = segments
            .iter()
            .position(|s| series_volume(s, explicit).is_some())
    {
        let (series, volume) = series_volume(&segments[i], explicit).expect("checked above");
        parsed.volume.get_or_insert(volume);
        if let Some(series) = series {
            parsed.series.get_or_insert(series);
        }
        segments.remove(i);
    }
    match segments.len() {
        0 => {}
        1 => {
            let only = segments.pop().expect("one segment");
            match split_by(&only) {
                Some((title, author)) => {
                    parsed.title = Some(title);
                    parsed.author = Some(author);
                }
                None => parsed.title = Some(only),
            }
        }
        _ => {
            let first = segments.remove(0);
            if parsed.narrator.is_none()
                && segments.len() > 1
                && looks_like_people(segments.last().expect("more than one"))
            {
                parsed.narrator = segments.pop();
            }
            let rest = segments.join(" - ");
            if let Some((title, author)) = split_by(&first) {
                parsed.title = Some(title);
                parsed.author = Some(author);
            } else if !looks_like_people(&first) && looks_like_people(&rest) {
                parsed.title = Some(first);
                parsed.author = Some(rest);
            } else {
                parsed.author = Some(first);
                parsed.title = Some(rest);
            }
        }
    }
}

/// "The Hobbit by J.R.R. Tolkien" → ("The Hobbit", "J.R.R. Tolkien").
fn split_by(text: &str) -> Option<(String, String)> {
    let (title, author) = text.rsplit_once(" by ")?;
    let (title, author) = (clean(title), clean(author));
    (!title.is_empty() && looks_like_people(&author)).then_some((title, author))
}

/// A series and volume: "Stormlight Archive 1", "The Expanse, Book 2", "Book 3", "#4", "Vol. 1.5".
/// With `explicit`, a bare trailing number is not enough ("Catch 22" is a title).
fn series_volume(text: &str, explicit: bool) -> Option<(Option<String>, f32)> {
    let mut words = text.split_whitespace();
    let last = words.next_back()?;
    let hashed = last.starts_with('#');
    let number = last.trim_start_matches('#');
    if number.is_empty() || number.len() > 5 || !number.chars().next()?.is_ascii_digit() {
        return None;
    }
    let volume: f32 = number.parse().ok().filter(|v: &f32| *v < 1000.0)?;
    let before: Vec<&str> = words.collect();
    let (marker, series_words) = match before.split_last() {
        Some((word, rest)) if is_one_of(word.trim_end_matches(['.', ',']), VOLUME_MARKERS) => {
            (true, rest)
        }
        _ => (hashed, &before[..]),
    };
    if explicit && !marker {
        return None;
    }
    if !marker && series_words.is_empty() {
        return None;
    }
    let series = clean_words(series_words);
    Some(((!series.is_empty()).then_some(series), volume))
}

/// One or more people's names: "Michael Kramer, Kate Reading", "J.R.R. Tolkien".
fn looks_like_people(text: &str) -> bool {
    text.split([',', '&']).all(|name| {
        let mut count = 0;
        let mut dotted = false;
        for w in name.split_whitespace().filter(|w| *w != "and") {
            count += 1;
            if count > 5 || !is_name_word(w) {
                return false;
            }
            dotted |= w.contains('.');
        }
        count > 1 || (count == 1 && dotted)
    })
}

/// "Kramer", "J.R.R.", "Le-Guin", "O'Brien", but not "the" or "3".
fn is_name_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        && !is_one_of(w, NOT_IN_NAMES)
}

/// Trimmed of separators and stray punctuation at either end.
fn clean(text: &str) -> String {
    clean_words(&[text])
}

/// [`clean`] of the words joined by spaces, without joining them first.
fn clean_words(words: &[&str]) -> String {
    let mut out = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
    for w in words.iter().flat_map(|w| w.split_whitespace()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    // Trimmed in place rather than copied.
    let stray = |c: char| matches!(c, ',' | ';' | ':' | '-' | '|' | '/' | ' ' | '.');
    out.truncate(out.trim_end_matches(stray).len());
    out.drain(..out.len() - out.trim_start_matches(stray).len());
    out
}

/// `word` in lower case is one of `lower` (ASCII words), without allocating for ASCII words.
fn is_one_of(word: &str, lower: &[&str]) -> bool {
    if word.is_ascii() {
        lower.iter().any(|l| word.eq_ignore_ascii_case(l))
    } else {
        let word = word.to_lowercase();
        lower.contains(&word.as_str())
    }
}

#[cfg(test)]
#[path = "name_tests.rs"]
mod tests;
