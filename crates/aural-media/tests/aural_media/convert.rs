use std::path::{Path, PathBuf};
use std::time::Duration;

use aural_media::chapters::BookChapters;
use aural_media::convert::OutputMismatch;
use aural_media::fsops::hash_file;
use aural_media::{
    AudioCodec, BookMetadata, Cover, Ffmpeg, Ffprobe, M4bJob, MediaError, book_chapters, discover,
    read_tags,
};
use tokio_util::sync::CancellationToken;

use crate::{namespace, sample};

async fn chapters_of(root: &Path) -> anyhow::Result<BookChapters> {
    let found = discover(&[root]);
    anyhow::ensure!(found.books.len() == 1, "one book under {}", root.display());
    Ok(book_chapters(
        &found.books[0],
        &Ffprobe::default(),
        &CancellationToken::new(),
    )
    .await?)
}

/// Files in `dir` whose names mark them as our temporaries.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".aapart"))
                .collect()
        })
        .unwrap_or_default()
}

fn close(a: Duration, b: Duration, ms: u64) -> bool {
    a.abs_diff(b) <= Duration::from_millis(ms)
}

async fn convert(
    book: &BookChapters,
    metadata: &BookMetadata,
    target: &Path,
) -> (Result<aural_media::M4bOutput, MediaError>, Vec<f64>) {
    let mut seen = Vec::new();
    let result = Ffmpeg::default()
        .to_m4b(
            &M4bJob {
                book,
                metadata,
                target,
            },
            &mut |f| seen.push(f),
            &CancellationToken::new(),
        )
        .await;
    (result, seen)
}

#[tokio::test]
async fn mp3_parts_become_one_chaptered_tagged_m4b() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("Book");
    std::fs::create_dir(&dir)?;
    let cover = sample::cover(&dir.join("cover.jpg"))?;
    let parts = [
        sample::mp3(&dir.join("01.mp3"), 2, &[("title", "Opening")], None)?,
        sample::mp3(&dir.join("02.mp3"), 3, &[("title", "Middle")], None)?,
        sample::mp3(&dir.join("03.mp3"), 2, &[("title", "End")], None)?,
    ];
    let before: Vec<_> = parts
        .iter()
        .map(|p| hash_file(p))
        .collect::<Result<_, _>>()?;
    let book = chapters_of(&dir).await?;
    let metadata = BookMetadata {
        title: Some("The Merged Book".to_owned()),
        authors: vec!["Sample Author".to_owned(), "Second Author".to_owned()],
        narrators: vec!["Sample Narrator".to_owned()],
        series: Some("Sample Series".to_owned()),
        series_position: Some("3".to_owned()),
        year: Some(2019),
        description: Some("A book made of three parts.".to_owned()),
        asin: Some("B0SAMPLEMP".parse()?),
        cover: Some(Cover::File(cover)),
    };
    let out_dir = tmp.path().join("library/Sample Author/The Merged Book");
    let target = out_dir.join("The Merged Book.m4b");

    let (result, progress) = convert(&book, &metadata, &target).await;
    let output = result?;

    assert_eq!(output.path, target);
    assert!(!output.stream_copied, "MP3 is encoded to AAC");
    let probe = Ffprobe::default().probe(&target).await?;
    assert_eq!(probe.codec, Some(AudioCodec::Aac));
    assert_eq!(
        probe.tags.get("major_brand").map(String::as_str),
        Some("M4B ")
    );
    assert_eq!(probe.channels, Some(1), "mono stays mono");
    assert_eq!(probe.sample_rate, Some(22_050), "the sample rate is kept");
    let duration = probe.duration.expect("a duration");
    assert!(
        close(duration, book.duration, 100),
        "{duration:?} vs {:?}",
        book.duration
    );
    let titles: Vec<_> = probe
        .chapters
        .iter()
        .map(|c| c.title.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(titles, ["Opening", "Middle", "End"]);
    // ffprobe counts an MP3's last frame with its padding, so each part may plan up to one
    // frame (52 ms at 22 050 Hz) longer than it plays.
    for (i, (written, planned)) in probe.chapters.iter().zip(&book.chapters).enumerate() {
        assert!(
            close(written.start, planned.start, 52 * i as u64),
            "chapter starts as planned: {written:?} vs {planned:?}"
        );
    }
    assert_eq!(
        probe.tags.get("asin").map(String::as_str),
        Some("B0SAMPLEMP"),
        "the freeform ASIN atom"
    );
    assert!(probe.has_cover, "the cover is embedded");
    let tags = read_tags(&target)?;
    assert_eq!(tags.title.as_deref(), Some("The Merged Book"));
    assert_eq!(tags.album.as_deref(), Some("The Merged Book"));
    assert_eq!(tags.artists, ["Sample Author, Second Author"]);
    assert_eq!(tags.narrators, ["Sample Narrator"]);
    assert_eq!(tags.series.as_deref(), Some("Sample Series"));
    assert_eq!(tags.series_position.as_deref(), Some("3"));
    assert_eq!(tags.year, Some(2019));
    assert_eq!(
        tags.description.as_deref(),
        Some("A book made of three parts.")
    );
    assert_eq!(
        tags.asin.map(|a| a.to_string()).as_deref(),
        Some("B0SAMPLEMP")
    );
    assert!(tags.has_cover);

    assert_eq!(
        progress.last(),
        Some(&1.0),
        "progress ends at 1: {progress:?}"
    );
    assert!(
        progress.windows(2).all(|w| w[0] <= w[1]),
        "progress never goes back: {progress:?}"
    );
    for (part, hash) in parts.iter().zip(before) {
        assert_eq!(hash_file(part)?, hash, "{} is untouched", part.display());
    }
    assert!(
        temporaries(&out_dir).is_empty(),
        "{:?}",
        temporaries(&out_dir)
    );
    Ok(())
}

#[tokio::test]
async fn aac_parts_are_copied_even_with_quotes_in_their_names() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("It's \"quoted\"");
    std::fs::create_dir(&dir)?;
    sample::m4a(&dir.join("01 - it's.m4a"), 3, &[("title", "One")])?;
    sample::m4a(&dir.join("02 - 'two' \\ back.m4a"), 3, &[("title", "Two")])?;
    // Each M4A counts as a book of its own in discovery; as parts of one book they are joined.
    let mut book = chapters_of(&dir.join("01 - it's.m4a")).await?;
    let second = chapters_of(&dir.join("02 - 'two' \\ back.m4a")).await?;
    let offset = book.duration;
    book.parts.extend(second.parts.into_iter().map(|mut p| {
        p.start += offset;
        p
    }));
    book.chapters
        .extend(second.chapters.into_iter().map(|mut c| {
            c.start += offset;
            c.end += offset;
            c
        }));
    book.duration += second.duration;
    let target = tmp.path().join("Quoted 'book'.m4b");

    let output = convert(&book, &BookMetadata::default(), &target).await.0?;

    assert!(output.stream_copied, "AAC parts of one shape are copied");
    assert_eq!(output.chapters, 2);
    assert!(
        close(output.duration, book.duration, 100),
        "{:?} vs {:?}",
        output.duration,
        book.duration
    );
    let probe = Ffprobe::default().probe(&target).await?;
    assert_eq!(probe.chapters[1].title.as_deref(), Some("Two"));
    Ok(())
}

#[tokio::test]
async fn flac_opus_and_mp3_of_different_shapes_merge() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("Mixed");
    std::fs::create_dir(&dir)?;
    sample::flac_of(&dir.join("1.flac"), 2, &[("title", "Flac")])?;
    sample::opus_of(&dir.join("2.opus"), 2, &[("title", "Opus")])?;
    sample::mp3(&dir.join("3.mp3"), 2, &[], None)?;
    let book = chapters_of(&dir).await?;
    let target = tmp.path().join("Mixed.m4b");

    let output = convert(&book, &BookMetadata::default(), &target).await.0?;

    let probe = Ffprobe::default().probe(&target).await?;
    assert_eq!(probe.codec, Some(AudioCodec::Aac));
    let titles: Vec<_> = probe
        .chapters
        .iter()
        .map(|c| c.title.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(titles, ["Flac", "Opus", "3"]);
    assert!(close(output.duration, Duration::from_secs(6), 150));
    Ok(())
}

#[tokio::test]
async fn a_single_m4b_keeps_its_chapters_and_a_single_mp3_is_converted() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let src = sample::m4b(
        &tmp.path().join("in.m4b"),
        6,
        &[],
        &[(0, 2000, "First"), (2000, 6000, "Second")],
        None,
        true,
    )?;
    let book = chapters_of(&src).await?;
    let target = tmp.path().join("out/in.m4b");
    let output = convert(&book, &BookMetadata::default(), &target).await.0?;
    assert!(output.stream_copied);
    let probe = Ffprobe::default().probe(&target).await?;
    assert_eq!(probe.chapters.len(), 2);
    assert_eq!(probe.chapters[1].start, Duration::from_secs(2));

    let mp3 = sample::mp3(&tmp.path().join("Lone.mp3"), 3, &[], None)?;
    let book = chapters_of(&mp3).await?;
    let target = tmp.path().join("Lone.m4b");
    let output = convert(&book, &BookMetadata::default(), &target).await.0?;
    assert!(!output.stream_copied);
    let probe = Ffprobe::default().probe(&target).await?;
    assert_eq!(probe.chapters[0].title.as_deref(), Some("Lone"));
    Ok(())
}

#[tokio::test]
async fn cancelling_kills_ffmpeg_and_leaves_nothing() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    // Long enough that encoding outlasts the first progress report.
    let src = sample::flac_of(&tmp.path().join("Long.flac"), 1800, &[])?;
    let before = hash_file(&src)?;
    let book = chapters_of(&src).await?;
    let target = tmp.path().join("Long.m4b");
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let mut reports = 0;

    let err = Ffmpeg::default()
        .to_m4b(
            &M4bJob {
                book: &book,
                metadata: &BookMetadata::default(),
                target: &target,
            },
            &mut |_| {
                reports += 1;
                trigger.cancel();
            },
            &cancel,
        )
        .await
        .unwrap_err();

    assert!(matches!(err, MediaError::Cancelled), "{err:?}");
    assert!(reports >= 1, "cancelled from a progress report");
    assert!(!target.exists(), "no output under the final name");
    assert!(
        temporaries(tmp.path()).is_empty(),
        "{:?}",
        temporaries(tmp.path())
    );
    assert_eq!(hash_file(&src)?, before, "the source is untouched");
    Ok(())
}

#[tokio::test]
async fn hostile_sources_and_targets_are_typed_errors() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("Book");
    std::fs::create_dir(&dir)?;
    sample::mp3(&dir.join("01.mp3"), 1, &[], None)?;
    sample::mp3(&dir.join("02.mp3"), 1, &[], None)?;
    let book = chapters_of(&dir).await?;
    let meta = BookMetadata::default();
    let target = tmp.path().join("out.m4b");

    // A part replaced by a FIFO since it was probed: opening it would block ffmpeg.
    let mut fifo_book = book.clone();
    let fifo = tmp.path().join("fifo.mp3");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()?
            .success()
    );
    fifo_book.parts[1].path = fifo.clone();
    let err = convert(&fifo_book, &meta, &target).await.0.unwrap_err();
    assert!(
        matches!(&err, MediaError::NotAFile { path } if *path == fifo),
        "{err:?}"
    );

    // A part deleted since it was probed.
    let mut gone_book = book.clone();
    gone_book.parts[0].path = dir.join("deleted.mp3");
    let err = convert(&gone_book, &meta, &target).await.0.unwrap_err();
    assert!(
        matches!(&err, MediaError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound),
        "{err:?}"
    );

    // A part that turned into garbage: ffmpeg cannot read it.
    let corrupt_dir = tmp.path().join("Corrupt");
    std::fs::create_dir(&corrupt_dir)?;
    sample::mp3(&corrupt_dir.join("01.mp3"), 1, &[], None)?;
    sample::mp3(&corrupt_dir.join("02.mp3"), 1, &[], None)?;
    let corrupt_book = chapters_of(&corrupt_dir).await?;
    std::fs::write(corrupt_dir.join("02.mp3"), vec![b'x'; 16 * 1024])?;
    let err = convert(&corrupt_book, &meta, &target).await.0.unwrap_err();
    assert!(
        matches!(
            err,
            MediaError::ConvertFailed { .. }
                | MediaError::OutputMismatch {
                    mismatch: OutputMismatch::Duration { .. },
                    ..
                }
        ),
        "{err:?}"
    );

    // An existing target is never replaced.
    std::fs::write(&target, b"keep me")?;
    let err = convert(&book, &meta, &target).await.0.unwrap_err();
    assert!(matches!(err, MediaError::TargetExists { .. }), "{err:?}");
    assert_eq!(std::fs::read(&target)?, b"keep me");

    // Names with newlines, quotes and `..` components.
    let odd = tmp.path().join("odd\nname 'x'");
    std::fs::create_dir(&odd)?;
    sample::mp3(&odd.join("a\nb.mp3"), 1, &[], None)?;
    let dotted = odd.join("../odd\nname 'x'/a\nb.mp3");
    let mut odd_book = chapters_of(&odd).await?;
    odd_book.parts[0].path = dotted;
    let odd_target = tmp.path().join("out\n\"q\".m4b");
    let output = convert(&odd_book, &meta, &odd_target).await.0?;
    assert_eq!(output.path, odd_target);
    assert!(odd_target.is_file());

    assert!(
        temporaries(tmp.path()).is_empty(),
        "{:?}",
        temporaries(tmp.path())
    );
    Ok(())
}

#[test]
fn an_unwritable_target_folder_is_an_io_error_and_leaves_nothing() {
    namespace::isolated(
        "convert::an_unwritable_target_folder_is_an_io_error_and_leaves_nothing",
        |scratch| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            let src = sample::mp3(&scratch.join("Book.mp3"), 1, &[], None).expect("sample");
            let ro = scratch.join("ro");
            std::fs::create_dir(&ro).expect("dir");
            let out = std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs"])
                .arg(&ro)
                .output()
                .expect("mount runs");
            assert!(
                out.status.success(),
                "mount: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let book = runtime.block_on(chapters_of(&src)).expect("chapters");
            let target = ro.join("Book.m4b");

            let err = runtime
                .block_on(convert(&book, &BookMetadata::default(), &target))
                .0
                .unwrap_err();

            assert!(
                matches!(&err, MediaError::Io { source, .. } if source.raw_os_error() == Some(30)),
                "EROFS: {err:?}"
            );
            assert!(src.is_file());
            assert!(temporaries(&ro).is_empty());
        },
    );
}

#[tokio::test]
async fn aac_parts_with_newlines_or_non_utf8_names_are_joined_all_the_same() -> anyhow::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir()?;
    let first = sample::m4a(&tmp.path().join("one\nline.m4a"), 2, &[("title", "One")])?;
    let second = sample::m4a(
        &tmp.path()
            .join(std::ffi::OsStr::from_bytes(b"two \xff.m4a")),
        2,
        &[("title", "Two")],
    )?;
    let mut book = chapters_of(&first).await?;
    let rest = chapters_of(&second).await?;
    let offset = book.duration;
    book.parts.extend(rest.parts.into_iter().map(|mut p| {
        p.start += offset;
        p
    }));
    book.chapters.extend(rest.chapters.into_iter().map(|mut c| {
        c.start += offset;
        c
    }));
    book.duration += rest.duration;
    let target = tmp.path().join("Joined.m4b");

    let output = convert(&book, &BookMetadata::default(), &target).await.0?;

    assert!(
        !output.stream_copied,
        "such names cannot go into a concat list, so the parts are re-encoded"
    );
    assert_eq!(output.chapters, 2);
    assert!(close(output.duration, book.duration, 150), "{output:?}");
    assert!(temporaries(tmp.path()).is_empty());
    Ok(())
}
