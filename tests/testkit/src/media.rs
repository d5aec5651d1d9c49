//! Real audio samples made by ffmpeg at test time (TESTBEDS.md, "Sample audiobooks with
//! ffmpeg"): short sine tones at 22 050 Hz mono, tagged with `-metadata`, bit-exact every run.
//! aural-media's tests include this file by path (it cannot depend on the test kit, which
//! depends on it through aural-services), so it uses nothing but std, anyhow and lofty.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use lofty::config::{ParseOptions, WriteOptions};
use lofty::file::AudioFile;
use lofty::mp4::{Atom, AtomData, AtomIdent, Mp4File};
use lofty::tag::TagExt;

const COMMON: [&str; 5] = ["-nostdin", "-hide_banner", "-loglevel", "error", "-y"];

fn ffmpeg(args: &[&str], output: &Path) -> Result<()> {
    let status = Command::new("ffmpeg")
        .args(COMMON)
        .args(args)
        .args(["-fflags", "+bitexact", "-flags:a", "+bitexact"])
        .arg(file_url(output))
        .output()
        .context("ffmpeg is needed for these tests: apt-get install -y ffmpeg")?;
    if !status.status.success() {
        bail!(
            "ffmpeg failed for {}: {}",
            output.display(),
            String::from_utf8_lossy(&status.stderr)
        );
    }
    Ok(())
}

/// `file:` + absolute path, so ffmpeg takes `-x.mp3` for no option and `a:b.mp3` for no protocol.
fn file_url(path: &Path) -> std::ffi::OsString {
    let mut url = std::ffi::OsString::from("file:");
    url.push(
        std::path::absolute(path)
            .expect("absolute path")
            .as_os_str(),
    );
    url
}

fn tone(seconds: u32) -> Vec<String> {
    vec![
        "-f".into(),
        "lavfi".into(),
        "-i".into(),
        format!("sine=frequency=440:duration={seconds}:sample_rate=22050"),
    ]
}

fn metadata(tags: &[(&str, &str)]) -> Vec<String> {
    tags.iter()
        .flat_map(|(k, v)| ["-metadata".to_owned(), format!("{k}={v}")])
        .collect()
}

fn run(parts: Vec<Vec<String>>, output: &Path) -> Result<()> {
    let args: Vec<String> = parts.into_iter().flatten().collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ffmpeg(&args, output)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A 300×300 JPEG, one frame of ffmpeg's test pattern.
pub fn cover(path: &Path) -> Result<PathBuf> {
    ffmpeg(
        &[
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=300x300",
            "-frames:v",
            "1",
        ],
        path,
    )?;
    Ok(path.to_owned())
}

/// An ID3v2.3 MP3 of `seconds`, tagged as given (unknown keys become `TXXX` frames), with
/// `cover` embedded as the attached picture when given.
pub fn mp3(
    path: &Path,
    seconds: u32,
    tags: &[(&str, &str)],
    cover: Option<&Path>,
) -> Result<PathBuf> {
    let mut parts = vec![tone(seconds)];
    if let Some(cover) = cover {
        parts.push(strings(&[
            "-i",
            &cover.to_string_lossy(),
            "-map",
            "0:a",
            "-map",
            "1:v",
            "-c:v",
            "copy",
            "-disposition:v",
            "attached_pic",
        ]));
    }
    parts.push(strings(&[
        "-c:a",
        "libmp3lame",
        "-b:a",
        "32k",
        "-ac",
        "1",
        "-id3v2_version",
        "3",
        "-write_id3v1",
        "0",
        "-f",
        "mp3",
    ]));
    parts.push(metadata(tags));
    run(parts, path)?;
    Ok(path.to_owned())
}

/// An M4B (AAC in an `M4B ` branded MP4) with the given chapters (start ms, end ms, title).
/// `faststart` puts the index first; without it the index is at the end, so cutting the file
/// loses it.
pub fn m4b(
    path: &Path,
    seconds: u32,
    tags: &[(&str, &str)],
    chapters: &[(u64, u64, &str)],
    cover: Option<&Path>,
    faststart: bool,
) -> Result<PathBuf> {
    let dir = path.parent().context("m4b path has a folder")?;
    let meta_file = dir.join(format!(
        ".{}.ffmeta",
        path.file_name().unwrap().to_string_lossy()
    ));
    let mut text = String::from(";FFMETADATA1\n");
    for (start, end, title) in chapters {
        text.push_str(&format!(
            "[CHAPTER]\nTIMEBASE=1/1000\nSTART={start}\nEND={end}\ntitle={title}\n"
        ));
    }
    fs::write(&meta_file, text)?;
    let mut parts = vec![tone(seconds)];
    let mut maps = strings(&["-map", "0:a"]);
    let meta_index = if let Some(cover) = cover {
        parts.push(strings(&["-i", &cover.to_string_lossy()]));
        maps.extend(strings(&[
            "-map",
            "1:v",
            "-c:v",
            "copy",
            "-disposition:v:0",
            "attached_pic",
        ]));
        2
    } else {
        1
    };
    parts.push(strings(&["-i", &meta_file.to_string_lossy()]));
    parts.push(maps);
    parts.push(strings(&[
        "-map_chapters",
        &meta_index.to_string(),
        "-c:a",
        "aac",
        "-b:a",
        "32k",
        "-ac",
        "1",
        "-f",
        "ipod",
        "-brand",
        "M4B ",
    ]));
    if faststart {
        parts.push(strings(&["-movflags", "+faststart"]));
    }
    parts.push(metadata(tags));
    run(parts, path)?;
    fs::remove_file(meta_file)?;
    Ok(path.to_owned())
}

/// A FLAC with Vorbis comments and, when given, an embedded picture.
pub fn flac(path: &Path, tags: &[(&str, &str)], cover: Option<&Path>) -> Result<PathBuf> {
    let mut parts = vec![tone(2)];
    if let Some(cover) = cover {
        parts.push(strings(&[
            "-i",
            &cover.to_string_lossy(),
            "-map",
            "0:a",
            "-map",
            "1:v",
            "-c:v",
            "copy",
            "-disposition:v",
            "attached_pic",
        ]));
    }
    parts.push(strings(&["-c:a", "flac", "-ac", "1", "-f", "flac"]));
    parts.push(metadata(tags));
    run(parts, path)?;
    Ok(path.to_owned())
}

/// An Opus file; its tags live on the stream, not the container.
pub fn opus(path: &Path, tags: &[(&str, &str)]) -> Result<PathBuf> {
    run(
        vec![
            tone(2),
            strings(&["-c:a", "libopus", "-b:a", "24k", "-ac", "1", "-f", "opus"]),
            metadata(tags),
        ],
        path,
    )?;
    Ok(path.to_owned())
}

/// A 1-second untagged MP3, for tests about names and layout rather than tags.
pub fn part(path: &Path) -> Result<PathBuf> {
    mp3(path, 1, &[], None)
}

/// Files that are not readable audio whatever their name says (TESTBEDS.md, "Broken").
pub fn broken_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let zero = dir.join("zero.mp3");
    std::fs::write(&zero, b"")?;
    let xs = dir.join("xs.mp3");
    std::fs::write(&xs, vec![b'x'; 64 * 1024])?;
    let text = dir.join("readme.mp3");
    std::fs::write(&text, b"This is a text file renamed to .mp3\n")?;
    let random = dir.join("random.m4b");
    std::fs::write(
        &random,
        (0..32 * 1024u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<u8>>(),
    )?;
    // Without +faststart the index (moov) is at the end; half the file has no index at all.
    let truncated = m4b(
        &dir.join("truncated.m4b"),
        4,
        &[("title", "Truncated")],
        &[],
        None,
        false,
    )?;
    let bytes = std::fs::read(&truncated)?;
    std::fs::write(&truncated, &bytes[..bytes.len() / 2])?;
    // Cut inside its ID3 tag (the embedded cover makes the tag ~17 KiB): no audio frame left.
    let cover = cover(&dir.join(".cut-cover.jpg"))?;
    let cut_mp3 = mp3(&dir.join("cut.mp3"), 3, &[("title", "Cut")], Some(&cover))?;
    let bytes = std::fs::read(&cut_mp3)?;
    std::fs::write(&cut_mp3, &bytes[..2000])?;
    Ok(vec![zero, xs, text, random, truncated, cut_mp3])
}

/// An MP3 of `seconds` whose ID3v2.3 tag holds `CHAP` frames for the given chapters (start ms,
/// end ms, title).
pub fn mp3_with_chapters(
    path: &Path,
    seconds: u32,
    chapters: &[(u64, u64, &str)],
) -> Result<PathBuf> {
    let meta_file = path.with_extension("ffmeta");
    let mut text = String::from(";FFMETADATA1\n");
    for (start, end, title) in chapters {
        text.push_str(&format!(
            "[CHAPTER]\nTIMEBASE=1/1000\nSTART={start}\nEND={end}\ntitle={title}\n"
        ));
    }
    fs::write(&meta_file, text)?;
    run(
        vec![
            tone(seconds),
            strings(&["-i", &meta_file.to_string_lossy()]),
            strings(&[
                "-map",
                "0:a",
                "-map_chapters",
                "1",
                "-c:a",
                "libmp3lame",
                "-b:a",
                "32k",
                "-ac",
                "1",
                "-id3v2_version",
                "3",
                "-f",
                "mp3",
            ]),
        ],
        path,
    )?;
    fs::remove_file(meta_file)?;
    Ok(path.to_owned())
}

/// An M4A (AAC in MP4) of `seconds`, tagged as given.
pub fn m4a(path: &Path, seconds: u32, tags: &[(&str, &str)]) -> Result<PathBuf> {
    run(
        vec![
            tone(seconds),
            strings(&["-c:a", "aac", "-b:a", "32k", "-ac", "1", "-f", "ipod"]),
            metadata(tags),
        ],
        path,
    )?;
    Ok(path.to_owned())
}

/// A FLAC of `seconds` with Vorbis comments.
pub fn flac_of(path: &Path, seconds: u32, tags: &[(&str, &str)]) -> Result<PathBuf> {
    run(
        vec![
            tone(seconds),
            strings(&["-c:a", "flac", "-ac", "1", "-f", "flac"]),
            metadata(tags),
        ],
        path,
    )?;
    Ok(path.to_owned())
}

/// An Opus file of `seconds`.
pub fn opus_of(path: &Path, seconds: u32, tags: &[(&str, &str)]) -> Result<PathBuf> {
    run(
        vec![
            tone(seconds),
            strings(&["-c:a", "libopus", "-b:a", "24k", "-ac", "1", "-f", "opus"]),
            metadata(tags),
        ],
        path,
    )?;
    Ok(path.to_owned())
}

/// Adds iTunes freeform atoms (`----:com.apple.iTunes:ASIN`…) to an MP4: ffmpeg cannot write
/// them (TESTBEDS.md), lofty can.
pub fn add_freeform(path: &Path, atoms: &[(&'static str, &str)]) -> Result<()> {
    let mp4 = Mp4File::read_from(&mut fs::File::open(path)?, ParseOptions::new())?;
    let mut ilst = mp4.ilst().cloned().unwrap_or_default();
    for (name, value) in atoms {
        let ident = AtomIdent::Freeform {
            mean: std::borrow::Cow::Borrowed("com.apple.iTunes"),
            name: std::borrow::Cow::Borrowed(name),
        };
        ilst.insert(Atom::new(ident, AtomData::UTF8((*value).to_owned())));
    }
    ilst.save_to_path(path, WriteOptions::default())?;
    Ok(())
}
