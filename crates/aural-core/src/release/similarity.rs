//! How alike two titles or two names are, on normalised words (SPEC §5.7): case, accents of
//! full-width forms, punctuation, leading articles and zero padding do not matter, and initials
//! may be written "J.R.R.", "J. R. R." or "JRR".

use crate::normalize::{name_key, title_key};

/// 0.0–1.0: mostly how much of the wanted title the release has, a little how little else it
/// has, so "The Way of Kings" fits "The Way of Kings (Stormlight 1)" better than "The Way".
pub fn title(wanted: &str, found: &str) -> f64 {
    let wanted = title_words(wanted);
    let found = title_words(found);
    overlap(&wanted, &found)
}

/// The words of [`title_key`], without its Unicode normalisation for plain ASCII, which is most
/// names and makes scoring several times faster.
fn title_words(text: &str) -> Vec<String> {
    if !text.is_ascii() {
        return words(&title_key(text));
    }
    let mut out: Vec<String> = Vec::new();
    for w in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w = if w.bytes().all(|b| b.is_ascii_digit()) {
            let t = w.trim_start_matches('0');
            if t.is_empty() { "0" } else { t }
        } else {
            w
        };
        out.push(w.to_ascii_lowercase());
    }
    if out.len() > 1 && matches!(out[0].as_str(), "the" | "a" | "an") {
        out.remove(0);
    }
    let mut unique: Vec<String> = Vec::with_capacity(out.len());
    for w in out {
        if !unique.contains(&w) {
            unique.push(w);
        }
    }
    unique
}

/// 0.0–1.0 for two people's names; the same surname with compatible initials is a match.
pub fn name(wanted: &str, found: &str) -> f64 {
    let wanted = initials_joined(&name_key(wanted));
    let found = initials_joined(&name_key(found));
    if wanted.is_empty() || found.is_empty() {
        return 0.0;
    }
    if wanted == found {
        return 1.0;
    }
    let mut sorted_w = wanted.clone();
    let mut sorted_f = found.clone();
    sorted_w.sort_unstable();
    sorted_f.sort_unstable();
    // "Tolkien, J.R.R." against "J.R.R. Tolkien".
    if sorted_w == sorted_f {
        return 1.0;
    }
    let shared = wanted.iter().filter(|w| found.contains(w)).count();
    shared as f64 / wanted.len().max(found.len()) as f64
}

fn overlap(wanted: &[String], found: &[String]) -> f64 {
    if wanted.is_empty() || found.is_empty() {
        return 0.0;
    }
    let shared = wanted.iter().filter(|w| found.contains(w)).count() as f64;
    let coverage = shared / wanted.len() as f64;
    let precision = shared / found.len() as f64;
    0.85 * coverage + 0.15 * precision
}

fn words(key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in key.split(' ').filter(|w| !w.is_empty()) {
        if !out.iter().any(|o| o == w) {
            out.push(w.to_owned());
        }
    }
    out
}

/// "j r r tolkien" → ["jrr", "tolkien"]: runs of single letters are one set of initials.
fn initials_joined(key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut initials = String::new();
    for w in key.split(' ').filter(|w| !w.is_empty()) {
        if w.chars().count() == 1 {
            initials.push_str(w);
        } else {
            if !initials.is_empty() {
                out.push(std::mem::take(&mut initials));
            }
            out.push(w.to_owned());
        }
    }
    if !initials.is_empty() {
        out.push(initials);
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
    fn the_ascii_path_reads_titles_like_title_key() {
        for text in [
            "The Way of Kings",
            "Dune: Book 002",
            "A",
            "an Ode",
            "Project Hail-Mary!",
            "The",
            "The.",
            "the the end",
        ] {
            assert_eq!(title_words(text), words(&title_key(text)), "{text:?}");
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
