//! Dotted keys (`general.theme`, `library.root`) over the settings document, for the CLI.

use serde_json::Value;

use super::document::Settings;
use crate::error::ServiceError;

/// Every leaf setting as (dotted key, value), in document order.
pub fn flatten(settings: &Settings) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Ok(Value::Object(map)) = serde_json::to_value(settings) {
        for (k, v) in map {
            walk(k, v, &mut out);
        }
    }
    out
}

fn walk(prefix: String, value: Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                walk(format!("{prefix}.{k}"), v, out);
            }
        }
        leaf => out.push((prefix, leaf)),
    }
}

pub fn get_key(settings: &Settings, key: &str) -> Result<Value, ServiceError> {
    flatten(settings)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .ok_or_else(|| unknown(settings, key))
}

/// Returns the settings with `key` set from the text `raw`, interpreted by the setting's type.
pub(super) fn with_key(
    settings: &Settings,
    key: &str,
    raw: &str,
) -> Result<Settings, ServiceError> {
    if key == "version" {
        return Err(ServiceError::SettingValue {
            key: key.to_owned(),
            message: "is managed by the app".to_owned(),
        });
    }
    let current = get_key(settings, key)?;
    let value = parse_value(key, &current, raw)?;
    let mut doc = serde_json::to_value(settings).map_err(|e| invalid(key, e.to_string()))?;
    let mut slot = &mut doc;
    for part in key.split('.') {
        slot = slot.get_mut(part).ok_or_else(|| unknown(settings, key))?;
    }
    *slot = value;
    let updated: Settings =
        serde_json::from_value(doc).map_err(|e| invalid(key, describe_serde(&e.to_string())))?;
    updated.validate()?;
    super::folders::check(&updated, key)?;
    Ok(updated)
}

fn parse_value(key: &str, current: &Value, raw: &str) -> Result<Value, ServiceError> {
    let text = raw.trim();
    match current {
        Value::Bool(_) => match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Ok(Value::Bool(true)),
            "false" | "no" | "off" | "0" => Ok(Value::Bool(false)),
            _ => Err(invalid(key, format!("expects true or false, not {raw:?}"))),
        },
        Value::Number(_) => serde_json::from_str::<serde_json::Number>(text)
            .map(Value::Number)
            .map_err(|_| invalid(key, format!("expects a number, not {raw:?}"))),
        Value::Array(_) => {
            if text.starts_with('[') {
                serde_json::from_str(text)
                    .map_err(|e| invalid(key, format!("is not a JSON list: {e}")))
            } else {
                Ok(Value::Array(
                    text.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::String(s.to_owned()))
                        .collect(),
                ))
            }
        }
        Value::String(_) | Value::Null => {
            if text.is_empty() || text == "null" {
                Ok(Value::Null)
            } else {
                Ok(Value::String(text.to_owned()))
            }
        }
        Value::Object(_) => Err(invalid(
            key,
            "is a group of settings; set one of its keys".to_owned(),
        )),
    }
}

fn describe_serde(message: &str) -> String {
    // serde says "unknown variant `blue`, expected `dark` or `light`"; the position suffix means nothing here.
    message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_owned()
}

fn invalid(key: &str, message: String) -> ServiceError {
    ServiceError::SettingValue {
        key: key.to_owned(),
        message,
    }
}

fn unknown(settings: &Settings, key: &str) -> ServiceError {
    let known: Vec<String> = flatten(settings).into_iter().map(|(k, _)| k).collect();
    let section = key.split('.').next().unwrap_or(key);
    let mut near: Vec<String> = known
        .iter()
        .filter(|k| k.starts_with(section))
        .cloned()
        .collect();
    if near.is_empty() {
        near = known;
    }
    ServiceError::UnknownSetting {
        key: key.to_owned(),
        known: near,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Theme;

    #[test]
    fn values_are_read_by_the_type_of_the_setting() {
        let s = Settings::default();
        assert_eq!(
            with_key(&s, "general.theme", "light")
                .map(|s| s.general.theme)
                .ok(),
            Some(Theme::Light)
        );
        assert_eq!(
            with_key(&s, "general.closeToTray", "no")
                .map(|s| s.general.close_to_tray)
                .ok(),
            Some(false)
        );
        assert_eq!(
            with_key(&s, "general.preferredLanguages", "english, german")
                .map(|s| s.general.preferred_languages)
                .ok(),
            Some(vec!["english".to_owned(), "german".to_owned()])
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().display().to_string();
        assert_eq!(
            with_key(&s, "library.root", &root)
                .map(|s| s.library.root)
                .ok(),
            Some(Some(root))
        );
    }

    #[test]
    fn bad_keys_and_values_name_the_problem() {
        let s = Settings::default();
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"x").expect("file");
        let missing = dir.path().join("missing");
        let (file, missing) = (file.display().to_string(), missing.display().to_string());
        for (key, value, needle) in [
            ("general.colour", "red", "unknown setting"),
            ("general.theme", "blue", "unknown variant"),
            ("general.closeToTray", "maybe", "true or false"),
            ("library.root", "relative/dir", "absolute"),
            ("library.root", missing.as_str(), "does not exist"),
            ("library.stagingDir", file.as_str(), "not a folder"),
            ("general", "x", "unknown setting"),
            ("version", "7", "managed by the app"),
        ] {
            let err = with_key(&s, key, value).expect_err(key).to_string();
            assert!(err.contains(needle), "{key}={value}: {err}");
        }
    }
}
