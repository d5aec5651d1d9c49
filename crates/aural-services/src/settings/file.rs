//! `settings.json` as a JSON document: read value by value, so one bad value falls back to its
//! default alone, and changed key by key, so keys this version does not know (written by a newer
//! version, or by hand) survive every write.

use serde_json::{Map, Value};

use super::document::{Settings, VERSION};
use super::keys::flatten;

/// The file as read.
#[derive(Debug, Clone, Default)]
pub(super) struct SettingsFile {
    /// What is in force: the file's values where they are valid, defaults elsewhere.
    pub settings: Settings,
    /// The document as written, unknown keys included.
    pub document: Map<String, Value>,
    /// One line per value that could not be used, naming its key.
    pub problems: Vec<String>,
    /// The dotted keys (or groups) of those values.
    rejected: Vec<String>,
}

/// Why a file could not be read as settings at all (its text is kept aside whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unreadable(pub String);

impl SettingsFile {
    pub(super) fn parse(bytes: &[u8]) -> Result<SettingsFile, Unreadable> {
        let document = match serde_json::from_slice(bytes) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(Unreadable("it is not a JSON object".to_owned())),
            Err(e) => return Err(Unreadable(format!("it is not valid JSON: {e}"))),
        };
        let defaults = Settings::default();
        let mut good = serde_json::to_value(&defaults).unwrap_or(Value::Null);
        let mut problems = Vec::new();
        let mut rejected: Vec<String> = Vec::new();
        for (key, _) in flatten(&defaults) {
            if key == "version" {
                continue;
            }
            let value = match lookup(&document, &key) {
                Lookup::Missing => continue,
                Lookup::Found(value) => value,
                Lookup::NotAGroup(group) => {
                    if !rejected.contains(&group) {
                        problems.push(format!(
                            "{group}: is not a group of settings; its settings use their defaults"
                        ));
                        rejected.push(group);
                    }
                    continue;
                }
            };
            let mut candidate = good.clone();
            if let Value::Object(map) = &mut candidate {
                set(map, &key, value.clone());
            }
            // Each value is tried on top of the ones accepted so far, so a failure is its own.
            let checked = serde_json::from_value::<Settings>(candidate.clone())
                .map_err(|e| describe(&e.to_string()))
                .and_then(|s| s.validate().map_err(|e| e.to_string()));
            match checked {
                Ok(()) => good = candidate,
                Err(reason) => {
                    problems.push(format!("{key} = {value}: {reason}; using the default"));
                    rejected.push(key);
                }
            }
        }
        let settings = serde_json::from_value(good).unwrap_or_default();
        Ok(SettingsFile {
            settings,
            document,
            problems,
            rejected,
        })
    }

    /// The document with every value that differs between `settings` and what the file holds set
    /// to its new value, and the version stamped; every other key, known or not, as it was.
    pub(super) fn with_changes(mut self, settings: &Settings) -> Map<String, Value> {
        let before = flatten(&self.settings);
        for (key, value) in flatten(settings) {
            if key != "version" && !before.iter().any(|(k, v)| *k == key && *v == value) {
                set(&mut self.document, &key, value);
            }
        }
        self.document
            .insert("version".to_owned(), Value::from(VERSION));
        self.document
    }

    /// The document without the values that could not be used, so they stop warning once the
    /// original is kept aside.
    pub(super) fn without_problems(&self) -> Map<String, Value> {
        let mut document = self.document.clone();
        for key in &self.rejected {
            remove(&mut document, key);
        }
        document
    }
}

pub(super) fn to_bytes(document: &Map<String, Value>) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text.into_bytes()
}

enum Lookup<'a> {
    Missing,
    Found(&'a Value),
    /// A group on the way to the key holds something other than an object.
    NotAGroup(String),
}

fn lookup<'a>(document: &'a Map<String, Value>, key: &str) -> Lookup<'a> {
    let mut parts = key.split('.').peekable();
    let mut map = document;
    let mut walked = Vec::new();
    while let Some(part) = parts.next() {
        walked.push(part);
        let Some(value) = map.get(part) else {
            return Lookup::Missing;
        };
        if parts.peek().is_none() {
            return Lookup::Found(value);
        }
        match value {
            Value::Object(inner) => map = inner,
            _ => return Lookup::NotAGroup(walked.join(".")),
        }
    }
    Lookup::Missing
}

/// Sets a dotted key, making (or replacing with) objects for the groups on the way.
fn set(document: &mut Map<String, Value>, key: &str, value: Value) {
    match key.split_once('.') {
        None => {
            document.insert(key.to_owned(), value);
        }
        Some((group, rest)) => {
            let slot = document
                .entry(group.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(inner) = slot {
                set(inner, rest, value);
            }
        }
    }
}

fn remove(document: &mut Map<String, Value>, key: &str) {
    match key.split_once('.') {
        None => {
            document.remove(key);
        }
        Some((group, rest)) => {
            if let Some(Value::Object(inner)) = document.get_mut(group) {
                remove(inner, rest);
            }
        }
    }
}

fn describe(message: &str) -> String {
    // serde says "invalid type: integer `7`, expected ..."; its position suffix means nothing here.
    message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Theme;

    #[test]
    fn a_bad_value_falls_back_alone_and_unknown_keys_stay() {
        let text = r#"{"version": 1, "general": {"theme": 7, "closeToTray": false, "futureKnob": "x"}, "plugins": {"a": 1}}"#;
        let file = SettingsFile::parse(text.as_bytes()).expect("a JSON object");
        assert_eq!(
            file.settings.general.theme,
            Theme::Dark,
            "the bad value alone is the default"
        );
        assert!(
            !file.settings.general.close_to_tray,
            "the good value next to it is kept"
        );
        assert_eq!(file.problems.len(), 1, "{:?}", file.problems);
        assert!(
            file.problems[0].starts_with("general.theme"),
            "{:?}",
            file.problems
        );
        let repaired = file.without_problems();
        assert_eq!(
            repaired["general"]["futureKnob"], "x",
            "unknown keys survive a repair"
        );
        assert!(
            repaired["general"].get("theme").is_none(),
            "the bad value is taken out"
        );
        let mut changed = file.settings.clone();
        changed.general.start_minimised = true;
        let written = file.clone().with_changes(&changed);
        assert_eq!(
            written["general"]["startMinimised"], true,
            "the change is written"
        );
        assert_eq!(written["plugins"]["a"], 1, "unknown groups survive a write");
        assert_eq!(written["general"]["closeToTray"], false);
    }

    #[test]
    fn a_group_that_is_not_an_object_is_reported_once() {
        let file = SettingsFile::parse(br#"{"general": 5}"#).expect("a JSON object");
        assert_eq!(file.problems.len(), 1, "{:?}", file.problems);
        assert!(
            file.problems[0].starts_with("general:"),
            "{:?}",
            file.problems
        );
        assert!(file.without_problems().get("general").is_none());
    }

    #[test]
    fn text_that_is_not_a_json_object_is_unreadable() {
        for text in ["not json", "[1, 2]", ""] {
            assert!(SettingsFile::parse(text.as_bytes()).is_err(), "{text:?}");
        }
    }
}
