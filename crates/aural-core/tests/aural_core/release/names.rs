//! Release names as indexers write them, then broken the ways real feeds break them: random
//! Unicode (right-to-left text, combining marks, case mappings that change length), bytes that
//! are not UTF-8 read lossily, unbalanced brackets and quotes, runs of separators, numbers too
//! large for any integer, empty and 100 KB names. Seeded, so a failing case can be replayed.

use rand::Rng;
use rand::rngs::StdRng;

const AUTHORS: &[&str] = &[
    "Brandon Sanderson",
    "J.R.R. Tolkien",
    "Tolkien, J. R. R.",
    "Terry Pratchett",
    "Ursula K. Le Guin",
    "James S. A. Corey",
    "Agatha Christie",
    "Neil Gaiman & Terry Pratchett",
    "Исаак Азимов",
    "村上春樹",
    "نجيب محفوظ",
];
const TITLES: &[&str] = &[
    "The Way of Kings",
    "Guards! Guards!",
    "Catch 22",
    "1984",
    "It",
    "The French Lieutenant's Woman",
    "Der Weg der Könige",
    "Ｆｕｌｌｗｉｄｔｈ Title",
    "Il était une fois",
    "ספר הדקדוק הפנימי",
    "Murder on the Orient Express",
];
const SERIES: &[&str] = &["Stormlight Archive", "Discworld", "The Expanse", "Earthsea"];
const NARRATORS: &[&str] = &[
    "Michael Kramer, Kate Reading",
    "Andy Serkis",
    "Stephen Briggs",
    "Full Cast",
];
const TAGS: &[&str] = &[
    "M4B 64kbps",
    "MP3 128 kbps",
    "[Unabridged]",
    "(Abridged)",
    "(2010)",
    "FLAC",
    "[M4B] [English]",
    "VBR",
    "(Full Cast)",
    "AAC 96k",
    "[Retail] [2021]",
    "Dramatized EPUB",
    "GraphicAudio",
    "{Read by Ray Porter}",
    "[ungekürzt] [Deutsch]",
    "@320k",
    "SAMPLE",
    "",
];
/// Pieces that make the parser take branches: markers, separators, brackets, numbers.
const PIECES: &[&str] = &[
    " - ",
    " – ",
    " — ",
    "-",
    ".",
    "_",
    " ",
    ",",
    ";",
    "/",
    "|",
    "+",
    "&",
    "#",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "«",
    "»",
    " by ",
    "read by ",
    "Narrated By ",
    "gelesen von ",
    "narrator: ",
    "Book ",
    "Vol. ",
    "#",
    "Teil ",
    "full cast",
    "graphic audio",
    " kbps",
    "kbps",
    "k",
    "99999999999999999999999",
    "4294967296",
    "18446744073709551616",
    "1e309",
    "1e-99",
    "-0",
    "NaN",
    "inf",
    "00000000001",
    "65536",
    "2099",
    "1899",
    "#1.5",
    "Vol. 99999.9",
    "4294967296kbps",
    "@@@@128kbps",
    "-AUDIOBOOK-WEB-EN-2020-GRP",
    "-GROUP",
    "-ABCDEFGHIJKLMNOPQ",
];
/// Characters that change how text reads or how long it is when lower-cased.
const ODD_CHARS: &[char] = &[
    '\u{202E}', // right-to-left override
    '\u{202D}', // left-to-right override
    '\u{200F}', // right-to-left mark
    '\u{200D}', // zero-width joiner
    '\u{FEFF}', // byte order mark
    '\u{0301}', // combining acute
    '\u{0336}', // combining long stroke
    '\u{20DD}', // combining enclosing circle
    'İ',        // lower-cases to two chars
    'ẞ',
    'ß',
    'ﬁ',
    'Σ',
    'ǅ',
    'א',
    'ع',
    '\u{0000}',
    '\u{0085}',
    '\u{2028}',
    '\u{3000}',
    '\u{00A0}',
    '\u{FFFD}',
    '😀',
    '\u{E000}',
    '\u{10FFFF}',
];
/// The largest name generated: far past what indexers send (1,000 characters).
pub const HUGE_BYTES: usize = 100 * 1024;

/// The `i`th name of a run.
pub fn name(rng: &mut StdRng, i: u64) -> String {
    match i % 4_096 {
        0 => return String::new(),
        1 => return " \t\n ".repeat(rng.gen_range(1..50)),
        2 => return huge(rng),
        3 => return lossy(&random_bytes(rng, 400)),
        _ => {}
    }
    let mut name = styled(rng);
    for _ in 0..rng.gen_range(0..=4) {
        mutate(rng, &mut name);
    }
    name
}

/// A name in one of the styles indexers use.
fn styled(rng: &mut StdRng) -> String {
    let a = pick(rng, AUTHORS);
    let t = pick(rng, TITLES);
    let s = pick(rng, SERIES);
    let n = pick(rng, NARRATORS);
    let g = pick(rng, TAGS);
    let v = rng.gen_range(0..40);
    match rng.gen_range(0..7) {
        0 => format!("{a} - {t} ({s} {v}) [{n}] {g}"),
        1 => format!("{t} by {a}, read by {n} {g}"),
        2 => format!("{a} - {s} Book {v} - {t} {g}"),
        3 => format!(
            "{}-{}-AUDIOBOOK-WEB-EN-{}-GRP",
            a.replace(' ', "_"),
            t.replace(' ', "."),
            1990 + v
        ),
        4 => format!("{s} {v:02} - {t} - {a} {g}"),
        5 => format!("[{g}] {t} {{{n}}} - {a}-GRP"),
        _ => t.to_owned(),
    }
}

fn mutate(rng: &mut StdRng, name: &mut String) {
    let at = boundary(rng, name);
    match rng.gen_range(0..10) {
        0 => name.insert_str(at, pick(rng, PIECES)),
        1 => name.insert(at, ODD_CHARS[rng.gen_range(0..ODD_CHARS.len())]),
        2 => {
            let c = char::from_u32(rng.gen_range(0..=0x10_FFFF)).unwrap_or('\u{FFFD}');
            name.insert(at, c);
        }
        3 => {
            let run = pick(rng, &[" - ", "-", ".", "_", "  ", "()", "[", "]]"]);
            name.insert_str(at, &run.repeat(rng.gen_range(2..200)));
        }
        4 => {
            let end = boundary(rng, name).max(at);
            name.replace_range(at..end, "");
        }
        5 => {
            let end = boundary(rng, name).max(at);
            let copy = name[at..end].to_owned();
            name.insert_str(end, &copy);
        }
        6 => {
            let bytes = random_bytes(rng, 16);
            name.insert_str(at, &lossy(&bytes));
        }
        7 => {
            // Lossy reading of the name with one byte flipped.
            let mut bytes = std::mem::take(name).into_bytes();
            if !bytes.is_empty() {
                let i = rng.gen_range(0..bytes.len());
                bytes[i] ^= 1 << rng.gen_range(0..8);
            }
            *name = lossy(&bytes);
        }
        8 => {
            *name = if rng.gen_bool(0.5) {
                name.to_uppercase()
            } else {
                name.to_lowercase()
            };
        }
        _ => name.truncate(at),
    }
}

/// A name of about [`HUGE_BYTES`]: a real one repeated, or one run of a single character.
fn huge(rng: &mut StdRng) -> String {
    let unit = match rng.gen_range(0..4) {
        0 => styled(rng) + " ",
        1 => "(".to_owned(),
        2 => "Sanderson ".to_owned(),
        _ => "\u{0301}".to_owned(),
    };
    unit.repeat(HUGE_BYTES / unit.len())
}

fn random_bytes(rng: &mut StdRng, max: usize) -> Vec<u8> {
    let len = rng.gen_range(0..=max);
    (0..len).map(|_| rng.r#gen()).collect()
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A char boundary of `text`, anywhere from its start to its end.
fn boundary(rng: &mut StdRng, text: &str) -> usize {
    let mut at = rng.gen_range(0..=text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

pub fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.gen_range(0..list.len())]
}
