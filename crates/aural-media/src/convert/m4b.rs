//! One M4B from a book's parts (SPEC §7.8): the AAC stream copied when every part already is
//! AAC of the same shape (concat demuxer), else encoded to AAC at the nearest of 64/96/128 kbps
//! to the source, its sample rate kept and mono kept mono (concat filter).

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::M4bOutput;
use super::ffmpeg::{Ffmpeg, RunError, file_url, opt};
use super::output::Scratch;
use super::tagging::{BookMetadata, write_tags};
use crate::MediaError;
use crate::chapters::{BookChapters, PartTiming};
use crate::format::AudioCodec;

/// The spec's tolerance: the M4B runs within 0.5 % of the parts' sum…
const DURATION_TOLERANCE: f64 = 0.005;
/// …plus encoder priming and padding, up to ~50 ms per part in AAC and MP3.
pub(crate) const SLACK_PER_PART: Duration = Duration::from_millis(100);

/// A book to write as one M4B.
#[derive(Debug, Clone, Copy)]
pub struct M4bJob<'a> {
    /// Parts and chapters from [`crate::book_chapters`].
    pub book: &'a BookChapters,
    pub metadata: &'a BookMetadata,
    /// The final file name; it must not exist yet.
    pub target: &'a Path,
}

impl Ffmpeg {
    /// Writes `job.book` as one M4B at `job.target`, reporting the fraction done to
    /// `on_progress`. See the module docs of `convert` for the guarantees on failure.
    pub async fn to_m4b(
        &self,
        job: &M4bJob<'_>,
        on_progress: &mut (dyn FnMut(f64) + Send),
        cancel: &CancellationToken,
    ) -> Result<M4bOutput, MediaError> {
        let parts = &job.book.parts;
        if parts.is_empty() {
            return Err(MediaError::NothingToConvert);
        }
        for part in parts {
            check_source(&part.path)?;
        }
        let mut scratch = Scratch::new(job.target)?;
        let copy = can_copy(parts);
        // A concat list is text with one name a line: a name with a newline or bytes that are
        // not UTF-8 cannot be in it, so such books are joined by the concat filter instead.
        let listable = parts.iter().all(|p| {
            p.path
                .to_str()
                .is_some_and(|name| !name.contains(['\n', '\r']))
        });
        let mut args: Vec<OsString> = Vec::new();
        let stream_copied = if copy && (parts.len() == 1 || listable) {
            if parts.len() == 1 {
                opt(&mut args, "-i", file_url(&parts[0].path)?);
            } else {
                let list = scratch.extra("concat");
                write_concat_list(&list, parts)?;
                opt(&mut args, "-f", "concat");
                opt(&mut args, "-safe", "0");
                opt(&mut args, "-i", file_url(&list)?);
            }
            opt(&mut args, "-map", "0:a:0");
            opt(&mut args, "-c:a", "copy");
            true
        } else {
            // The concat filter opens every input at once and takes any name.
            for part in parts {
                opt(&mut args, "-i", file_url(&part.path)?);
            }
            let rate = parts[0].probe.sample_rate.unwrap_or(44_100);
            let mono = parts.iter().all(|p| p.probe.channels == Some(1));
            let layout = if mono { "mono" } else { "stereo" };
            let mut graph = String::new();
            for i in 0..parts.len() {
                graph.push_str(&format!(
                    "[{i}:a:0]aformat=sample_rates={rate}:channel_layouts={layout}[a{i}];"
                ));
            }
            for i in 0..parts.len() {
                graph.push_str(&format!("[a{i}]"));
            }
            graph.push_str(&format!("concat=n={}:v=0:a=1[out]", parts.len()));
            opt(&mut args, "-filter_complex", graph);
            opt(&mut args, "-map", "[out]");
            opt(&mut args, "-c:a", "aac");
            opt(&mut args, "-b:a", format!("{}k", target_kbps(parts)));
            false
        };
        opt(&mut args, "-map_metadata", "-1");
        opt(&mut args, "-map_chapters", "-1");
        opt(&mut args, "-movflags", "+faststart");
        opt(&mut args, "-f", "ipod");
        opt(&mut args, "-brand", "M4B ");
        args.push(file_url(&scratch.output)?);
        let expected = job.book.duration;
        match self.run(&args, expected, on_progress, cancel).await {
            Ok(()) => {}
            Err(RunError::Media(e)) => return Err(e),
            Err(RunError::Failed(failure)) => {
                return Err(MediaError::ConvertFailed {
                    path: job.target.to_owned(),
                    message: failure.message,
                });
            }
        }
        if cancel.is_cancelled() {
            return Err(MediaError::Cancelled);
        }
        let output = scratch.output.clone();
        let metadata = job.metadata.clone();
        let chapters = job.book.chapters.clone();
        tokio::task::spawn_blocking(move || write_tags(&output, &metadata, Some(&chapters)))
            .await
            .map_err(|_| MediaError::Cancelled)??;
        let tolerance = Duration::from_secs_f64(expected.as_secs_f64() * DURATION_TOLERANCE)
            .max(SLACK_PER_PART * parts.len() as u32);
        scratch
            .finish(
                &self.ffprobe,
                expected,
                tolerance,
                job.book.chapters.len(),
                stream_copied,
            )
            .await
    }
}

/// A source must still be a regular file: a FIFO would block ffmpeg, a vanished file is named.
pub(crate) fn check_source(path: &Path) -> Result<(), MediaError> {
    let meta = fs::metadata(path).map_err(|e| MediaError::io(path, e))?;
    if meta.is_file() {
        Ok(())
    } else {
        Err(MediaError::NotAFile {
            path: path.to_owned(),
        })
    }
}

/// Every part AAC with one sample rate and channel count: the concat demuxer can join them.
fn can_copy(parts: &[PartTiming]) -> bool {
    let first = &parts[0].probe;
    parts.iter().all(|p| {
        p.probe.codec == Some(AudioCodec::Aac)
            && p.probe.sample_rate == first.sample_rate
            && p.probe.channels == first.channels
    })
}

/// The nearest of 64/96/128 kbps to the parts' highest bitrate; 64 when none is known.
fn target_kbps(parts: &[PartTiming]) -> u32 {
    let source = parts
        .iter()
        .filter_map(|p| p.probe.bitrate_kbps)
        .max()
        .unwrap_or(64);
    [64u32, 96, 128]
        .into_iter()
        .min_by_key(|k| k.abs_diff(source))
        .expect("the list is not empty")
}

/// The concat demuxer's list: `file '<url>'`, a `'` inside written as `'\''`.
fn write_concat_list(list: &Path, parts: &[PartTiming]) -> Result<(), MediaError> {
    let mut text = String::from("ffconcat version 1.0\n");
    for part in parts {
        let url = file_url(&part.path)?;
        let url = url.to_str().ok_or_else(|| MediaError::NotAFile {
            path: part.path.clone(),
        })?;
        text.push_str("file '");
        text.push_str(&url.replace('\'', r"'\''"));
        text.push_str("'\n");
    }
    let mut file = fs::File::create(list).map_err(|e| MediaError::io(list, e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| MediaError::io(list, e))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;
    use std::time::Duration;

    use super::{can_copy, target_kbps};
    use crate::chapters::PartTiming;
    use crate::format::AudioCodec;
    use crate::probe::Probe;

    fn part(codec: AudioCodec, rate: u32, kbps: u32) -> PartTiming {
        PartTiming {
            path: PathBuf::from("/x"),
            start: Duration::ZERO,
            duration: Duration::from_secs(1),
            probe: Probe {
                format_name: String::new(),
                duration: None,
                start_time: None,
                bitrate_kbps: Some(kbps),
                codec: Some(codec),
                sample_rate: Some(rate),
                channels: Some(1),
                chapters: Vec::new(),
                tags: BTreeMap::new(),
                has_cover: false,
            },
        }
    }

    #[test]
    fn only_alike_aac_parts_are_copied() {
        let aac = part(AudioCodec::Aac, 22_050, 32);
        assert!(can_copy(&[aac.clone(), aac.clone()]));
        assert!(!can_copy(&[aac.clone(), part(AudioCodec::Aac, 44_100, 32)]));
        assert!(!can_copy(&[aac, part(AudioCodec::Mp3, 22_050, 32)]));
    }

    #[test]
    fn bitrate_is_the_nearest_of_three() {
        for (kbps, want) in [
            (32, 64),
            (80, 64),
            (81, 96),
            (112, 96),
            (113, 128),
            (320, 128),
        ] {
            assert_eq!(
                target_kbps(&[part(AudioCodec::Mp3, 22_050, kbps)]),
                want,
                "{kbps} kbps"
            );
        }
    }
}
