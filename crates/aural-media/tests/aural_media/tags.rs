use std::time::Duration;

use aural_media::{AudioCodec, MediaError, read_tags};
use lofty::config::WriteOptions;
use lofty::tag::{ItemKey, Tag, TagExt, TagType};

use crate::sample;

fn approx(d: Duration, secs: f64) -> bool {
    (d.as_secs_f64() - secs).abs() < 0.3
}

#[test]
fn mp3_id3_tags_are_read_including_txxx_asin_and_series() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let cover = sample::cover(&tmp.path().join("cover.jpg"))?;
    let path = sample::mp3(
        &tmp.path().join("01 - Part 01.mp3"),
        3,
        &[
            ("title", "Part 01"),
            ("album", "MP3 Sample Book"),
            ("artist", "Sample Author"),
            ("album_artist", "Sample Album Author"),
            ("composer", "Sample Narrator"),
            ("track", "1/12"),
            ("disc", "2/2"),
            ("date", "2019"),
            ("publisher", "Sample Publisher"),
            ("genre", "Fantasy"),
            ("language", "eng"),
            ("ASIN", "B0SAMPLEMP"),
            ("series", "Sample Series"),
            ("series-part", "3"),
        ],
        Some(&cover),
    )?;

    let tags = read_tags(&path)?;

    assert_eq!(tags.title.as_deref(), Some("Part 01"));
    assert_eq!(tags.album.as_deref(), Some("MP3 Sample Book"));
    assert_eq!(tags.artists, ["Sample Author"]);
    assert_eq!(tags.album_artists, ["Sample Album Author"]);
    assert_eq!(
        tags.narrators,
        ["Sample Narrator"],
        "the composer stands for the narrator without a NARRATOR tag"
    );
    assert_eq!(
        tags.asin.as_ref().map(|a| a.as_str()),
        Some("B0SAMPLEMP"),
        "TXXX:ASIN is read"
    );
    assert_eq!(
        tags.series.as_deref(),
        Some("Sample Series"),
        "TXXX:series is read"
    );
    assert_eq!(tags.series_position.as_deref(), Some("3"));
    assert_eq!(tags.year, Some(2019));
    assert_eq!(tags.publisher.as_deref(), Some("Sample Publisher"));
    assert_eq!(tags.genres, ["Fantasy"]);
    assert_eq!(tags.language.as_deref(), Some("eng"));
    assert_eq!((tags.track, tags.disc), (Some(1), Some(2)));
    assert!(tags.has_cover, "the attached picture is seen");
    assert_eq!(tags.properties.codec, Some(AudioCodec::Mp3));
    assert!(
        approx(tags.properties.duration, 3.0),
        "duration {:?}",
        tags.properties.duration
    );
    assert_eq!(tags.properties.sample_rate, Some(22050));
    assert_eq!(tags.properties.channels, Some(1));
    assert!(
        tags.properties
            .bitrate_kbps
            .is_some_and(|b| (24..=40).contains(&b)),
        "{:?}",
        tags.properties.bitrate_kbps
    );
    Ok(())
}

#[test]
fn mp3_movement_frames_give_the_series_when_no_series_tag_exists() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let path = sample::part(&tmp.path().join("mvnm.mp3"))?;
    let mut tag = Tag::new(TagType::Id3v2);
    tag.insert_text(ItemKey::TrackTitle, "Movement Book".into());
    tag.insert_text(ItemKey::Movement, "Movement Series".into());
    tag.insert_text(ItemKey::MovementNumber, "4".into());
    tag.insert_text(ItemKey::ContentGroup, "Grouping Series".into());
    tag.save_to_path(&path, WriteOptions::default())?;

    let tags = read_tags(&path)?;

    assert_eq!(tags.title.as_deref(), Some("Movement Book"));
    assert_eq!(
        tags.series.as_deref(),
        Some("Movement Series"),
        "MVNM wins over the grouping"
    );
    assert_eq!(
        tags.series_position.as_deref(),
        Some("4"),
        "MVIN is the position"
    );
    assert_eq!(tags.asin, None);
    assert!(!tags.has_cover);
    Ok(())
}

#[test]
fn m4b_atoms_give_asin_series_description_cover_and_aac() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let cover = sample::cover(&tmp.path().join("cover.jpg"))?;
    let path = sample::m4b(
        &tmp.path().join("book.m4b"),
        4,
        &[
            ("title", "M4B Sample Book"),
            ("album", "M4B Sample Book"),
            ("artist", "Sample Author"),
            ("composer", "Sample Narrator"),
            ("grouping", "Grouped Series"),
            ("description", "A short description."),
            ("date", "2021-03-04"),
            ("genre", "Science Fiction"),
        ],
        &[(0, 2000, "One"), (2000, 4000, "Two")],
        Some(&cover),
        true,
    )?;
    sample::add_freeform(
        &path,
        &[("ASIN", "b0samplem4"), ("NARRATOR", "Freeform Narrator")],
    )?;

    let tags = read_tags(&path)?;

    assert_eq!(tags.title.as_deref(), Some("M4B Sample Book"));
    assert_eq!(
        tags.asin.as_ref().map(|a| a.as_str()),
        Some("B0SAMPLEM4"),
        "the freeform ASIN atom, upper-cased"
    );
    assert_eq!(
        tags.narrators,
        ["Freeform Narrator"],
        "an explicit narrator wins over the composer"
    );
    assert_eq!(tags.composers, ["Sample Narrator"]);
    assert_eq!(
        tags.series.as_deref(),
        Some("Grouped Series"),
        "©grp is the series of last resort"
    );
    assert_eq!(tags.description.as_deref(), Some("A short description."));
    assert_eq!(tags.year, Some(2021));
    assert_eq!(tags.genres, ["Science Fiction"]);
    assert!(tags.has_cover);
    assert_eq!(tags.properties.codec, Some(AudioCodec::Aac));
    assert!(
        approx(tags.properties.duration, 4.0),
        "duration {:?}",
        tags.properties.duration
    );
    Ok(())
}

#[test]
fn flac_and_opus_vorbis_comments_are_read() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let cover = sample::cover(&tmp.path().join("cover.jpg"))?;
    let vorbis = [
        ("title", "Vorbis Book"),
        ("artist", "Vorbis Author"),
        ("NARRATOR", "Vorbis Narrator"),
        ("SERIES", "Vorbis Series"),
        ("SERIES-PART", "1.5"),
        ("ASIN", "B0SAMPLEFL"),
        ("LANGUAGE", "German"),
        ("PUBLISHER", "Vorbis House"),
    ];
    let flac = sample::flac(&tmp.path().join("book.flac"), &vorbis, Some(&cover))?;
    let opus = sample::opus(&tmp.path().join("book.opus"), &vorbis)?;

    for (path, codec, cover) in [
        (flac, AudioCodec::Flac, true),
        (opus, AudioCodec::Opus, false),
    ] {
        let tags = read_tags(&path)?;
        let name = path.display();
        assert_eq!(tags.title.as_deref(), Some("Vorbis Book"), "{name}");
        assert_eq!(tags.narrators, ["Vorbis Narrator"], "{name}");
        assert_eq!(tags.series.as_deref(), Some("Vorbis Series"), "{name}");
        assert_eq!(tags.series_position.as_deref(), Some("1.5"), "{name}");
        assert_eq!(
            tags.asin.as_ref().map(|a| a.as_str()),
            Some("B0SAMPLEFL"),
            "{name}"
        );
        assert_eq!(tags.language.as_deref(), Some("German"), "{name}");
        assert_eq!(tags.publisher.as_deref(), Some("Vorbis House"), "{name}");
        assert_eq!(tags.properties.codec, Some(codec), "{name}");
        assert_eq!(tags.has_cover, cover, "{name}");
        assert!(
            approx(tags.properties.duration, 2.0),
            "{name}: {:?}",
            tags.properties.duration
        );
    }
    Ok(())
}

#[test]
fn an_invalid_asin_is_ignored() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let path = sample::mp3(
        &tmp.path().join("bad-asin.mp3"),
        1,
        &[("ASIN", "not an asin"), ("AUDIBLE_ASIN", "B0VALIDAS1")],
        None,
    )?;

    let tags = read_tags(&path)?;

    assert_eq!(
        tags.asin.as_ref().map(|a| a.as_str()),
        Some("B0VALIDAS1"),
        "the first valid ASIN is taken"
    );
    Ok(())
}

#[test]
fn broken_files_give_a_per_file_error_not_a_panic() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    for broken in sample::broken_files(tmp.path())? {
        let result = read_tags(&broken);
        assert!(
            matches!(result, Err(MediaError::Tags { ref path, .. }) if *path == broken),
            "{}: {result:?}",
            broken.display()
        );
        let message = result.unwrap_err().to_string();
        assert!(
            message.contains(&*broken.to_string_lossy()),
            "the message names the file: {message}"
        );
    }
    let fifo = tmp.path().join("fifo.mp3");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()?
            .success()
    );
    assert!(
        matches!(read_tags(&fifo), Err(MediaError::NotAFile { .. })),
        "a FIFO is refused without blocking"
    );
    Ok(())
}

#[test]
fn an_m4a_named_mp3_is_read_but_marked_mislabelled() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let m4a = sample::m4b(
        &tmp.path().join("real.m4a"),
        1,
        &[("title", "Really M4A")],
        &[],
        None,
        true,
    )?;
    let named_mp3 = tmp.path().join("named.mp3");
    std::fs::rename(&m4a, &named_mp3)?;
    let honest = sample::part(&tmp.path().join("honest.mp3"))?;

    let tags = read_tags(&named_mp3)?;

    assert_eq!(
        tags.title.as_deref(),
        Some("Really M4A"),
        "the content is read by what it is"
    );
    assert_eq!(tags.properties.codec, Some(AudioCodec::Aac));
    assert!(tags.mislabelled, "an MP4 named .mp3 is flagged");
    assert!(!read_tags(&honest)?.mislabelled, "an MP3 named .mp3 is not");
    Ok(())
}
