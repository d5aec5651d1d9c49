//! Normalisation of titles and names for the fallback identity key (SPEC §2.4) and for sorting.

use unicode_normalization::UnicodeNormalization;

const ARTICLES: [&str; 3] = ["the ", "a ", "an "];

/// Title without a leading English article, for `sort_title`.
pub fn sort_title(title: &str) -> String {
    let trimmed = title.trim();
    let lower = trimmed.to_lowercase();
    for article in ARTICLES {
        if lower.starts_with(article) && trimmed.len() > article.len() {
            return trimmed[article.len()..].trim_start().to_owned();
        }
    }
    trimmed.to_owned()
}

/// "Brandon Sanderson" → "Sanderson, Brandon"; single names and "Last, First" stay as given.
pub fn sort_name(name: &str) -> String {
    let name = name.trim();
    if name.contains(',') {
        return name.to_owned();
    }
    match name.rsplit_once(' ') {
        Some((first, last)) if !first.is_empty() => format!("{last}, {first}"),
        _ => name.to_owned(),
    }
}

/// Lower-case, NFKC, punctuation removed, leading article dropped, numbers without leading zeros.
pub fn title_key(title: &str) -> String {
    let key = words(title);
    for article in ARTICLES {
        if let Some(rest) = key.strip_prefix(article) {
            return rest.to_owned();
        }
    }
    key
}

pub fn name_key(name: &str) -> String {
    words(name)
}

fn words(text: &str) -> String {
    // NFKC leaves ASCII as it is, and most names are ASCII: they skip the Unicode tables and are
    // cut into words in one pass, which made up most of the cost of scoring a release.
    if text.is_ascii() {
        let mut out = String::with_capacity(text.len());
        for w in text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            push_word(&mut out, w);
        }
        out.make_ascii_lowercase();
        return out;
    }
    unicode_words(text)
}

fn unicode_words(text: &str) -> String {
    let folded: String = text
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut out = String::with_capacity(folded.len());
    for w in folded.split_whitespace() {
        push_word(&mut out, w);
    }
    out
}

/// Appends a word, numbers without their leading zeros.
fn push_word(out: &mut String, word: &str) {
    let word = if word.bytes().all(|b| b.is_ascii_digit()) {
        let t = word.trim_start_matches('0');
        if t.is_empty() { "0" } else { t }
    } else {
        word
    };
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_keys_ignore_case_punctuation_articles_and_zero_padding() {
        for (a, b) in [
            ("The Way of Kings", "way of kings"),
            ("Project Hail Mary!", "project  hail-mary"),
            ("Dune: Book 002", "dune book 2"),
            ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
        ] {
            assert_eq!(title_key(a), title_key(b), "{a:?} vs {b:?}");
        }
        assert_ne!(title_key("Dune"), title_key("Dune Messiah"));
    }

    #[test]
    fn the_ascii_path_reads_like_the_unicode_path() {
        for text in [
            "The Way of Kings",
            "Dune: Book 002",
            "  J.R.R. Tolkien ",
            "Project Hail-Mary!",
            "007 -- 0 000",
            "",
            "...",
        ] {
            assert_eq!(words(text), unicode_words(text), "{text:?}");
        }
    }

    #[test]
    fn sort_forms() {
        assert_eq!(sort_title("The Hobbit"), "Hobbit");
        assert_eq!(sort_title("A"), "A");
        assert_eq!(sort_name("Brandon Sanderson"), "Sanderson, Brandon");
        assert_eq!(sort_name("Homer"), "Homer");
        assert_eq!(sort_name("Tolkien, J. R. R."), "Tolkien, J. R. R.");
    }
}
