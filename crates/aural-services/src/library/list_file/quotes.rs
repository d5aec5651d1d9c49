//! Telling a quoted value that spans lines on purpose (a description with paragraphs) from a stray
//! `"` that swallowed the rows after it. The CSV reader accepts both silently: a quote left open
//! runs on to the next `"` or to the end of the file.

use super::columns::Field;

#[derive(Debug, PartialEq, Eq)]
pub(super) struct QuoteProblem {
    /// Lines between the start of the record and the opening quote.
    pub line: u64,
    /// Byte offset of the opening quote within the record.
    pub offset: usize,
    pub what: &'static str,
}

/// Checks the raw bytes of one record that holds a line break inside a quoted value. A quote that
/// spans lines is taken as a stray one when it never closes, when its closing `"` is followed by
/// more text instead of a delimiter or the end of the line, or when it sits in a column that never
/// holds line breaks (everything but the description and columns we do not read).
pub(super) fn check(
    record: &[u8],
    delimiter: u8,
    columns: &[Option<Field>],
) -> Result<(), QuoteProblem> {
    let mut i = 0;
    let mut line = 0u64;
    while i < record.len() && matches!(record[i], b'\r' | b'\n') {
        line += u64::from(record[i] == b'\n');
        i += 1;
    }
    let mut column = 0usize;
    loop {
        if record.get(i) == Some(&b'"') {
            let (open, open_line) = (i, line);
            let problem = |what| QuoteProblem {
                line: open_line,
                offset: open,
                what,
            };
            i += 1;
            let mut spans_lines = false;
            loop {
                match record.get(i) {
                    None => return Err(problem("the quoted value runs to the end of the file")),
                    Some(b'"') if record.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b) => {
                        if *b == b'\n' {
                            line += 1;
                            spans_lines = true;
                        }
                        i += 1;
                    }
                }
            }
            if spans_lines {
                let closed_cleanly = matches!(record.get(i), None | Some(b'\r' | b'\n'))
                    || record.get(i) == Some(&delimiter);
                if !closed_cleanly {
                    return Err(problem("it closes in the middle of a later value"));
                }
                let may_span = matches!(columns.get(column), Some(Some(Field::Summary) | None));
                if !may_span {
                    return Err(problem(
                        "a line break ended up inside a value that has none",
                    ));
                }
            }
        }
        while i < record.len() && record[i] != delimiter && !matches!(record[i], b'\r' | b'\n') {
            i += 1;
        }
        if record.get(i) == Some(&delimiter) {
            column += 1;
            i += 1;
        } else {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [Option<Field>; 3] = [Some(Field::Title), Some(Field::Summary), None];

    #[test]
    fn paragraphs_in_a_description_are_fine() {
        for record in [
            "T,\"one\ntwo\",x\r\n",
            "T,\"say \"\"hi\"\"\nthere\"\n",
            "T,x,\"notes\non lines\"",
        ] {
            assert_eq!(
                check(record.as_bytes(), b',', &COLUMNS),
                Ok(()),
                "{record:?}"
            );
        }
    }

    #[test]
    fn stray_quotes_are_found_with_their_line() {
        for (record, line, what) in [
            ("T,\"open\nB,C\nD,E\n", 0, "end of the file"),
            ("\"Title,x\nB,\"Later\",y\n", 0, "middle of a later value"),
            ("\"Title\nB\",x\n", 0, "has none"),
            ("T,\"one\ntwo\",x,\"more\nthree\n", 1, "end of the file"),
        ] {
            let problem = check(record.as_bytes(), b',', &COLUMNS).expect_err(record);
            assert_eq!(problem.line, line, "{record:?}");
            assert!(problem.what.contains(what), "{record:?}: {}", problem.what);
        }
    }
}
