//! Facts about an audio file from the system's ffprobe: duration, codec, bitrate, chapters.
//!
//! `ffprobe -v error -show_format -show_streams -show_chapters -of json` (TESTBEDS.md);
//! ffprobe exits non-zero on zero-byte, garbage and truncated files, which becomes
//! [`MediaError::Unreadable`] with ffprobe's own message.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use futures::{StreamExt, stream};
use serde::Deserialize;
use tokio::process::Command;
use tokio_util::sync::CancellationToken;

use crate::MediaError;
use crate::format::AudioCodec;

/// How to run ffprobe; `Ffprobe::default()` finds `ffprobe` on `PATH`.
#[derive(Debug, Clone)]
pub struct Ffprobe {
    pub program: PathBuf,
    /// A damaged file can make ffprobe search a long time; past this it is killed.
    pub timeout: Duration,
}

impl Default for Ffprobe {
    fn default() -> Self {
        Ffprobe {
            program: PathBuf::from("ffprobe"),
            timeout: Duration::from_secs(30),
        }
    }
}

/// One chapter as the container lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    pub start: Duration,
    pub end: Duration,
    pub title: Option<String>,
}

/// What ffprobe reports about a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// `mp3`, `flac`, `ogg`, `mov,mp4,m4a,3gp,3g2,mj2`, …
    pub format_name: String,
    pub duration: Option<Duration>,
    /// Where the first sample plays: MP3 encoders put a delay of silence there that ffmpeg
    /// skips, so the audible length is `duration - start_time` (see [`Probe::playable`]).
    pub start_time: Option<Duration>,
    pub bitrate_kbps: Option<u32>,
    pub codec: Option<AudioCodec>,
    pub sample_rate: Option<u32>,
    pub channels: Option<u32>,
    pub chapters: Vec<Chapter>,
    /// Container tags merged with the audio stream's (Opus keeps its tags on the stream),
    /// keys lower-cased: `TXXX:ASIN` and the MP4 freeform atom both appear as `asin`.
    pub tags: BTreeMap<String, String>,
    /// Whether an attached picture (embedded cover) is present.
    pub has_cover: bool,
}

impl Probe {
    /// How long the audio plays: the duration less the encoder delay ffmpeg skips. ffprobe's
    /// MP3 duration still counts the final frame's padding, so this can be one frame long.
    pub fn playable(&self) -> Option<Duration> {
        let duration = self.duration?;
        Some(duration.saturating_sub(self.start_time.unwrap_or_default()))
    }
}

impl Ffprobe {
    /// Runs ffprobe on `path`; the process is killed if it outlives [`Ffprobe::timeout`].
    pub async fn probe(&self, path: &Path) -> Result<Probe, MediaError> {
        let absolute = std::path::absolute(path).map_err(|e| MediaError::io(path, e))?;
        // `file:` keeps names like `a:b.m4b` from being taken for a protocol and `-x.mp3` for an option.
        let mut input = OsString::from("file:");
        input.push(absolute.as_os_str());
        let child = Command::new(&self.program)
            .args([
                "-v",
                "error",
                "-show_format",
                "-show_streams",
                "-show_chapters",
                "-of",
                "json",
                "-i",
            ])
            .arg(&input)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|source| MediaError::FfprobeMissing { source })?;
        let output = tokio::time::timeout(self.timeout, child.wait_with_output())
            .await
            .map_err(|_| MediaError::ProbeTimeout {
                path: path.to_owned(),
                seconds: self.timeout.as_secs(),
            })?
            .map_err(|e| MediaError::io(path, e))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let message = stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("no message");
            return Err(MediaError::Unreadable {
                path: path.to_owned(),
                message: last_words(message),
            });
        }
        let raw: RawProbe =
            serde_json::from_slice(&output.stdout).map_err(|source| MediaError::ProbeOutput {
                path: path.to_owned(),
                source,
            })?;
        raw.into_probe(path)
    }
}

impl Ffprobe {
    /// Probes `files` with at most `limit` ffprobe processes at once, keeping their order; each
    /// file has its own result, so one damaged file does not hide the others. Cancelling kills
    /// the running ffprobes and returns [`MediaError::Cancelled`].
    pub async fn probe_all(
        &self,
        files: Vec<PathBuf>,
        limit: usize,
        cancel: &CancellationToken,
    ) -> Result<Vec<(PathBuf, Result<Probe, MediaError>)>, MediaError> {
        let all = stream::iter(files)
            .map(|file| async move {
                let result = self.probe(&file).await;
                (file, result)
            })
            .buffered(limit.max(1))
            .collect::<Vec<_>>();
        tokio::select! {
            biased;
            _ = cancel.cancelled() => Err(MediaError::Cancelled),
            results = all => Ok(results),
        }
    }
}

/// ffprobe prefixes messages with the full input name; keep only what follows it.
fn last_words(line: &str) -> String {
    let line = line.trim();
    line.rsplit_once(": ")
        .map_or(line, |(_, msg)| msg)
        .chars()
        .take(300)
        .collect()
}

#[derive(Deserialize)]
struct RawProbe {
    #[serde(default)]
    format: Option<RawFormat>,
    #[serde(default)]
    streams: Vec<RawStream>,
    #[serde(default)]
    chapters: Vec<RawChapter>,
}

#[derive(Deserialize)]
struct RawFormat {
    format_name: String,
    duration: Option<String>,
    start_time: Option<String>,
    bit_rate: Option<String>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct RawStream {
    codec_type: Option<String>,
    codec_name: Option<String>,
    sample_rate: Option<String>,
    channels: Option<u32>,
    bit_rate: Option<String>,
    duration: Option<String>,
    #[serde(default)]
    disposition: BTreeMap<String, i64>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct RawChapter {
    start_time: String,
    end_time: String,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

impl RawProbe {
    fn into_probe(self, path: &Path) -> Result<Probe, MediaError> {
        let format = self.format.ok_or_else(|| MediaError::Unreadable {
            path: path.to_owned(),
            message: "ffprobe found no container format".to_owned(),
        })?;
        let audio = self
            .streams
            .iter()
            .find(|s| s.codec_type.as_deref() == Some("audio"))
            .ok_or_else(|| MediaError::Unreadable {
                path: path.to_owned(),
                message: "the file has no audio stream".to_owned(),
            })?;
        let has_cover = self
            .streams
            .iter()
            .any(|s| s.disposition.get("attached_pic") == Some(&1));
        let mut tags: BTreeMap<String, String> = BTreeMap::new();
        for (key, value) in audio.tags.iter().chain(&format.tags) {
            tags.entry(key.to_lowercase())
                .or_insert_with(|| value.clone());
        }
        let chapters = self
            .chapters
            .into_iter()
            .filter_map(|c| {
                Some(Chapter {
                    start: seconds(&c.start_time)?,
                    end: seconds(&c.end_time)?,
                    title: c.tags.get("title").cloned(),
                })
            })
            .collect();
        let bitrate = audio.bit_rate.as_deref().or(format.bit_rate.as_deref());
        Ok(Probe {
            duration: format
                .duration
                .as_deref()
                .or(audio.duration.as_deref())
                .and_then(seconds),
            start_time: format.start_time.as_deref().and_then(seconds),
            bitrate_kbps: bitrate
                .and_then(|b| b.parse::<u64>().ok())
                .map(|b| ((b + 500) / 1000) as u32),
            codec: audio.codec_name.as_deref().map(AudioCodec::from_ffprobe),
            sample_rate: audio.sample_rate.as_deref().and_then(|r| r.parse().ok()),
            channels: audio.channels,
            format_name: format.format_name,
            chapters,
            tags,
            has_cover,
        })
    }
}

/// ffprobe prints times as decimal seconds ("5.015510"); "N/A" and garbage become `None`.
fn seconds(text: &str) -> Option<Duration> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use super::RawProbe;
    use crate::MediaError;
    use crate::format::AudioCodec;

    #[test]
    fn opus_stream_tags_and_chapters_are_read() {
        let json = r#"{"streams":[{"codec_type":"audio","codec_name":"opus","sample_rate":"48000","channels":1,
            "tags":{"ASIN":"B0SAMPLEOP","title":"Stream title"}}],
            "chapters":[{"start_time":"0.000000","end_time":"2.500000","tags":{"title":"One"}},
                        {"start_time":"2.500000","end_time":"N/A","tags":{}}],
            "format":{"format_name":"ogg","duration":"5.000000","bit_rate":"24500","tags":{"TITLE":"Format title"}}}"#;
        let raw: RawProbe = serde_json::from_str(json).unwrap();
        let probe = raw.into_probe(Path::new("x.opus")).unwrap();
        assert_eq!(
            probe.tags.get("asin").map(String::as_str),
            Some("B0SAMPLEOP"),
            "Opus keeps tags on the stream"
        );
        assert_eq!(
            probe.tags.get("title").map(String::as_str),
            Some("Stream title"),
            "the stream's tag wins"
        );
        assert_eq!(probe.codec, Some(AudioCodec::Opus));
        assert_eq!(probe.bitrate_kbps, Some(25));
        assert_eq!(probe.duration, Some(Duration::from_secs(5)));
        assert_eq!(
            probe.chapters.len(),
            1,
            "a chapter without a readable end is dropped"
        );
        assert_eq!(probe.chapters[0].title.as_deref(), Some("One"));
    }

    #[test]
    fn output_without_audio_is_unreadable() {
        let json = r#"{"streams":[{"codec_type":"video","codec_name":"mjpeg"}],"format":{"format_name":"image2"}}"#;
        let raw: RawProbe = serde_json::from_str(json).unwrap();
        let err = raw.into_probe(Path::new("cover.mp3")).unwrap_err();
        assert!(matches!(err, MediaError::Unreadable { .. }), "{err:?}");
    }
}
