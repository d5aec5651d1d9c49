use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use aural_media::{AudioCodec, Ffprobe, MediaError};
use tokio_util::sync::CancellationToken;

use crate::sample;

#[tokio::test]
async fn m4b_chapters_duration_codec_and_tags_come_from_ffprobe() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let cover = sample::cover(&tmp.path().join("cover.jpg"))?;
    let path = sample::m4b(
        &tmp.path().join("a:b?.m4b"),
        6,
        &[("title", "Chaptered"), ("artist", "Sample Author")],
        &[
            (0, 2000, "Opening"),
            (2000, 4500, "Middle"),
            (4500, 6000, "End"),
        ],
        Some(&cover),
        true,
    )?;

    let probe = Ffprobe::default().probe(&path).await?;

    assert!(probe.format_name.contains("mp4"), "{}", probe.format_name);
    assert_eq!(probe.codec, Some(AudioCodec::Aac));
    assert_eq!(probe.sample_rate, Some(22050));
    assert_eq!(probe.channels, Some(1));
    assert!(probe.has_cover, "the attached picture stream is seen");
    assert_eq!(
        probe.tags.get("major_brand").map(String::as_str),
        Some("M4B ")
    );
    assert_eq!(
        probe.tags.get("title").map(String::as_str),
        Some("Chaptered")
    );
    let chapters: Vec<(u128, Option<&str>)> = probe
        .chapters
        .iter()
        .map(|c| (c.start.as_millis(), c.title.as_deref()))
        .collect();
    assert_eq!(
        chapters,
        [
            (0, Some("Opening")),
            (2000, Some("Middle")),
            (4500, Some("End"))
        ],
        "chapters from the ffmetadata file"
    );
    assert_eq!(probe.chapters[2].end, Duration::from_secs(6));
    let duration = probe.duration.expect("duration").as_secs_f64();
    assert!((duration - 6.0).abs() < 0.2, "duration {duration}");
    Ok(())
}

#[tokio::test]
async fn mp3_bitrate_and_txxx_asin_come_from_ffprobe_even_for_hostile_names() -> anyhow::Result<()>
{
    let tmp = tempfile::tempdir()?;
    for name in [
        "-leading dash.mp3",
        "a:b?.mp3",
        "new\nline.mp3",
        "quotes ' \" ; $(x).mp3",
    ] {
        let path = sample::mp3(&tmp.path().join(name), 2, &[("ASIN", "B0SAMPLEMP")], None)?;

        let probe = Ffprobe::default().probe(&path).await?;

        assert_eq!(probe.format_name, "mp3", "{name:?}");
        assert_eq!(probe.codec, Some(AudioCodec::Mp3), "{name:?}");
        assert!(
            probe.bitrate_kbps.is_some_and(|b| (28..=40).contains(&b)),
            "{name:?}: {:?}",
            probe.bitrate_kbps
        );
        assert_eq!(
            probe.tags.get("asin").map(String::as_str),
            Some("B0SAMPLEMP"),
            "{name:?}"
        );
        assert!(probe.chapters.is_empty());
    }
    Ok(())
}

#[tokio::test]
async fn broken_files_are_unreadable_with_ffprobes_reason() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    for broken in sample::broken_files(tmp.path())? {
        let result = Ffprobe::default().probe(&broken).await;
        match result {
            Err(MediaError::Unreadable { path, message }) => {
                assert_eq!(path, broken);
                assert!(
                    !message.is_empty() && !message.contains('\n'),
                    "one line from ffprobe: {message:?}"
                );
            }
            other => panic!("{} should be unreadable, got {other:?}", broken.display()),
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_missing_ffprobe_says_how_to_install_it() {
    let ffprobe = Ffprobe {
        program: PathBuf::from("/nonexistent/ffprobe"),
        ..Ffprobe::default()
    };

    let err = ffprobe.probe(Path::new("any.mp3")).await.unwrap_err();

    assert!(matches!(err, MediaError::FfprobeMissing { .. }), "{err:?}");
    assert!(
        err.to_string().contains("apt-get install -y ffmpeg"),
        "{err}"
    );
}

#[tokio::test]
async fn a_hanging_ffprobe_is_killed_at_the_timeout() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let fake = tmp.path().join("ffprobe");
    std::fs::write(&fake, "#!/bin/sh\nexec sleep 60\n")?;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755))?;
    let ffprobe = Ffprobe {
        program: fake,
        timeout: Duration::from_millis(300),
    };

    let started = std::time::Instant::now();
    let err = ffprobe.probe(Path::new("slow.mp3")).await.unwrap_err();

    assert!(matches!(err, MediaError::ProbeTimeout { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the wait ended at the timeout, not when sleep ended"
    );
    Ok(())
}

#[tokio::test]
async fn probing_many_files_gives_each_its_own_result_in_order() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let good = sample::part(&tmp.path().join("01.mp3"))?;
    let zero = tmp.path().join("02.mp3");
    std::fs::write(&zero, b"")?;
    let also_good = sample::m4b(&tmp.path().join("03.m4b"), 1, &[], &[], None, true)?;
    let files = vec![good.clone(), zero.clone(), also_good.clone()];

    let results = Ffprobe::default()
        .probe_all(files, 2, &CancellationToken::new())
        .await?;

    let order: Vec<&PathBuf> = results.iter().map(|(p, _)| p).collect();
    assert_eq!(
        order,
        [&good, &zero, &also_good],
        "results keep the order of the files"
    );
    assert!(results[0].1.is_ok() && results[2].1.is_ok(), "{results:?}");
    assert!(
        matches!(results[1].1, Err(MediaError::Unreadable { .. })),
        "the zero-byte file fails alone"
    );

    let cancel = CancellationToken::new();
    cancel.cancel();
    let cancelled = Ffprobe::default().probe_all(vec![good], 1, &cancel).await;
    assert!(
        matches!(cancelled, Err(MediaError::Cancelled)),
        "{cancelled:?}"
    );
    Ok(())
}
