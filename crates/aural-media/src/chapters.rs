//! The chapter list of a found book, on one timeline across all its parts (SPEC §7.8): the
//! chapters a file carries (MP4 chapter list or track, ID3 `CHAP`), else its cue sheet's
//! tracks, else one chapter per file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::MediaError;
use crate::cue::{CueFile, CueSheet, read_cue};
use crate::discover::BookGroup;
use crate::format::CompanionKind;
use crate::probe::{Chapter, Ffprobe, Probe};

/// ffprobe processes per book; a book's parts are on one disk.
const PROBES_AT_ONCE: usize = 2;

/// Where the chapters of a book came from; with several parts, the best any part had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterSource {
    /// Markers inside the audio files.
    Embedded,
    /// A `.cue` sheet beside the audio.
    CueSheet,
    /// One chapter per file, titled from its title tag or name.
    PerFile,
}

/// Where a part sits on the book's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct PartTiming {
    pub path: PathBuf,
    pub start: Duration,
    pub duration: Duration,
    pub probe: Probe,
}

/// A book's chapters, starts counted from the beginning of its first part. Every chapter has
/// a title.
#[derive(Debug, Clone, PartialEq)]
pub struct BookChapters {
    pub chapters: Vec<Chapter>,
    pub source: ChapterSource,
    pub parts: Vec<PartTiming>,
    /// The sum of the parts' durations.
    pub duration: Duration,
}

/// Probes every part of `book` (in its order) and builds its chapter list. A part ffprobe
/// cannot read fails the whole list with that part's error, and so does a malformed cue sheet
/// when the parts carry no chapters of their own.
pub async fn book_chapters(
    book: &BookGroup,
    ffprobe: &Ffprobe,
    cancel: &CancellationToken,
) -> Result<BookChapters, MediaError> {
    let paths: Vec<PathBuf> = book.parts.iter().map(|p| p.path.clone()).collect();
    let cues: Vec<PathBuf> = book
        .companions
        .iter()
        .filter(|c| c.kind == CompanionKind::Cue)
        .map(|c| c.path.clone())
        .collect();
    let mut parts = Vec::with_capacity(paths.len());
    let mut start = Duration::ZERO;
    for (path, probe) in ffprobe.probe_all(paths, PROBES_AT_ONCE, cancel).await? {
        let probe = probe?;
        let duration = probe.playable().ok_or_else(|| MediaError::Unreadable {
            path: path.clone(),
            message: "ffprobe reports no duration".to_owned(),
        })?;
        parts.push(PartTiming {
            path,
            start,
            duration,
            probe,
        });
        start += duration;
    }
    let sheets = if parts.iter().any(|p| !p.probe.chapters.is_empty()) || cues.is_empty() {
        Vec::new()
    } else {
        tokio::task::spawn_blocking(move || {
            cues.iter()
                .map(|c| read_cue(c))
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|_| MediaError::Cancelled)??
    };
    Ok(assemble(parts, &sheets))
}

/// Lays the parts' chapters end to end; pure, so the rules are tested without files.
pub(crate) fn assemble(parts: Vec<PartTiming>, sheets: &[CueSheet]) -> BookChapters {
    let mut chapters = Vec::new();
    let mut source = ChapterSource::PerFile;
    let single = parts.len() == 1;
    for part in &parts {
        let end = part.start + part.duration;
        let marks: Vec<(Duration, String)> = if !part.probe.chapters.is_empty() {
            source = ChapterSource::Embedded;
            part.probe
                .chapters
                .iter()
                .enumerate()
                .map(|(i, c)| (c.start, title_or(&c.title, || format!("Chapter {}", i + 1))))
                .collect()
        } else if let Some(file) = cue_for(&part.path, sheets, single) {
            if source == ChapterSource::PerFile {
                source = ChapterSource::CueSheet;
            }
            file.tracks
                .iter()
                .map(|t| {
                    (
                        t.start,
                        title_or(&t.title, || format!("Track {:02}", t.number)),
                    )
                })
                .collect()
        } else {
            let title = title_or(&part.probe.tags.get("title").cloned(), || {
                file_stem(&part.path)
            });
            vec![(Duration::ZERO, title)]
        };
        let marks: Vec<(Duration, String)> = marks
            .into_iter()
            .filter(|(start, _)| *start < part.duration || part.duration.is_zero())
            .collect();
        for (i, (offset, title)) in marks.iter().enumerate() {
            let chapter_end = marks.get(i + 1).map_or(end, |(next, _)| part.start + *next);
            chapters.push(Chapter {
                start: part.start + *offset,
                end: chapter_end,
                title: Some(title.clone()),
            });
        }
    }
    let duration = parts.iter().map(|p| p.duration).sum();
    BookChapters {
        chapters,
        source,
        parts,
        duration,
    }
}

fn title_or(title: &Option<String>, fallback: impl FnOnce() -> String) -> String {
    title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(fallback, str::to_owned)
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Chapter".to_owned())
}

/// The sheet's `FILE` entry for `part`: same name, else same stem (a sheet written for
/// `Book.wav` describes the `Book.flac` made from it), else the only entry of the only sheet
/// of a one-file book.
fn cue_for<'a>(part: &Path, sheets: &'a [CueSheet], single: bool) -> Option<&'a CueFile> {
    let lower = |s: Option<&std::ffi::OsStr>| s.map(|s| s.to_string_lossy().to_lowercase());
    let name = lower(part.file_name())?;
    let stem = lower(part.file_stem())?;
    let files = || sheets.iter().flat_map(|s| &s.files);
    let entry_name = |f: &CueFile| {
        let base = f.name.rsplit(['/', '\\']).next().unwrap_or(&f.name);
        base.to_lowercase()
    };
    files()
        .find(|f| entry_name(f) == name)
        .or_else(|| {
            files().find(|f| {
                let entry = entry_name(f);
                entry.rsplit_once('.').map_or(entry.as_str(), |(s, _)| s) == stem
            })
        })
        .or_else(|| {
            let all: Vec<&CueFile> = files().collect();
            (single && all.len() == 1).then(|| all[0])
        })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    use std::time::Duration;

    use super::{ChapterSource, PartTiming, assemble};
    use crate::cue::parse_cue;
    use crate::probe::{Chapter, Probe};

    fn part(name: &str, start: u64, seconds: u64, title: Option<&str>) -> PartTiming {
        PartTiming {
            path: PathBuf::from(format!("/book/{name}")),
            start: Duration::from_secs(start),
            duration: Duration::from_secs(seconds),
            probe: Probe {
                format_name: "mp3".to_owned(),
                duration: Some(Duration::from_secs(seconds)),
                start_time: None,
                bitrate_kbps: None,
                codec: None,
                sample_rate: None,
                channels: None,
                chapters: Vec::new(),
                tags: title
                    .map(|t| BTreeMap::from([("title".to_owned(), t.to_owned())]))
                    .unwrap_or_default(),
                has_cover: false,
            },
        }
    }

    fn starts_and_titles(chapters: &[Chapter]) -> Vec<(u64, &str)> {
        chapters
            .iter()
            .map(|c| (c.start.as_secs(), c.title.as_deref().unwrap_or("")))
            .collect()
    }

    #[test]
    fn files_without_markers_become_one_chapter_each() {
        let book = assemble(
            vec![
                part("01 - a.mp3", 0, 5, Some("Opening")),
                part("02 - The Middle.mp3", 5, 7, None),
                part("03.mp3", 12, 3, Some("  ")),
            ],
            &[],
        );
        assert_eq!(book.source, ChapterSource::PerFile);
        assert_eq!(
            starts_and_titles(&book.chapters),
            vec![(0, "Opening"), (5, "02 - The Middle"), (12, "03")],
            "title tag, else the file name"
        );
        assert_eq!(book.chapters[2].end, Duration::from_secs(15));
        assert_eq!(book.duration, Duration::from_secs(15));
    }

    #[test]
    fn embedded_markers_are_shifted_by_the_parts_before() {
        let mut second = part("2.m4b", 10, 10, None);
        second.probe.chapters = vec![
            Chapter {
                start: Duration::ZERO,
                end: Duration::from_secs(4),
                title: Some("Four".to_owned()),
            },
            Chapter {
                start: Duration::from_secs(4),
                end: Duration::from_secs(10),
                title: None,
            },
        ];
        let book = assemble(vec![part("1.m4b", 0, 10, Some("One")), second], &[]);
        assert_eq!(book.source, ChapterSource::Embedded);
        assert_eq!(
            starts_and_titles(&book.chapters),
            vec![(0, "One"), (10, "Four"), (14, "Chapter 2")]
        );
    }

    #[test]
    fn cue_tracks_split_the_file_they_name() {
        let sheet = parse_cue(
            b"FILE \"Book.wav\" WAVE\nTRACK 01 AUDIO\nTITLE \"A\"\nINDEX 01 00:00:00\n\
              TRACK 02 AUDIO\nINDEX 01 00:03:00\nTRACK 03 AUDIO\nTITLE \"Past the end\"\nINDEX 01 09:00:00\n",
        )
        .unwrap();
        let book = assemble(vec![part("Book.flac", 0, 8, None)], &[sheet]);
        assert_eq!(book.source, ChapterSource::CueSheet);
        assert_eq!(
            starts_and_titles(&book.chapters),
            vec![(0, "A"), (3, "Track 02")],
            "a track past the end of its file is dropped"
        );
        assert_eq!(book.chapters[1].end, Duration::from_secs(8));
    }
}
