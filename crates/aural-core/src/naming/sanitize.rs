//! Names that are safe on Windows, macOS and Linux at once (SPEC §7.5).

use unicode_normalization::UnicodeNormalization;

/// Longest file or folder name in bytes: ext4, APFS and NTFS all stop near 255.
pub const MAX_COMPONENT_BYTES: usize = 255;
/// Longest relative path in bytes, so library root + path stays under Windows' long-path limits.
pub const MAX_PATH_BYTES: usize = 1024;
/// What an empty name becomes.
pub const EMPTY_NAME: &str = "Unknown";

const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
/// The shortest a middle folder is cut to when the whole path is too long.
const MIN_SHORTENED_BYTES: usize = 16;

/// Whether a component names a file, whose extension must survive truncation, or a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentKind {
    Folder,
    File,
}

/// Makes a token value safe to put inside a name: no path separators, no characters Windows
/// forbids, no control characters. Applied before substitution, so a `/` in a title never
/// becomes a folder.
pub fn sanitize_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.nfc() {
        match c {
            ':' => out.push_str(" -"),
            '/' | '\\' | '|' => out.push('-'),
            '<' | '>' | '"' | '?' | '*' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    collapse_spaces(&out)
}

/// Makes one path component safe: the rules of [`sanitize_value`], no leading dots or spaces
/// (no hidden files, no `.`/`..`), no trailing dots or spaces (Windows drops them), reserved
/// device names suffixed with `_`, at most [`MAX_COMPONENT_BYTES`], and never empty.
pub fn sanitize_component(name: &str, kind: ComponentKind) -> String {
    let clean = sanitize_value(name);
    let trimmed = clean
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let mut safe = unreserve(trimmed);
    if safe.len() > MAX_COMPONENT_BYTES {
        safe = truncate_component(&safe, MAX_COMPONENT_BYTES, kind);
    }
    if safe.is_empty() {
        EMPTY_NAME.to_owned()
    } else {
        safe
    }
}

/// `CON`, `nul.m4b`, `COM1.txt`: Windows treats these as devices whatever the extension.
fn unreserve(name: &str) -> String {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let lower = stem.to_ascii_lowercase();
    let numbered = |prefix: &str| {
        lower
            .strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && matches!(n.as_bytes()[0], b'1'..=b'9'))
    };
    if RESERVED.contains(&lower.as_str()) || numbered("com") || numbered("lpt") {
        format!("{stem}_{}", &name[stem.len()..])
    } else {
        name.to_owned()
    }
}

/// Cuts a component to `max` bytes at a character boundary, keeping a file's extension and a
/// trailing `[ASIN]`, then trims what the cut left dangling.
pub fn truncate_component(name: &str, max: usize, kind: ComponentKind) -> String {
    if name.len() <= max {
        return name.to_owned();
    }
    let (body, ext) = match (kind, name.rsplit_once('.')) {
        (ComponentKind::File, Some((body, ext))) if ext.len() <= 8 && !body.is_empty() => {
            (body, &name[body.len()..])
        }
        _ => (name, ""),
    };
    let (body, asin) = match body.rfind(" [") {
        Some(at) if body.len() - at == 13 && body.ends_with(']') => body.split_at(at),
        _ => (body, ""),
    };
    let keep = max.saturating_sub(ext.len() + asin.len());
    let cut = body[..floor_boundary(body, keep)].trim_end_matches(['.', ' ']);
    format!("{cut}{asin}{ext}")
}

/// The `n`th name for a target whose plain name is taken: `Title (2).m4b`, `Title (3)`; the
/// result stays within [`MAX_COMPONENT_BYTES`], the number and extension kept.
pub fn numbered(name: &str, n: u32, kind: ComponentKind) -> String {
    if n <= 1 {
        return name.to_owned();
    }
    let (body, ext) = match (kind, name.rsplit_once('.')) {
        (ComponentKind::File, Some((body, ext))) if ext.len() <= 8 && !body.is_empty() => {
            (body, &name[body.len()..])
        }
        _ => (name, ""),
    };
    let suffix = format!(" ({n}){ext}");
    let keep = MAX_COMPONENT_BYTES.saturating_sub(suffix.len());
    format!("{}{suffix}", body[..floor_boundary(body, keep)].trim_end())
}

/// Shortens middle folders (never the first or the file name) until the joined path fits.
pub fn fit_path(components: &mut [String], max: usize) {
    let total = |c: &[String]| c.iter().map(String::len).sum::<usize>() + c.len().saturating_sub(1);
    while total(components) > max && components.len() > 2 {
        let last = components.len() - 1;
        let Some((i, len)) = components[1..last]
            .iter()
            .enumerate()
            .map(|(i, c)| (i + 1, c.len()))
            .max_by_key(|(_, len)| *len)
            .filter(|(_, len)| *len > MIN_SHORTENED_BYTES)
        else {
            return;
        };
        let excess = total(components) - max;
        let target = len.saturating_sub(excess).max(MIN_SHORTENED_BYTES);
        components[i] = truncate_component(&components[i], target, ComponentKind::Folder);
        if components[i].is_empty() {
            components[i] = EMPTY_NAME.to_owned();
        }
    }
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.chars() {
        let space = c == ' ';
        if !(space && last_space) {
            out.push(c);
        }
        last_space = space;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{
        ComponentKind, MAX_COMPONENT_BYTES, fit_path, numbered, sanitize_component, sanitize_value,
        truncate_component,
    };

    #[test]
    fn components_are_safe_on_every_os() {
        let nfd_cafe = "Cafe\u{301}";
        for (input, want) in [
            ("Plain Title", "Plain Title"),
            ("Title: Subtitle", "Title - Subtitle"),
            ("../x", "-x"),
            ("..", "Unknown"),
            ("...", "Unknown"),
            (".", "Unknown"),
            ("", "Unknown"),
            ("   ", "Unknown"),
            ("..\\..\\x.mp3", "-..-x.mp3"),
            ("A/B\\C:D*E?F\"G<H>I|J", "A-B-C -D E F G H I-J"),
            ("trailing dot.", "trailing dot"),
            ("trailing space ", "trailing space"),
            (" leading space", "leading space"),
            (".hidden", "hidden"),
            ("CON", "CON_"),
            ("con.mp3", "con_.mp3"),
            ("nul.m4b", "nul_.m4b"),
            ("aux", "aux_"),
            ("COM1", "COM1_"),
            ("LPT9.txt", "LPT9_.txt"),
            ("COM10", "COM10"),
            ("Console", "Console"),
            ("tab\there", "tab here"),
            ("new\nline", "new line"),
            ("nul\0byte", "nul byte"),
            ("del\u{7f}char", "del char"),
            ("a:b?.m4b", "a -b .m4b"),
            (nfd_cafe, "Caf\u{e9}"),
            ("emoji 🎧 book", "emoji 🎧 book"),
            ("עברית", "עברית"),
        ] {
            assert_eq!(
                sanitize_component(input, ComponentKind::File),
                want,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn values_lose_separators_before_substitution() {
        assert_eq!(
            sanitize_value("AC/DC"),
            "AC-DC",
            "a slash would create a folder"
        );
        assert_eq!(sanitize_value("a  b"), "a b");
    }

    #[test]
    fn long_names_are_cut_at_a_character_boundary_keeping_extension_and_asin() {
        let long = "é".repeat(200);
        for (input, kind, suffix) in [
            (format!("{long}.m4b"), ComponentKind::File, ".m4b"),
            (
                format!("{long} [B0ABCDEFGH]"),
                ComponentKind::Folder,
                " [B0ABCDEFGH]",
            ),
            (
                format!("{long} [B0ABCDEFGH].mp3"),
                ComponentKind::File,
                " [B0ABCDEFGH].mp3",
            ),
            ("🎧".repeat(100), ComponentKind::Folder, "🎧"),
        ] {
            let out = sanitize_component(&input, kind);
            assert!(
                out.len() <= MAX_COMPONENT_BYTES,
                "{} bytes for {input:?}",
                out.len()
            );
            assert!(
                out.len() > MAX_COMPONENT_BYTES - 4,
                "cut no more than one character"
            );
            assert!(out.ends_with(suffix), "{out:?} keeps {suffix:?}");
        }
    }

    #[test]
    fn a_folder_name_with_a_dot_is_not_treated_as_an_extension() {
        let name = format!("Mr. {}", "x".repeat(300));
        let out = truncate_component(&name, 20, ComponentKind::Folder);
        assert_eq!(out, format!("Mr. {}", "x".repeat(16)));
    }

    #[test]
    fn overlong_paths_shorten_middle_folders_only() {
        let mut parts = vec![
            "Author".to_owned(),
            "s".repeat(250),
            "t".repeat(250),
            "f".repeat(250),
        ];
        fit_path(&mut parts, 600);
        let total: usize = parts.iter().map(String::len).sum::<usize>() + parts.len() - 1;
        assert!(total <= 600, "path is {total} bytes");
        assert_eq!(parts[0], "Author", "the author folder is kept whole");
        assert_eq!(parts[3].len(), 250, "the file name is kept whole");
    }

    #[test]
    fn taken_names_get_a_number_before_the_extension() {
        let long = format!("{}.m4b", "a".repeat(254));
        for (name, n, kind, want) in [
            ("Title.m4b", 1, ComponentKind::File, "Title.m4b".to_owned()),
            (
                "Title.m4b",
                2,
                ComponentKind::File,
                "Title (2).m4b".to_owned(),
            ),
            (
                "Mr. Smith",
                3,
                ComponentKind::Folder,
                "Mr. Smith (3)".to_owned(),
            ),
            (
                &long,
                12,
                ComponentKind::File,
                format!("{} (12).m4b", "a".repeat(246)),
            ),
        ] {
            let got = numbered(name, n, kind);
            assert!(got.len() <= MAX_COMPONENT_BYTES, "{name:?}");
            assert_eq!(got, want, "{name:?} #{n}");
        }
    }
}
