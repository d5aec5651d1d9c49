//! Everything the CLI prints: tables for people, JSON for scripts, one line per error.

use std::io::{ErrorKind, Write};

use aural_api::ApiError;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

/// `println!` for the CLI's output: see [`write_line`].
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::output::write_line(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// Writes one line to stdout. When the reader has gone (`books list | head -1`), the process ends
/// quietly with success: the reader has what it wanted, and `println!` would panic instead.
pub fn write_line(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| out.write_all(b"\n"));
    if let Err(e) = written {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(1);
    }
}

/// Text from the library (titles, names) made safe for a terminal: control characters such as
/// ESC, which could retitle the terminal or clear the screen, and the bidirectional overrides,
/// which could reorder what is shown, are printed as escapes. `--json` prints the exact text.
pub fn clean(text: &str) -> String {
    if !text.chars().any(unsafe_for_terminal) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if unsafe_for_terminal(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn unsafe_for_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

pub struct Output {
    json: bool,
}

impl Output {
    pub fn new(json: bool) -> Output {
        Output { json }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    /// JSON when asked for it, else what `human` prints.
    pub fn show<T: Serialize>(&self, value: &T, human: impl FnOnce()) {
        if self.json {
            match serde_json::to_string_pretty(value) {
                Ok(text) => say!("{text}"),
                Err(e) => eprintln!("error: cannot print JSON: {e}"),
            }
        } else {
            human();
        }
    }

    /// Something the user should know that did not stop the command, on stderr.
    pub fn warning(&self, message: &str) {
        self.aside("warning", message);
    }

    /// Which of two matches a lookup chose, on stderr.
    pub fn note(&self, message: &str) {
        self.aside("note", message);
    }

    fn aside(&self, kind: &str, message: &str) {
        if self.json {
            eprintln!("{}", serde_json::json!({ kind: { "message": message } }));
        } else {
            eprintln!("{kind}: {}", clean(message));
        }
    }

    pub fn error(&self, err: &ApiError) {
        if self.json {
            let line = serde_json::to_string(&serde_json::json!({ "error": err }))
                .unwrap_or_else(|_| err.message.clone());
            eprintln!("{line}");
        } else {
            let message = clean(&err.message.replace('\n', " "));
            match &err.hint {
                Some(hint) => eprintln!("error: {message}. {hint}"),
                None => eprintln!("error: {message}"),
            }
        }
    }
}

pub fn table(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers);
    for row in rows {
        t.add_row(row.iter().map(|cell| clean(cell)).collect::<Vec<_>>());
    }
    say!("{t}");
}

pub fn opt(value: Option<impl ToString>) -> String {
    value
        .map(|v| v.to_string())
        .unwrap_or_else(|| "—".to_owned())
}

pub fn runtime(minutes: Option<u32>) -> String {
    match minutes {
        Some(m) => format!("{} h {:02} min", m / 60, m % 60),
        None => "—".to_owned(),
    }
}
