//! A book's position in a series (SPEC §2.3): the raw text as the source gave it plus a sort key.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPosition {
    raw: String,
    sort: Option<f64>,
    end: Option<f64>,
}

const NUMBER_WORDS: [&str; 20] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];
const ROMANS: [&str; 20] = [
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
    "xvi", "xvii", "xviii", "xix", "xx",
];
const PREFIXES: [&str; 6] = ["book", "volume", "vol.", "vol", "part", "#"];

impl SeriesPosition {
    /// Parses any raw text; text without a recognisable number keeps a `None` sort key.
    pub fn parse(raw: &str) -> SeriesPosition {
        let raw = raw.trim().to_owned();
        let (sort, end) = parse_key(&raw);
        SeriesPosition { raw, sort, end }
    }

    /// Rebuilds a position read back from storage.
    pub fn from_parts(raw: String, sort: Option<f64>, end: Option<f64>) -> SeriesPosition {
        SeriesPosition { raw, sort, end }
    }

    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The sort key: the first (or only) volume number.
    pub fn first(&self) -> Option<f64> {
        self.sort
    }

    /// The last volume of an omnibus ("1-3" ends at 3); `None` for a single volume.
    pub fn end(&self) -> Option<f64> {
        self.end
    }
}

impl fmt::Display for SeriesPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.sort, self.end) {
            (Some(a), Some(b)) => write!(f, "{}–{}", trim_float(a), trim_float(b)),
            _ => f.write_str(&self.raw),
        }
    }
}

fn trim_float(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn parse_key(raw: &str) -> (Option<f64>, Option<f64>) {
    let mut text = raw.to_lowercase();
    // "2, Dramatized Adaptation" and "3 (Unabridged)": the suffix stays only in the raw text.
    if let Some(cut) = text.find([',', '(']) {
        text.truncate(cut);
    }
    let mut text = text.trim();
    for prefix in PREFIXES {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim_start();
            break;
        }
    }
    if text == "prequel" {
        return (Some(0.0), None);
    }
    let normalised = text.replace(['–', '—'], "-");
    if let Some((a, b)) = normalised.split_once('-') {
        if let (Some(a), Some(b)) = (single(a.trim()), single(b.trim()))
            && b > a
        {
            return (Some(a), Some(b));
        }
        return (None, None);
    }
    (single(text), None)
}

fn single(text: &str) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    if let Ok(n) = text.parse::<f64>() {
        return (n.is_finite() && n >= 0.0).then_some(n);
    }
    let word = |list: &[&str]| list.iter().position(|w| *w == text).map(|i| (i + 1) as f64);
    word(&NUMBER_WORDS).or_else(|| word(&ROMANS))
}

#[cfg(test)]
mod tests {
    use super::SeriesPosition;

    #[test]
    fn series_position_parses_the_spec_table() {
        for (input, first, end) in [
            ("1", Some(1.0), None),
            ("01", Some(1.0), None),
            ("Book 1", Some(1.0), None),
            ("Book 01", Some(1.0), None),
            ("#1", Some(1.0), None),
            ("Vol. 1", Some(1.0), None),
            ("Volume 1", Some(1.0), None),
            ("1.5", Some(1.5), None),
            ("0.5", Some(0.5), None),
            ("1-3", Some(1.0), Some(3.0)),
            ("1–3", Some(1.0), Some(3.0)),
            ("1 - 3", Some(1.0), Some(3.0)),
            ("2, Dramatized Adaptation", Some(2.0), None),
            ("3 (Unabridged)", Some(3.0), None),
            ("0", Some(0.0), None),
            ("Prequel", Some(0.0), None),
            ("Book Two", Some(2.0), None),
            ("II", Some(2.0), None),
            ("XX", Some(20.0), None),
            ("", None, None),
            ("Side story", None, None),
            ("3-1", None, None),
        ] {
            let p = SeriesPosition::parse(input);
            assert_eq!((p.first(), p.end()), (first, end), "input {input:?}");
            assert_eq!(p.raw(), input.trim(), "raw text is kept for {input:?}");
        }
    }

    #[test]
    fn omnibus_is_shown_as_a_range() {
        assert_eq!(SeriesPosition::parse("1 - 3").to_string(), "1–3");
        assert_eq!(SeriesPosition::parse("Book 2").to_string(), "Book 2");
    }
}
