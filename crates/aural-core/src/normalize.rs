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
    let folded: String = text
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded
        .split_whitespace()
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii_digit()) {
                let t = w.trim_start_matches('0');
                if t.is_empty() { "0" } else { t }
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
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
    fn sort_forms() {
        assert_eq!(sort_title("The Hobbit"), "Hobbit");
        assert_eq!(sort_title("A"), "A");
        assert_eq!(sort_name("Brandon Sanderson"), "Sanderson, Brandon");
        assert_eq!(sort_name("Homer"), "Homer");
        assert_eq!(sort_name("Tolkien, J. R. R."), "Tolkien, J. R. R.");
    }
}
