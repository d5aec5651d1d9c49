use std::path::Path;
use std::time::Duration;

use aural_media::chapters::BookChapters;
use aural_media::cue::{CueProblemKind, read_cue};
use aural_media::{ChapterSource, Ffprobe, MediaError, book_chapters, discover};
use tokio_util::sync::CancellationToken;

use crate::sample;

async fn chapters_of(root: &Path) -> Result<BookChapters, MediaError> {
    let found = discover(&[root]);
    assert_eq!(found.books.len(), 1, "one book under {}", root.display());
    book_chapters(
        &found.books[0],
        &Ffprobe::default(),
        &CancellationToken::new(),
    )
    .await
}

fn titles(book: &BookChapters) -> Vec<&str> {
    book.chapters
        .iter()
        .map(|c| c.title.as_deref().unwrap_or(""))
        .collect()
}

fn close(a: Duration, b: Duration) -> bool {
    a.abs_diff(b) < Duration::from_millis(30)
}

#[tokio::test]
async fn parts_without_markers_give_one_chapter_per_file_in_natural_order() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("Book");
    std::fs::create_dir(&dir)?;
    sample::mp3(&dir.join("Part 10.mp3"), 2, &[], None)?;
    sample::mp3(&dir.join("Part 2.mp3"), 3, &[("title", "The Second")], None)?;
    sample::mp3(&dir.join("Part 1.mp3"), 2, &[("title", "Opening")], None)?;

    let book = chapters_of(&dir).await?;

    assert_eq!(book.source, ChapterSource::PerFile);
    assert_eq!(
        titles(&book),
        ["Opening", "The Second", "Part 10"],
        "natural order; title tag, else the file name"
    );
    let durations: Vec<Duration> = book.parts.iter().map(|p| p.duration).collect();
    assert!(close(durations[0], Duration::from_secs(2)), "{durations:?}");
    assert_eq!(book.chapters[0].start, Duration::ZERO);
    assert_eq!(
        book.chapters[1].start, durations[0],
        "the second file starts where the first ends"
    );
    assert_eq!(book.chapters[2].start, durations[0] + durations[1]);
    assert_eq!(book.chapters[2].end, book.duration);
    assert!(
        book.duration.abs_diff(Duration::from_secs(7)) < Duration::from_millis(60),
        "within one MP3 frame per part: {:?}",
        book.duration
    );
    Ok(())
}

#[tokio::test]
async fn mp4_chapters_and_id3_chap_frames_are_used_and_shifted() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("Book");
    std::fs::create_dir(&dir)?;
    sample::mp3_with_chapters(
        &dir.join("01.mp3"),
        4,
        &[(0, 1500, "Erste"), (1500, 4000, "Zweite")],
    )?;
    sample::mp3(&dir.join("02.mp3"), 2, &[("title", "Plain part")], None)?;

    let book = chapters_of(&dir).await?;

    assert_eq!(book.source, ChapterSource::Embedded);
    assert_eq!(titles(&book), ["Erste", "Zweite", "Plain part"]);
    assert_eq!(book.chapters[1].start, Duration::from_millis(1500));
    assert_eq!(book.chapters[2].start, book.parts[1].start);

    let single = tmp.path().join("single");
    std::fs::create_dir(&single)?;
    sample::m4b(
        &single.join("Book.m4b"),
        6,
        &[],
        &[(0, 2000, "One"), (2000, 6000, "Two")],
        None,
        true,
    )?;
    let book = chapters_of(&single).await?;
    assert_eq!(book.source, ChapterSource::Embedded);
    assert_eq!(titles(&book), ["One", "Two"]);
    assert_eq!(book.chapters[1].start, Duration::from_secs(2));
    Ok(())
}

#[tokio::test]
async fn a_latin1_cue_sheet_splits_the_file_it_describes() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("Cue Book");
    std::fs::create_dir(&dir)?;
    sample::flac_of(&dir.join("Book.flac"), 6, &[("title", "Whole")])?;
    // Written for the WAV it was ripped to, in Windows-1252, as rippers do.
    let mut sheet =
        b"PERFORMER \"Sample Author\"\r\nTITLE \"Cue Book\"\r\nFILE \"Book.wav\" WAVE\r\n\
        TRACK 01 AUDIO\r\nTITLE \"Vorwort\"\r\nINDEX 01 00:00:00\r\n\
        TRACK 02 AUDIO\r\nTITLE \"Kapitel 1: Gr"
            .to_vec();
    sheet.extend([0xFC, 0xDF, 0x65]);
    sheet.extend(b"\"\r\nINDEX 01 00:02:38\r\nTRACK 03 AUDIO\r\nINDEX 01 00:04:00\r\n");
    std::fs::write(dir.join("Book.cue"), &sheet)?;

    let book = chapters_of(&dir).await?;

    assert_eq!(book.source, ChapterSource::CueSheet);
    assert_eq!(titles(&book), ["Vorwort", "Kapitel 1: Grüße", "Track 03"]);
    assert_eq!(
        book.chapters[1].start,
        Duration::from_nanos(2_506_666_666),
        "INDEX 01 00:02:38 is 2 s and 38/75"
    );
    assert_eq!(book.chapters[2].end, book.duration);
    Ok(())
}

#[tokio::test]
async fn a_cue_sheet_with_several_files_maps_each_to_its_part() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("Two files");
    std::fs::create_dir(&dir)?;
    sample::mp3(&dir.join("CD 1.mp3"), 4, &[], None)?;
    sample::mp3(&dir.join("CD 2.mp3"), 4, &[], None)?;
    std::fs::write(
        dir.join("book.cue"),
        "\u{feff}FILE \"CD 1.mp3\" MP3\nTRACK 01 AUDIO\nTITLE \"A\"\nINDEX 01 00:00:00\n\
         TRACK 02 AUDIO\nTITLE \"B\"\nINDEX 01 00:01:00\n\
         FILE \"CD 2.mp3\" MP3\nTRACK 03 AUDIO\nTITLE \"C\"\nINDEX 01 00:00:00\n\
         TRACK 04 AUDIO\nTITLE \"D\"\nINDEX 01 00:03:00\n",
    )?;

    let book = chapters_of(&dir).await?;

    assert_eq!(titles(&book), ["A", "B", "C", "D"]);
    let second = book.parts[1].start;
    assert_eq!(book.chapters[2].start, second);
    assert_eq!(
        book.chapters[3].start,
        second + Duration::from_secs(3),
        "a track's start counts from its own file"
    );
    Ok(())
}

#[tokio::test]
async fn a_damaged_part_or_sheet_is_a_typed_error() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("Damaged");
    std::fs::create_dir(&dir)?;
    sample::mp3(&dir.join("01.mp3"), 1, &[], None)?;
    std::fs::write(dir.join("02.mp3"), vec![b'x'; 64 * 1024])?;
    let err = chapters_of(&dir).await.unwrap_err();
    assert!(
        matches!(&err, MediaError::Unreadable { path, .. } if path.ends_with("02.mp3")),
        "the damaged part is named: {err:?}"
    );

    let cue_dir = tmp.path().join("Bad cue");
    std::fs::create_dir(&cue_dir)?;
    sample::mp3(&cue_dir.join("Book.mp3"), 2, &[], None)?;
    std::fs::write(
        cue_dir.join("Book.cue"),
        "FILE \"Book.mp3\" MP3\nTRACK 01 AUDIO\nINDEX 01 00:99:00\n",
    )?;
    let err = chapters_of(&cue_dir).await.unwrap_err();
    assert!(
        matches!(&err, MediaError::Cue { problem, .. } if problem.line == 3 && problem.kind == CueProblemKind::BadTime),
        "{err:?}"
    );
    assert!(err.to_string().contains("line 3"), "{err}");
    Ok(())
}

#[test]
fn a_fifo_named_cue_is_not_opened() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let fifo = tmp.path().join("book.cue");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status()?;
    assert!(status.success(), "mkfifo works");
    let err = read_cue(&fifo).unwrap_err();
    assert!(matches!(err, MediaError::NotAFile { .. }), "{err:?}");
    Ok(())
}
