//! How alike two titles or two names are, on normalised words (SPEC §5.7): case, accents of
//! full-width forms, punctuation, leading articles and zero padding do not matter, and initials
//! may be written "J.R.R.", "J. R. R." or "JRR".

use std::borrow::Cow;

use crate::normalize::{name_key, title_key};

/// 0.0–1.0: mostly how much of the wanted title the release has, a little how little else it
/// has, so "The Way of Kings" fits "The Way of Kings (Stormlight 1)" better than "The Way".
pub fn title(wanted: &str, found: &str) -> f64 {
    // Words borrow from one key per side: scoring compares titles for every release found, and
    // a String per word was most of its allocations.
    let (wanted, found) = (title_key(wanted), title_key(found));
    title_words(&words(&wanted), &words(&found))
}

/// 0.0–1.0 for two people's names; the same surname with compatible initials is a match.
pub fn name(wanted: &str, found: &str) -> f64 {
    name_keys(&name_key(wanted), &name_key(found))
}

/// [`name`] of two [`name_key`]s, for callers comparing one name with several.
pub(crate) fn name_keys(wanted_key: &str, found_key: &str) -> f64 {
    let wanted = initials_joined(wanted_key);
    let found = initials_joined(found_key);
    if wanted.is_empty() || found.is_empty() {
        return 0.0;
    }
    if wanted == found {
        return 1.0;
    }
    // "Tolkien, J.R.R." against "J.R.R. Tolkien": the same words in another order.
    if wanted.len() == found.len() && same_words(&wanted, &found) {
        return 1.0;
    }
    let shared = wanted.iter().filter(|w| found.contains(w)).count();
    shared as f64 / wanted.len().max(found.len()) as f64
}

fn same_words(wanted: &[Cow<'_, str>], found: &[Cow<'_, str>]) -> bool {
    let mut sorted_w: Vec<&str> = wanted.iter().map(|w| w.as_ref()).collect();
    let mut sorted_f: Vec<&str> = found.iter().map(|w| w.as_ref()).collect();
    sorted_w.sort_unstable();
    sorted_f.sort_unstable();
    sorted_w == sorted_f
}

/// [`title`] of the [`words`] of two [`title_key`]s, for callers comparing one title with
/// several.
pub(crate) fn title_words(wanted: &[&str], found: &[&str]) -> f64 {
    if wanted.is_empty() || found.is_empty() {
        return 0.0;
    }
    let shared = wanted.iter().filter(|w| found.contains(w)).count() as f64;
    let coverage = shared / wanted.len() as f64;
    let precision = shared / found.len() as f64;
    0.85 * coverage + 0.15 * precision
}

/// The distinct words of a key, in order.
pub(crate) fn words(key: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for w in key.split(' ').filter(|w| !w.is_empty()) {
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// "j r r tolkien" → ["jrr", "tolkien"]: runs of single letters are one set of initials.
fn initials_joined(key: &str) -> Vec<Cow<'_, str>> {
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    let mut initials = String::new();
    for w in key.split(' ').filter(|w| !w.is_empty()) {
        if w.chars().count() == 1 {
            initials.push_str(w);
        } else {
            if !initials.is_empty() {
                out.push(Cow::Owned(std::mem::take(&mut initials)));
            }
            out.push(Cow::Borrowed(w));
        }
    }
    if !initials.is_empty() {
        out.push(Cow::Owned(initials));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_compare_on_their_words() {
        for (wanted, found, at_least, at_most) in [
            ("The Way of Kings", "Way of Kings", 1.0, 1.0),
            ("Project Hail Mary", "project hail-mary!", 1.0, 1.0),
            (
                "The Way of Kings",
                "The Way of Kings Stormlight Archive",
                0.9,
                0.96,
            ),
            ("Dune", "Dune Messiah", 0.85, 0.95),
            ("Dune Messiah", "Dune", 0.4, 0.6),
            ("The Stand", "It", 0.0, 0.0),
            ("", "Anything", 0.0, 0.0),
        ] {
            let s = title(wanted, found);
            assert!(
                (at_least..=at_most).contains(&s),
                "{wanted:?} vs {found:?}: {s}"
            );
        }
    }

    #[test]
    fn names_tolerate_initials_and_order() {
        for (wanted, found, want) in [
            ("J.R.R. Tolkien", "JRR Tolkien", 1.0),
            ("J. R. R. Tolkien", "J.R.R. Tolkien", 1.0),
            ("Tolkien, J.R.R.", "J.R.R. Tolkien", 1.0),
            ("Brandon Sanderson", "brandon sanderson", 1.0),
            ("Brandon Sanderson", "Sanderson", 0.5),
            ("Andy Weir", "Stephen King", 0.0),
            ("Andy Weir", "", 0.0),
        ] {
            assert_eq!(name(wanted, found), want, "{wanted:?} vs {found:?}");
        }
    }
}
