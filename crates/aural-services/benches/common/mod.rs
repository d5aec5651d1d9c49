//! The generated library list both benches import.

use std::fmt::Write as _;

const WORDS: [&str; 40] = [
    "shadow", "empire", "storm", "night", "crown", "river", "stone", "winter", "fire", "silent",
    "garden", "iron", "dragon", "glass", "hollow", "king", "queen", "song", "blood", "light",
    "dark", "ocean", "forest", "star", "city", "ghost", "wolf", "secret", "golden", "last",
    "first", "lost", "war", "peace", "road", "house", "dream", "mirror", "hunter", "sky",
];
const FIRST: [&str; 12] = [
    "Anna", "Brian", "Clara", "David", "Elena", "Frank", "Grace", "Henry", "Iris", "Jack", "Kara",
    "Liam",
];
const LANGUAGES: [&str; 5] = ["english", "english", "english", "german", "french"];
const STATUSES: [&str; 5] = ["owned", "owned", "wanted", "missing", "ignored"];

/// A library list of `size` books: about 3 authors per 10 books, a series for most, two narrators.
pub fn synthetic_csv(size: usize) -> String {
    let mut csv = String::from(
        "asin,title,subtitle,authors,narrators,series,series_position,runtime_minutes,release_date,language,publisher,status\n",
    );
    for i in 0..size {
        let word = |k: u32| pick(&WORDS, i, k);
        let author_no = i / 4 + (i % 3);
        let mut authors = format!("{} Writer{author_no}", FIRST[author_no % FIRST.len()]);
        if i.is_multiple_of(7) {
            let _ = write!(authors, "; Co Author{}", i / 50);
        }
        let (series, position) = if i.is_multiple_of(5) {
            (String::new(), String::new())
        } else {
            let name = format!("The {} Saga {}", capitalise(pick(&WORDS, i / 6, 9)), i / 6);
            let position = if i.is_multiple_of(23) {
                format!("{}.5", i % 6)
            } else {
                format!("{}", i % 6 + 1)
            };
            (name, position)
        };
        let subtitle = if i.is_multiple_of(3) {
            format!("A {} novel", word(4))
        } else {
            String::new()
        };
        let _ = writeln!(
            csv,
            "B{i:09},{} {} {} {},{subtitle},{authors},Narrator {}; Voice {},{series},{position},{},{}-{:02}-{:02},{},Publisher {},{}",
            capitalise(word(1)),
            word(2),
            word(3),
            word(8),
            i % 900,
            i % 311,
            60 + i % 1_200,
            1990 + i % 35,
            i % 12 + 1,
            i % 28 + 1,
            LANGUAGES[i % LANGUAGES.len()],
            i % 40,
            STATUSES[i % STATUSES.len()],
        );
    }
    csv
}

/// A well-spread pseudo-random choice for item `i`, draw `k`.
fn pick<'w>(list: &[&'w str], i: usize, k: u32) -> &'w str {
    let h = (i as u64 + 1)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(k * 7)
        .wrapping_mul(0xBF58_476D_1CE4_E5B9);
    list[((h >> 33) % list.len() as u64) as usize]
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
