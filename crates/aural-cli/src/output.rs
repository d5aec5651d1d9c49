//! Everything the CLI prints: tables for people, JSON for scripts, one line per error.

use aural_api::ApiError;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

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
                Ok(text) => println!("{text}"),
                Err(e) => eprintln!("error: cannot print JSON: {e}"),
            }
        } else {
            human();
        }
    }

    pub fn error(&self, err: &ApiError) {
        if self.json {
            let line = serde_json::to_string(&serde_json::json!({ "error": err }))
                .unwrap_or_else(|_| err.message.clone());
            eprintln!("{line}");
        } else {
            let message = err.message.replace('\n', " ");
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
        t.add_row(row);
    }
    println!("{t}");
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
