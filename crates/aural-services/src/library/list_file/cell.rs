//! The two rules that make one CSV cell of our own list lossless: how a cell holds several names,
//! and how a cell is kept from being run as a spreadsheet formula.

use std::borrow::Cow;

/// Names in one cell are separated by `;`. A `;` or `\` that belongs to a name is written `\;` or
/// `\\`; any other backslash is literal, so a hand-written `AC\DC` reads as typed.
const SEPARATOR: char = ';';
const ESCAPE: char = '\\';

/// Characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
/// Put before such a cell on export, so the spreadsheet shows text.
const GUARD: char = '\'';

/// Joins names into one cell, escaping what would otherwise split or vanish.
pub(super) fn join_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        for c in item.chars() {
            if c == SEPARATOR || c == ESCAPE {
                out.push(ESCAPE);
            }
            out.push(c);
        }
    }
    out
}

/// Splits a cell into trimmed items. An empty item stays as an empty slot (`A;;B` is three), so
/// lists that pair up by position — series and their positions — stay aligned.
pub(super) fn split_list(cell: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        let current = items.last_mut().expect("items starts with one slot");
        match c {
            ESCAPE if matches!(chars.peek(), Some(&SEPARATOR | &ESCAPE)) => {
                current.extend(chars.next());
            }
            SEPARATOR => items.push(String::new()),
            _ => current.push(c),
        }
    }
    items.into_iter().map(|s| s.trim().to_owned()).collect()
}

/// The cell as written to a CSV file: one `'` is put before a cell that a spreadsheet would run as
/// a formula, and before a cell that already starts with `'`, so that [`unguard`] can always tell
/// the added mark from a title's own apostrophe.
pub(super) fn guard(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if c == GUARD || FORMULA_STARTS.contains(&c) => {
            Cow::Owned(format!("{GUARD}{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// Removes the mark [`guard`] added: a `'` followed by a formula character or another `'`.
/// A `'` before anything else is the text's own (`'Tis the Season`).
pub(super) fn unguard(cell: &str) -> &str {
    match cell.strip_prefix(GUARD) {
        Some(rest) if rest.starts_with(GUARD) || rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_name_survives_joining_and_splitting() {
        for names in [
            vec!["Smith; John", "Jane Doe"],
            vec!["Tolkien, J. R. R."],
            vec![r"AC\DC", r"ends with \"],
            vec![r"\;", ";;", r"\\"],
        ] {
            let cell = join_list(names.iter().copied());
            assert_eq!(split_list(&cell), names, "cell {cell:?}");
        }
    }

    #[test]
    fn splitting_keeps_empty_slots_and_reads_plain_backslashes() {
        for (cell, want) in [
            ("A;;B", vec!["A", "", "B"]),
            ("1; 2 ;3", vec!["1", "2", "3"]),
            (r"AC\DC", vec![r"AC\DC"]),
            (r"Smith\; John; Doe", vec!["Smith; John", "Doe"]),
        ] {
            assert_eq!(split_list(cell), want, "cell {cell:?}");
        }
    }

    #[test]
    fn guarded_cells_read_back_as_written() {
        for (text, written) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@me", "'@me"),
            ("\tTab", "'\tTab"),
            ("\rCr", "'\rCr"),
            ("'Salem's Lot", "''Salem's Lot"),
            ("''", "'''"),
            ("Plain", "Plain"),
            ("", ""),
        ] {
            assert_eq!(guard(text), written, "export of {text:?}");
            assert_eq!(unguard(written), text, "import of {written:?}");
        }
    }

    #[test]
    fn an_apostrophe_before_ordinary_text_is_kept() {
        assert_eq!(unguard("'Tis the Season"), "'Tis the Season");
    }
}
