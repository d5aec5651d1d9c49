//! Naming templates: `{author}/[{series}/][{series_position} - ]{title}` (SPEC §7.5).
//!
//! `{token}` is replaced by a value, `{token:02}` zero-pads a number, `[ … ]` vanishes when any
//! token inside it is empty, `/` separates folders, and `\` makes the next character literal
//! (`\[{asin}\]` for brackets around an ASIN).

use std::fmt;
use std::str::FromStr;

use super::fields::{NameFields, Token};
use super::relative_path::SafeRelativePath;
use super::sanitize::{
    ComponentKind, EMPTY_NAME, MAX_PATH_BYTES, fit_path, sanitize_component, sanitize_value,
};

/// Why a template text was rejected, with the byte offset the UI points at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TemplateError {
    #[error("unknown token {{{name}}} at position {position}")]
    UnknownToken { name: String, position: usize },
    #[error("{{ at position {position} is never closed")]
    UnclosedToken { position: usize },
    #[error("[ at position {position} is never closed")]
    UnclosedSection { position: usize },
    #[error("] at position {position} closes nothing")]
    UnopenedSection { position: usize },
    #[error("optional sections cannot nest: [ at position {position}")]
    NestedSection { position: usize },
    #[error("padding {spec:?} at position {position} must be digits, like {{part:02}}")]
    BadPadding { spec: String, position: usize },
    #[error("\\ at position {position} escapes nothing")]
    DanglingEscape { position: usize },
    #[error("the template is empty")]
    Empty,
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Token { token: Token, width: usize },
    Optional(Vec<Piece>),
}

/// A parsed naming template; parse with `str::parse`.
#[derive(Debug, Clone, PartialEq)]
pub struct NamingTemplate {
    source: String,
    pieces: Vec<Piece>,
}

impl FromStr for NamingTemplate {
    type Err = TemplateError;

    fn from_str(source: &str) -> Result<Self, Self::Err> {
        if source.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        let mut pieces = Vec::new();
        let mut section: Option<(usize, Vec<Piece>)> = None;
        let mut text = String::new();
        let mut chars = source.char_indices();
        while let Some((at, c)) = chars.next() {
            let target = match section.as_mut() {
                Some((_, inner)) => inner,
                None => &mut pieces,
            };
            match c {
                '\\' => match chars.next() {
                    Some((_, escaped)) => text.push(escaped),
                    None => return Err(TemplateError::DanglingEscape { position: at }),
                },
                '{' => {
                    let rest = &source[at + 1..];
                    let close = rest
                        .find('}')
                        .ok_or(TemplateError::UnclosedToken { position: at })?;
                    flush(&mut text, target);
                    target.push(parse_token(&rest[..close], at)?);
                    for _ in 0..rest[..=close].chars().count() {
                        chars.next();
                    }
                }
                '[' => {
                    if section.is_some() {
                        return Err(TemplateError::NestedSection { position: at });
                    }
                    flush(&mut text, &mut pieces);
                    section = Some((at, Vec::new()));
                }
                ']' => {
                    let (_, mut inner) = section
                        .take()
                        .ok_or(TemplateError::UnopenedSection { position: at })?;
                    flush(&mut text, &mut inner);
                    pieces.push(Piece::Optional(inner));
                }
                c => text.push(c),
            }
        }
        if let Some((position, _)) = section {
            return Err(TemplateError::UnclosedSection { position });
        }
        flush(&mut text, &mut pieces);
        Ok(NamingTemplate {
            source: source.to_owned(),
            pieces,
        })
    }
}

fn flush(text: &mut String, into: &mut Vec<Piece>) {
    if !text.is_empty() {
        into.push(Piece::Text(std::mem::take(text)));
    }
}

fn parse_token(inner: &str, position: usize) -> Result<Piece, TemplateError> {
    let (name, pad) = match inner.split_once(':') {
        Some((name, pad)) => (name, Some(pad)),
        None => (inner, None),
    };
    let token = Token::from_name(name.trim()).ok_or_else(|| TemplateError::UnknownToken {
        name: name.to_owned(),
        position,
    })?;
    let width = match pad {
        None => 0,
        Some(spec) => spec
            .parse::<usize>()
            .ok()
            .filter(|w| *w <= 9)
            .ok_or_else(|| TemplateError::BadPadding {
                spec: spec.to_owned(),
                position,
            })?,
    };
    Ok(Piece::Token { token, width })
}

impl fmt::Display for NamingTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl NamingTemplate {
    /// Renders a folder path: every component safe, empty ones named [`EMPTY_NAME`].
    pub fn render_folder(&self, fields: &NameFields) -> SafeRelativePath {
        let mut parts: Vec<String> = self
            .render_raw(fields)
            .split('/')
            .map(|c| sanitize_component(c, ComponentKind::Folder))
            .collect();
        fit_path(&mut parts, MAX_PATH_BYTES);
        SafeRelativePath(parts)
    }

    /// Renders a file name (a `/` in a file template is kept as a `-`); the extension in
    /// `fields.ext` is appended unless the template places `{ext}` itself.
    pub fn render_file(&self, fields: &NameFields) -> String {
        let mut name = self.render_raw(fields).replace('/', "-");
        let ext = fields
            .ext
            .as_deref()
            .map(sanitize_value)
            .unwrap_or_default();
        if !ext.is_empty() && !self.names(Token::Ext) {
            // Trailing dots go first: a name of only dots ("..") is empty, not the extension.
            let stem = name.trim_end_matches(['.', ' ']);
            let stem = if stem.trim().is_empty() {
                EMPTY_NAME
            } else {
                stem
            };
            name = format!("{stem}.{ext}");
        }
        sanitize_component(&name, ComponentKind::File)
    }

    /// Folder and file together, the whole path kept under [`MAX_PATH_BYTES`].
    pub fn render_path(
        folder: &NamingTemplate,
        file: &NamingTemplate,
        fields: &NameFields,
    ) -> SafeRelativePath {
        let mut parts = folder.render_folder(fields).0;
        parts.push(file.render_file(fields));
        fit_path(&mut parts, MAX_PATH_BYTES);
        SafeRelativePath(parts)
    }

    fn names(&self, token: Token) -> bool {
        self.pieces.iter().any(|p| match p {
            Piece::Token { token: t, .. } => *t == token,
            Piece::Optional(inner) => inner
                .iter()
                .any(|p| matches!(p, Piece::Token { token: t, .. } if *t == token)),
            Piece::Text(_) => false,
        })
    }

    fn render_raw(&self, fields: &NameFields) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Optional(inner) => {
                    let rendered: Option<Vec<String>> =
                        inner.iter().map(|p| render_piece(p, fields)).collect();
                    if let Some(rendered) = rendered {
                        out.extend(rendered);
                    }
                }
                piece => out.push_str(&render_piece(piece, fields).unwrap_or_default()),
            }
        }
        out
    }
}

/// A piece's text, or `None` for a token whose value is empty.
fn render_piece(piece: &Piece, fields: &NameFields) -> Option<String> {
    match piece {
        Piece::Text(text) => Some(text.clone()),
        Piece::Token { token, width } => {
            let value = sanitize_value(fields.value(*token).trim());
            let value = value.trim();
            (!value.is_empty()).then(|| pad(value, *width))
        }
        Piece::Optional(_) => None,
    }
}

/// Zero-pads the leading whole number: `3` → `03`, `1.5` → `01.5`; other text is unchanged.
fn pad(value: &str, width: usize) -> String {
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits >= width {
        return value.to_owned();
    }
    format!("{}{value}", "0".repeat(width - digits))
}

#[cfg(test)]
mod tests {
    use super::{NamingTemplate, TemplateError};
    use crate::naming::{NameFields, NamingPreset};

    fn book() -> NameFields {
        NameFields {
            authors: vec!["Brandon Sanderson".into(), "Second Author".into()],
            narrators: vec!["Michael Kramer".into()],
            title: "The Way of Kings".into(),
            series: Some("The Stormlight Archive".into()),
            series_position: Some("1".into()),
            year: Some(2010),
            asin: Some("B003ZWFO7E".into()),
            ext: Some("m4b".into()),
            ..NameFields::default()
        }
    }

    fn standalone() -> NameFields {
        NameFields {
            series: None,
            series_position: None,
            asin: None,
            ..book()
        }
    }

    #[test]
    fn folder_templates_render_with_optional_sections() {
        let abs = NamingPreset::AudioBookShelf.templates().0;
        let libation = NamingPreset::LibationLike.templates().0;
        for (template, fields, want) in [
            (
                abs,
                book(),
                "Brandon Sanderson/The Stormlight Archive/1 - The Way of Kings",
            ),
            (abs, standalone(), "Brandon Sanderson/The Way of Kings"),
            (
                "{author}/{series}/{series_position} - {title}",
                standalone(),
                "Brandon Sanderson/Unknown/- The Way of Kings",
            ),
            (
                "{authors} - {title} ({year})",
                book(),
                "Brandon Sanderson, Second Author - The Way of Kings (2010)",
            ),
            (
                "{author}/[{series} {series_position:02} - ]{title}",
                book(),
                "Brandon Sanderson/The Stormlight Archive 01 - The Way of Kings",
            ),
            (
                "{author}/[{series} {series_position:02} - ]{title}",
                NameFields {
                    series_position: Some("1.5".into()),
                    ..book()
                },
                "Brandon Sanderson/The Stormlight Archive 01.5 - The Way of Kings",
            ),
            (
                libation,
                book(),
                "Brandon Sanderson/The Way of Kings [B003ZWFO7E]",
            ),
            (libation, standalone(), "Brandon Sanderson/The Way of Kings"),
            (
                "{narrator}/{title}",
                NameFields {
                    narrators: vec![],
                    ..book()
                },
                "Unknown/The Way of Kings",
            ),
            (
                "{author}/{title}",
                NameFields {
                    authors: vec!["AC/DC".into()],
                    title: "../../etc/passwd".into(),
                    ..book()
                },
                "AC-DC/-..-etc-passwd",
            ),
            (
                "{author}/{title}",
                NameFields {
                    title: "CON".into(),
                    ..book()
                },
                "Brandon Sanderson/CON_",
            ),
            (
                "{author}/{title}",
                NameFields {
                    title: "Why?: A Story.".into(),
                    ..book()
                },
                "Brandon Sanderson/Why - A Story",
            ),
        ] {
            let parsed: NamingTemplate = template.parse().expect(template);
            assert_eq!(
                parsed.render_folder(&fields).to_string(),
                want,
                "template {template:?}"
            );
        }
    }

    #[test]
    fn file_templates_append_the_extension_and_number_parts() {
        let file = NamingPreset::AudioBookShelf.templates().1;
        for (template, fields, want) in [
            (file, book(), "The Way of Kings.m4b"),
            (
                file,
                NameFields {
                    part: Some(3),
                    parts: Some(12),
                    ext: Some("mp3".into()),
                    ..book()
                },
                "The Way of Kings - Part 03.mp3",
            ),
            ("{title}.{ext}", book(), "The Way of Kings.m4b"),
            (
                "{title}",
                NameFields {
                    title: "Ends with dot.".into(),
                    ..book()
                },
                "Ends with dot.m4b",
            ),
            ("{subtitle}", book(), "Unknown.m4b"),
            (
                "{title}",
                NameFields {
                    title: "..".into(),
                    ..book()
                },
                "Unknown.m4b",
            ),
            (
                "{part}/{parts}",
                NameFields {
                    part: Some(1),
                    parts: Some(2),
                    ..book()
                },
                "1-2.m4b",
            ),
        ] {
            let parsed: NamingTemplate = template.parse().expect(template);
            assert_eq!(parsed.render_file(&fields), want, "template {template:?}");
        }
    }

    #[test]
    fn a_huge_title_still_gives_a_path_within_limits() {
        let fields = NameFields {
            title: "é".repeat(400),
            series: Some("s".repeat(400)),
            ..book()
        };
        let (folder, file) = NamingPreset::AudioBookShelf.templates();
        let path =
            NamingTemplate::render_path(&folder.parse().unwrap(), &file.parse().unwrap(), &fields);
        for c in path.components() {
            assert!(c.len() <= 255, "component of {} bytes", c.len());
        }
        assert!(
            path.components().last().unwrap().ends_with(".m4b"),
            "the extension survives"
        );
        assert!(path.to_string().len() <= 1024);
    }

    #[test]
    fn invalid_templates_say_where_the_error_is() {
        for (template, want) in [
            (
                "{author}/{titel}",
                TemplateError::UnknownToken {
                    name: "titel".into(),
                    position: 9,
                },
            ),
            ("{author", TemplateError::UnclosedToken { position: 0 }),
            (
                "{author}/[{series}",
                TemplateError::UnclosedSection { position: 9 },
            ),
            ("{title}]", TemplateError::UnopenedSection { position: 7 }),
            ("[a [b]]", TemplateError::NestedSection { position: 3 }),
            (
                "{part:x}",
                TemplateError::BadPadding {
                    spec: "x".into(),
                    position: 0,
                },
            ),
            ("{title}\\", TemplateError::DanglingEscape { position: 7 }),
            ("  ", TemplateError::Empty),
        ] {
            assert_eq!(
                template.parse::<NamingTemplate>(),
                Err(want),
                "template {template:?}"
            );
        }
    }
}
