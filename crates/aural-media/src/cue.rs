//! Cue sheets: the chapters of a book that ships as one long file (SPEC §7.2 rule 4).
//!
//! A small parser of our own: the cue crates on crates.io are unmaintained (`cue_sheet` last
//! released 2019 on `error-chain`, `rcue` 0.1) or bind the C libcue, and none decodes the
//! Windows-1252 sheets that CD rippers write. Only the commands that name chapters are read:
//! `FILE`, `TRACK`, `TITLE`, `PERFORMER` and `INDEX 01`; `REM`, `FLAGS`, `ISRC`, `PREGAP` and
//! the like are skipped.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use crate::MediaError;

/// CD frames per second: `INDEX 01 mm:ss:ff` counts `ff` in 1/75 s.
const FRAMES_PER_SECOND: u64 = 75;
/// Sheets are a few kB; anything far larger is not a cue sheet.
const MAX_BYTES: u64 = 1 << 20;

/// A parsed cue sheet.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CueSheet {
    /// The disc's `TITLE` (before the first `FILE`).
    pub title: Option<String>,
    /// The disc's `PERFORMER`.
    pub performer: Option<String>,
    pub files: Vec<CueFile>,
}

/// One `FILE` and its tracks, whose starts count from the beginning of that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueFile {
    /// The name as written in the sheet, relative to the sheet's folder.
    pub name: String,
    pub tracks: Vec<CueTrack>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueTrack {
    pub number: u32,
    pub title: Option<String>,
    pub performer: Option<String>,
    /// `INDEX 01`, from the start of its file.
    pub start: Duration,
}

/// What is wrong with a cue sheet, and on which line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueProblem {
    pub line: usize,
    pub kind: CueProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CueProblemKind {
    /// `TRACK` before any `FILE`.
    TrackOutsideFile,
    /// `INDEX` before any `TRACK`.
    IndexOutsideTrack,
    /// Not `mm:ss:ff` with `ff` < 75.
    BadTime,
    /// A `TRACK` without a number, or a `FILE` without a name.
    MissingValue,
    /// A track without `INDEX 01`.
    TrackWithoutStart,
    /// A track starting before the one above it in the same file.
    TracksOutOfOrder,
    /// No track at all.
    NoTracks,
    /// Larger than a cue sheet can reasonably be.
    TooLarge,
}

impl fmt::Display for CueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            CueProblemKind::TrackOutsideFile => "TRACK before any FILE",
            CueProblemKind::IndexOutsideTrack => "INDEX before any TRACK",
            CueProblemKind::BadTime => "a time that is not mm:ss:ff",
            CueProblemKind::MissingValue => "a command without its value",
            CueProblemKind::TrackWithoutStart => "a TRACK without INDEX 01",
            CueProblemKind::TracksOutOfOrder => "a TRACK that starts before the previous one",
            CueProblemKind::NoTracks => "no TRACK at all",
            CueProblemKind::TooLarge => "more than 1 MiB, too large for a cue sheet",
        };
        write!(f, "line {}: {what}", self.line)
    }
}

/// Reads and parses the sheet at `path`.
pub fn read_cue(path: &Path) -> Result<CueSheet, MediaError> {
    let meta = std::fs::metadata(path).map_err(|e| MediaError::io(path, e))?;
    if !meta.is_file() {
        return Err(MediaError::NotAFile {
            path: path.to_owned(),
        });
    }
    let cue_error = |problem| MediaError::Cue {
        path: path.to_owned(),
        problem,
    };
    if meta.len() > MAX_BYTES {
        return Err(cue_error(CueProblem {
            line: 0,
            kind: CueProblemKind::TooLarge,
        }));
    }
    let bytes = std::fs::read(path).map_err(|e| MediaError::io(path, e))?;
    parse_cue(&bytes).map_err(cue_error)
}

/// Parses a sheet: UTF-8 with or without BOM, else Windows-1252 (a superset of Latin-1 that
/// rippers on Windows write).
pub fn parse_cue(bytes: &[u8]) -> Result<CueSheet, CueProblem> {
    parse_text(&decode(bytes))
}

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

fn parse_text(text: &str) -> Result<CueSheet, CueProblem> {
    let mut sheet = CueSheet::default();
    let mut open: Option<OpenTrack> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let problem = |kind| CueProblem { line, kind };
        let (command, rest) = split_command(raw.trim());
        match command.to_ascii_uppercase().as_str() {
            "FILE" => {
                close_track(&mut sheet, &mut open)?;
                let name = file_value(rest).ok_or(problem(CueProblemKind::MissingValue))?;
                sheet.files.push(CueFile {
                    name,
                    tracks: Vec::new(),
                });
            }
            "TRACK" => {
                close_track(&mut sheet, &mut open)?;
                if sheet.files.is_empty() {
                    return Err(problem(CueProblemKind::TrackOutsideFile));
                }
                let number = rest
                    .split_whitespace()
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or(problem(CueProblemKind::MissingValue))?;
                open = Some(OpenTrack {
                    line,
                    number,
                    title: None,
                    performer: None,
                    start: None,
                });
            }
            "TITLE" => match open.as_mut() {
                Some(track) => track.title = value(rest),
                None if sheet.files.is_empty() => sheet.title = value(rest),
                None => {}
            },
            "PERFORMER" => match open.as_mut() {
                Some(track) => track.performer = value(rest),
                None if sheet.files.is_empty() => sheet.performer = value(rest),
                None => {}
            },
            "INDEX" => {
                let track = open
                    .as_mut()
                    .ok_or(problem(CueProblemKind::IndexOutsideTrack))?;
                let mut words = rest.split_whitespace();
                let number: u32 = words
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or(problem(CueProblemKind::MissingValue))?;
                let time = words
                    .next()
                    .and_then(cue_time)
                    .ok_or(problem(CueProblemKind::BadTime))?;
                if number == 1 {
                    track.start = Some(time);
                }
            }
            _ => {}
        }
    }
    close_track(&mut sheet, &mut open)?;
    if sheet.files.iter().all(|f| f.tracks.is_empty()) {
        return Err(CueProblem {
            line: text.lines().count(),
            kind: CueProblemKind::NoTracks,
        });
    }
    Ok(sheet)
}

/// The track being read, kept apart until its `INDEX 01` is known.
struct OpenTrack {
    line: usize,
    number: u32,
    title: Option<String>,
    performer: Option<String>,
    start: Option<Duration>,
}

fn close_track(sheet: &mut CueSheet, open: &mut Option<OpenTrack>) -> Result<(), CueProblem> {
    let Some(OpenTrack {
        line,
        number,
        title,
        performer,
        start,
    }) = open.take()
    else {
        return Ok(());
    };
    let start = start.ok_or(CueProblem {
        line,
        kind: CueProblemKind::TrackWithoutStart,
    })?;
    let file = sheet
        .files
        .last_mut()
        .expect("a track is only opened inside a FILE");
    if file.tracks.last().is_some_and(|t| t.start > start) {
        return Err(CueProblem {
            line,
            kind: CueProblemKind::TracksOutOfOrder,
        });
    }
    file.tracks.push(CueTrack {
        number,
        title,
        performer,
        start,
    });
    Ok(())
}

fn split_command(line: &str) -> (&str, &str) {
    line.split_once(char::is_whitespace)
        .map_or((line, ""), |(c, rest)| (c, rest.trim()))
}

/// A `TITLE`/`PERFORMER` value: quoted, or the whole rest of the line.
fn value(rest: &str) -> Option<String> {
    let text = match rest.strip_prefix('"') {
        Some(quoted) => quoted.rsplit_once('"').map_or(quoted, |(inner, _)| inner),
        None => rest,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A `FILE` name: quoted (`"Part 1.mp3" MP3`), or unquoted and followed by its type
/// (`Part2.wav WAVE`), which is dropped.
fn file_value(rest: &str) -> Option<String> {
    if rest.starts_with('"') {
        return value(rest);
    }
    let name = rest
        .rsplit_once(char::is_whitespace)
        .map_or(rest, |(name, _)| name);
    value(name)
}

/// `mm:ss:ff`, minutes unbounded (an audiobook file runs for hours: `612:03:10`).
fn cue_time(text: &str) -> Option<Duration> {
    let mut parts = text.split(':').map(|p| p.parse::<u64>().ok());
    let (Some(Some(m)), Some(Some(s)), Some(Some(f)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if s >= 60 || f >= FRAMES_PER_SECOND {
        return None;
    }
    let frames = (m * 60 + s) * FRAMES_PER_SECOND + f;
    Some(Duration::from_nanos(
        frames * 1_000_000_000 / FRAMES_PER_SECOND,
    ))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{CueProblemKind, cue_time, parse_cue};

    #[test]
    fn times_are_minutes_seconds_and_frames() {
        for (text, want) in [
            ("00:00:00", Some(Duration::ZERO)),
            ("01:02:00", Some(Duration::from_secs(62))),
            ("00:01:75", None),
            ("00:60:00", None),
            (
                "612:03:15",
                Some(Duration::from_millis(612 * 60_000 + 3_200)),
            ),
            ("1:2", None),
            ("a:b:c", None),
            ("00:00:00:00", None),
        ] {
            assert_eq!(cue_time(text), want, "time {text:?}");
        }
    }

    #[test]
    fn tracks_of_several_files_keep_titles_and_starts() {
        let text = "\u{feff}REM GENRE Audiobook\r\nPERFORMER \"Sample Author\"\r\nTITLE \"Cue Book\"\r\n\
            FILE \"Part 1.mp3\" MP3\r\n  TRACK 01 AUDIO\r\n    TITLE \"Opening\"\r\n    INDEX 01 00:00:00\r\n\
              TRACK 02 AUDIO\r\n    TITLE \"Middle\"\r\n    PERFORMER \"Guest\"\r\n    INDEX 00 00:01:00\r\n    INDEX 01 00:02:37\r\n\
            FILE Part2.flac BINARY\r\n  TRACK 03 AUDIO\r\n    TITLE Unquoted title\r\n    INDEX 01 00:00:00\r\n";
        let sheet = parse_cue(text.as_bytes()).unwrap();
        assert_eq!(sheet.title.as_deref(), Some("Cue Book"));
        assert_eq!(sheet.performer.as_deref(), Some("Sample Author"));
        assert_eq!(sheet.files.len(), 2);
        assert_eq!(sheet.files[0].name, "Part 1.mp3");
        assert_eq!(
            sheet.files[1].name, "Part2.flac",
            "an unquoted name loses its type"
        );
        let middle = &sheet.files[0].tracks[1];
        assert_eq!(middle.title.as_deref(), Some("Middle"));
        assert_eq!(middle.performer.as_deref(), Some("Guest"));
        assert_eq!(
            middle.start,
            Duration::from_nanos(2_493_333_333),
            "INDEX 01, not INDEX 00"
        );
        assert_eq!(sheet.files[1].tracks[0].number, 3);
        assert_eq!(
            sheet.files[1].tracks[0].title.as_deref(),
            Some("Unquoted title"),
            "an unquoted title keeps all its words"
        );
    }

    #[test]
    fn latin1_sheets_are_decoded() {
        let mut bytes = b"FILE \"b.mp3\" MP3\nTRACK 01 AUDIO\nTITLE \"Kapitel 1: Gr".to_vec();
        bytes.extend([0xFC, 0xDF, 0x65]);
        bytes.extend(b" \x96 Caf\xE9\"\nINDEX 01 00:00:00\n");
        let sheet = parse_cue(&bytes).unwrap();
        assert_eq!(
            sheet.files[0].tracks[0].title.as_deref(),
            Some("Kapitel 1: Grüße – Café")
        );
    }

    #[test]
    fn malformed_sheets_name_the_line() {
        for (text, line, kind) in [
            (
                "TRACK 01 AUDIO\nINDEX 01 00:00:00",
                1,
                CueProblemKind::TrackOutsideFile,
            ),
            (
                "FILE \"a\" WAVE\nINDEX 01 00:00:00",
                2,
                CueProblemKind::IndexOutsideTrack,
            ),
            (
                "FILE \"a\" WAVE\nTRACK 01 AUDIO\nINDEX 01 0:99:00",
                3,
                CueProblemKind::BadTime,
            ),
            (
                "FILE \"a\" WAVE\nTRACK 01 AUDIO\nTITLE x\n",
                2,
                CueProblemKind::TrackWithoutStart,
            ),
            (
                "FILE \"a\" WAVE\nTRACK 01 AUDIO\nINDEX 01 01:00:00\nTRACK 02 AUDIO\nINDEX 01 00:30:00",
                4,
                CueProblemKind::TracksOutOfOrder,
            ),
            ("REM nothing\n", 1, CueProblemKind::NoTracks),
            ("FILE\n", 1, CueProblemKind::MissingValue),
            ("", 0, CueProblemKind::NoTracks),
        ] {
            let problem = parse_cue(text.as_bytes()).unwrap_err();
            assert_eq!((problem.line, problem.kind), (line, kind), "sheet {text:?}");
        }
    }
}
