//! Natural ordering of names, so "Part 2" sorts before "Part 10" (SPEC §7.2).

use std::cmp::Ordering;

/// Compares two names chunk by chunk: runs of ASCII digits by their value, other text
/// case-insensitively; a full tie falls back to the raw text so the order is total.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.is_empty(), y.is_empty()) {
            (true, true) => return a.cmp(b),
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let (cx, rx) = chunk(x);
        let (cy, ry) = chunk(y);
        let order = match (is_number(cx), is_number(cy)) {
            (true, true) => compare_numbers(cx, cy),
            _ => cx.to_lowercase().cmp(&cy.to_lowercase()),
        };
        if order != Ordering::Equal {
            return order;
        }
        (x, y) = (rx, ry);
    }
}

fn is_number(chunk: &str) -> bool {
    chunk.starts_with(|c: char| c.is_ascii_digit())
}

/// The leading run of digits or of non-digits, and the rest.
fn chunk(s: &str) -> (&str, &str) {
    let digits = is_number(s);
    let end = s
        .find(|c: char| c.is_ascii_digit() != digits)
        .unwrap_or(s.len());
    s.split_at(end)
}

/// Compares digit runs of any length without parsing them into a machine integer.
fn compare_numbers(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::natural_cmp;

    #[test]
    fn names_sort_by_the_numbers_they_contain() {
        let mut names = vec![
            "Part 10.mp3",
            "Part 2.mp3",
            "part 1.mp3",
            "Part 01b.mp3",
            "Part 100000000000000000000001.mp3",
            "Intro.mp3",
            "Part 9.mp3",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "Intro.mp3",
                "part 1.mp3",
                "Part 01b.mp3",
                "Part 2.mp3",
                "Part 9.mp3",
                "Part 10.mp3",
                "Part 100000000000000000000001.mp3",
            ],
            "digit runs compare by value, text ignores case, huge numbers do not overflow"
        );
    }

    #[test]
    fn equal_names_up_to_case_or_zeros_still_have_a_fixed_order() {
        for (a, b) in [("a1", "a01"), ("A", "a")] {
            assert_ne!(
                natural_cmp(a, b),
                std::cmp::Ordering::Equal,
                "{a:?} vs {b:?}"
            );
            assert_eq!(
                natural_cmp(a, b),
                natural_cmp(b, a).reverse(),
                "{a:?} vs {b:?}"
            );
        }
    }
}
