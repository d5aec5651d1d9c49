//! What folder names tell about a book when its tags are empty (SPEC §7.3):
//! `Author/Series 03 - Title (2019)`, `Author/Series/03 - Title`, `Author - Title`,
//! `Title [B0XXXXXXXX]`.

use crate::{Asin, SeriesPosition};

/// Fields guessed from folder names; each is `None` when the names do not tell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FolderGuess {
    pub author: Option<String>,
    pub series: Option<String>,
    pub series_position: Option<SeriesPosition>,
    pub title: Option<String>,
    pub year: Option<i32>,
    pub asin: Option<Asin>,
}

const DISC_WORDS: [&str; 4] = ["cd", "disc", "disk", "part"];
const POSITION_WORDS: [&str; 6] = ["book", "volume", "vol.", "vol", "part", "#"];

/// The disc number of a folder named like `CD1`, `Disc 2`, `disk_03` or `Part 3`.
pub fn disc_number(name: &str) -> Option<u32> {
    let lower = name.trim().to_lowercase();
    let rest = DISC_WORDS.iter().find_map(|w| lower.strip_prefix(w))?;
    let rest = rest.trim_start_matches([' ', '-', '_', '.']);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let tail = rest[digits..].trim();
    if digits == 0 || !(tail.is_empty() || tail.starts_with("of ")) {
        return None;
    }
    rest[..digits].parse().ok()
}

/// Guesses from the book folder's path relative to the folder that was scanned, outermost
/// first: `["Author", "Series 03 - Title"]`. Trailing disc folders (`CD1`) are ignored and at
/// most the last three names are used, so a path from `/` would take `home` for an author.
pub fn guess_from_folders<S: AsRef<str>>(names: &[S]) -> FolderGuess {
    let mut names: Vec<&str> = names
        .iter()
        .map(|n| n.as_ref().trim())
        .filter(|n| !n.is_empty())
        .collect();
    while names.len() > 1 && names.last().is_some_and(|n| disc_number(n).is_some()) {
        names.pop();
    }
    let Some((leaf, parents)) = names.split_last() else {
        return FolderGuess::default();
    };
    let parents = &parents[parents.len().saturating_sub(2)..];
    let mut guess = FolderGuess::default();
    match parents {
        [author] => guess.author = Some((*author).to_owned()),
        [author, series] => {
            guess.author = Some((*author).to_owned());
            guess.series = Some((*series).to_owned());
        }
        _ => {}
    }
    let (leaf, asin) = take_asin(leaf);
    guess.asin = asin;
    let (leaf, year) = take_year(&leaf);
    guess.year = year;
    let leaf = leaf.trim();
    match leaf.split_once(" - ") {
        Some((left, right)) => {
            let (left, right) = (left.trim(), right.trim());
            if let Some((series, position)) = split_position(left) {
                if !series.is_empty() {
                    guess.series = Some(series);
                }
                guess.series_position = Some(position);
                guess.title = Some(right.to_owned());
            } else if guess.author.is_none() {
                guess.author = Some(left.to_owned());
                guess.title = Some(right.to_owned());
            } else if guess
                .author
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(left))
            {
                guess.title = Some(right.to_owned());
            } else {
                guess.title = Some(leaf.to_owned());
            }
        }
        None if !leaf.is_empty() => guess.title = Some(leaf.to_owned()),
        None => {}
    }
    guess
}

/// `Title [B0ABCDEFGH]` → (`Title`, ASIN); brackets without a valid ASIN stay in the title.
fn take_asin(name: &str) -> (String, Option<Asin>) {
    let mut search = 0;
    while let Some(open) = name[search..].find('[').map(|i| i + search) {
        let inner_end = open + 1 + 10;
        if name.get(inner_end..inner_end + 1) == Some("]")
            && let Some(asin) = name
                .get(open + 1..inner_end)
                .and_then(|s| s.parse::<Asin>().ok())
        {
            let rest = format!("{}{}", name[..open].trim_end(), &name[inner_end + 1..]);
            return (rest, Some(asin));
        }
        search = open + 1;
    }
    (name.to_owned(), None)
}

/// A trailing `(2019)` or `[2019]`.
fn take_year(name: &str) -> (String, Option<i32>) {
    let trimmed = name.trim_end();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(body) = trimmed.strip_suffix(close)
            && let Some(at) = body.rfind(open)
            && let Ok(year) = body[at + 1..].trim().parse::<i32>()
            && (1800..=2200).contains(&year)
        {
            return (body[..at].trim_end().to_owned(), Some(year));
        }
    }
    (name.to_owned(), None)
}

/// `Series 03` → ("Series", 3); `Series, Book 3` → ("Series", 3); `03` → ("", 3).
fn split_position(text: &str) -> Option<(String, SeriesPosition)> {
    let (head, last) = match text.rsplit_once([' ', '#']) {
        Some((head, last)) => (head, last),
        None => ("", text),
    };
    if !last.starts_with(|c: char| c.is_ascii_digit())
        || !last.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return None;
    }
    let position = SeriesPosition::parse(last);
    position.first()?;
    let mut head = head.trim_end();
    for word in POSITION_WORDS {
        let lower = head.to_lowercase();
        if lower.ends_with(word)
            && (lower.len() == word.len()
                || lower[..lower.len() - word.len()].ends_with([' ', ',']))
        {
            head = head[..head.len() - word.len()].trim_end();
            break;
        }
    }
    Some((
        head.trim_end_matches([',', '-', ' ', '#']).to_owned(),
        position,
    ))
}

#[cfg(test)]
mod tests {
    use super::{FolderGuess, disc_number, guess_from_folders};
    use crate::SeriesPosition;

    fn g(
        author: Option<&str>,
        series: Option<&str>,
        pos: Option<&str>,
        title: &str,
        year: Option<i32>,
        asin: Option<&str>,
    ) -> FolderGuess {
        FolderGuess {
            author: author.map(str::to_owned),
            series: series.map(str::to_owned),
            series_position: pos.map(SeriesPosition::parse),
            title: Some(title.to_owned()),
            year,
            asin: asin.map(|a| a.parse().unwrap()),
        }
    }

    #[test]
    fn folder_names_give_author_series_title_year_and_asin() {
        for (path, want) in [
            (
                "Brandon Sanderson/Stormlight 03 - Oathbringer (2017)",
                g(
                    Some("Brandon Sanderson"),
                    Some("Stormlight"),
                    Some("03"),
                    "Oathbringer",
                    Some(2017),
                    None,
                ),
            ),
            (
                "Brandon Sanderson/Stormlight/03 - Oathbringer",
                g(
                    Some("Brandon Sanderson"),
                    Some("Stormlight"),
                    Some("03"),
                    "Oathbringer",
                    None,
                    None,
                ),
            ),
            (
                "Brandon Sanderson/Stormlight, Book 3 - Oathbringer",
                g(
                    Some("Brandon Sanderson"),
                    Some("Stormlight"),
                    Some("3"),
                    "Oathbringer",
                    None,
                    None,
                ),
            ),
            (
                "Mistborn #1.5 - The Eleventh Metal",
                g(
                    None,
                    Some("Mistborn"),
                    Some("1.5"),
                    "The Eleventh Metal",
                    None,
                    None,
                ),
            ),
            (
                "Andy Weir - Project Hail Mary",
                g(
                    Some("Andy Weir"),
                    None,
                    None,
                    "Project Hail Mary",
                    None,
                    None,
                ),
            ),
            (
                "Project Hail Mary [B08G9PRS1K]",
                g(
                    None,
                    None,
                    None,
                    "Project Hail Mary",
                    None,
                    Some("B08G9PRS1K"),
                ),
            ),
            (
                "Andy Weir/Project Hail Mary [B08G9PRS1K] (2021)",
                g(
                    Some("Andy Weir"),
                    None,
                    None,
                    "Project Hail Mary",
                    Some(2021),
                    Some("B08G9PRS1K"),
                ),
            ),
            (
                "Stephen King/Stephen King - It",
                g(Some("Stephen King"), None, None, "It", None, None),
            ),
            (
                "Douglas Adams/So Long - and Thanks",
                g(
                    Some("Douglas Adams"),
                    None,
                    None,
                    "So Long - and Thanks",
                    None,
                    None,
                ),
            ),
            (
                "Andy Weir/Project Hail Mary/CD1",
                g(
                    Some("Andy Weir"),
                    None,
                    None,
                    "Project Hail Mary",
                    None,
                    None,
                ),
            ),
            (
                "Andy Weir/The Martian",
                g(Some("Andy Weir"), None, None, "The Martian", None, None),
            ),
            (
                "Catch-22 [notanasin]",
                g(None, None, None, "Catch-22 [notanasin]", None, None),
            ),
            ("1984 (1949)", g(None, None, None, "1984", Some(1949), None)),
        ] {
            let names: Vec<&str> = path.split('/').collect();
            assert_eq!(guess_from_folders(&names), want, "path {path:?}");
        }
    }

    #[test]
    fn empty_input_guesses_nothing() {
        assert_eq!(guess_from_folders::<&str>(&[]), FolderGuess::default());
        assert_eq!(guess_from_folders(&["  "]), FolderGuess::default());
    }

    #[test]
    fn disc_folders_are_recognised() {
        for (name, want) in [
            ("CD1", Some(1)),
            ("cd 02", Some(2)),
            ("Disc 2", Some(2)),
            ("Disk_3", Some(3)),
            ("Part 3", Some(3)),
            ("Disc 1 of 2", Some(1)),
            ("CD", None),
            ("Discworld 1", None),
            ("Cdrom", None),
            ("Part 3 - The Return", None),
        ] {
            assert_eq!(disc_number(name), want, "name {name:?}");
        }
    }
}
