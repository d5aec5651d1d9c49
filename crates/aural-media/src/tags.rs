//! Tags and audio properties read with lofty (SPEC §7.3).
//!
//! Audiobook tags live in many places: the series in `TXXX:SERIES`, MVNM/MVIN or the grouping;
//! the ASIN in `TXXX:ASIN`, `----:com.apple.iTunes:ASIN`, `AUDIBLE_ASIN` or Audible's `CDEK`.
//! Each field below tries those places in order.

use std::fs::File;
use std::io::{BufReader, Seek};
use std::path::Path;
use std::time::Duration;

use aural_core::Asin;
use lofty::config::ParseOptions;
use lofty::file::{AudioFile, FileType, TaggedFile, TaggedFileExt};
use lofty::mp4::{Mp4Codec, Mp4File};
use lofty::mpeg::MpegFile;
use lofty::tag::{Accessor, ItemKey, ItemValue, Tag};

use crate::MediaError;
use crate::format::{AudioCodec, AudioFormat};

/// What lofty reads from the file itself, without ffprobe.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioProperties {
    pub duration: Duration,
    pub codec: Option<AudioCodec>,
    pub bitrate_kbps: Option<u32>,
    pub sample_rate: Option<u32>,
    pub channels: Option<u8>,
}

/// The tags of one audio file; missing fields are `None` or empty.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioTags {
    pub title: Option<String>,
    pub album: Option<String>,
    pub artists: Vec<String>,
    pub album_artists: Vec<String>,
    pub composers: Vec<String>,
    /// Explicit narrator tags (`TXXX:NARRATOR`, `©nrt`, `NARRATOR`), else the composers.
    pub narrators: Vec<String>,
    pub series: Option<String>,
    /// Raw position text, parse with `aural_core::SeriesPosition`.
    pub series_position: Option<String>,
    pub year: Option<i32>,
    pub publisher: Option<String>,
    pub description: Option<String>,
    pub genres: Vec<String>,
    pub language: Option<String>,
    /// The first tag that holds a valid ASIN (ten characters `A–Z0–9`).
    pub asin: Option<Asin>,
    pub track: Option<u32>,
    pub disc: Option<u32>,
    pub has_cover: bool,
    /// The content is another format than the extension says (an M4A named `.mp3`): players
    /// and AudioBookShelf pick a decoder by extension, so such a file is not imported as is.
    pub mislabelled: bool,
    pub properties: AudioProperties,
}

/// Reads tags and properties of one file. A damaged, truncated or mislabelled non-audio file
/// gives [`MediaError::Tags`]; a FIFO or folder gives [`MediaError::NotAFile`] without opening it.
pub fn read_tags(path: &Path) -> Result<AudioTags, MediaError> {
    let meta = std::fs::metadata(path).map_err(|e| MediaError::io(path, e))?;
    if !meta.is_file() {
        return Err(MediaError::NotAFile {
            path: path.to_owned(),
        });
    }
    let tags_error = |source| MediaError::Tags {
        path: path.to_owned(),
        source,
    };
    let options = ParseOptions::new().read_cover_art(true);
    let file = File::open(path).map_err(|e| MediaError::io(path, e))?;
    let probe = lofty::probe::Probe::new(BufReader::new(file))
        .options(options)
        .guess_file_type()
        .map_err(|e| MediaError::io(path, e))?;
    let file_type = probe.file_type();
    let mut reader = probe.into_inner();
    reader.rewind().map_err(|e| MediaError::io(path, e))?;
    let mut user_texts = Vec::new();
    let mut codec = file_type.and_then(codec_of);
    let tagged: TaggedFile = match file_type {
        Some(FileType::Mpeg) => {
            let mpeg = MpegFile::read_from(&mut reader, options).map_err(tags_error)?;
            // lofty's generic tag drops TXXX frames whose description has four letters — ASIN among them.
            if let Some(id3) = mpeg.id3v2() {
                for desc in ["ASIN", "AUDIBLE_ASIN", "asin"] {
                    if let Some(value) = id3.get_user_text(desc) {
                        user_texts.push(("ASIN".to_owned(), value.to_owned()));
                    }
                }
            }
            mpeg.into()
        }
        Some(FileType::Mp4) => {
            let mp4 = Mp4File::read_from(&mut reader, options).map_err(tags_error)?;
            codec = match mp4.properties().codec() {
                Mp4Codec::AAC => Some(AudioCodec::Aac),
                Mp4Codec::ALAC => Some(AudioCodec::Alac),
                Mp4Codec::MP3 => Some(AudioCodec::Mp3),
                Mp4Codec::FLAC => Some(AudioCodec::Flac),
                _ => None,
            };
            mp4.into()
        }
        _ => lofty::probe::Probe::new(reader)
            .options(options)
            .guess_file_type()
            .map_err(|e| MediaError::io(path, e))?
            .read()
            .map_err(tags_error)?,
    };
    let mut tags = Fields::new(&tagged, user_texts).into_tags(&tagged, codec);
    tags.mislabelled = !extension_fits(path, tagged.file_type());
    Ok(tags)
}

/// Whether the extension names the container lofty found; unknown extensions are not judged.
fn extension_fits(path: &Path, found: FileType) -> bool {
    let Some(format) = path
        .extension()
        .and_then(|e| AudioFormat::from_extension(&e.to_string_lossy()))
    else {
        return true;
    };
    match format {
        AudioFormat::M4b | AudioFormat::M4a | AudioFormat::Mp4 => found == FileType::Mp4,
        AudioFormat::Aac => matches!(found, FileType::Aac | FileType::Mp4),
        AudioFormat::Mp3 => found == FileType::Mpeg,
        AudioFormat::Flac => found == FileType::Flac,
        AudioFormat::Ogg => matches!(
            found,
            FileType::Vorbis | FileType::Opus | FileType::Speex | FileType::Flac
        ),
        AudioFormat::Opus => found == FileType::Opus,
        AudioFormat::Wav => found == FileType::Wav,
        AudioFormat::Wma => true,
    }
}

fn codec_of(file_type: FileType) -> Option<AudioCodec> {
    Some(match file_type {
        FileType::Mpeg => AudioCodec::Mp3,
        FileType::Flac => AudioCodec::Flac,
        FileType::Opus => AudioCodec::Opus,
        FileType::Vorbis => AudioCodec::Vorbis,
        FileType::Aac => AudioCodec::Aac,
        FileType::Wav | FileType::Aiff => AudioCodec::Pcm,
        _ => return None,
    })
}

/// Looks fields up across a file's tags, primary tag first.
struct Fields<'a> {
    tags: Vec<&'a Tag>,
    /// Free-form keys lofty could not map, upper-cased and without the iTunes prefix.
    custom: Vec<(String, String)>,
}

impl<'a> Fields<'a> {
    fn new(file: &'a TaggedFile, mut custom: Vec<(String, String)>) -> Fields<'a> {
        let mut tags: Vec<&Tag> = file.primary_tag().into_iter().collect();
        tags.extend(
            file.tags()
                .iter()
                .filter(|t| Some(t.tag_type()) != file.primary_tag().map(Tag::tag_type)),
        );
        for tag in &tags {
            for item in tag.items() {
                if let (ItemKey::Unknown(key), ItemValue::Text(value)) = (item.key(), item.value())
                {
                    custom.push((custom_key(key), value.clone()));
                }
            }
        }
        Fields { tags, custom }
    }

    fn all(&self, key: &ItemKey) -> Vec<String> {
        self.tags
            .iter()
            .map(|t| {
                t.get_strings(key)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .find(|v| !v.is_empty())
            .unwrap_or_default()
    }

    fn first(&self, keys: &[ItemKey]) -> Option<String> {
        keys.iter().find_map(|k| self.all(k).into_iter().next())
    }

    fn custom(&self, names: &[&str]) -> Vec<String> {
        names
            .iter()
            .flat_map(|name| {
                self.custom
                    .iter()
                    .filter(move |(k, _)| k == name)
                    .map(|(_, v)| v.trim().to_owned())
            })
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn custom_first(&self, names: &[&str]) -> Option<String> {
        self.custom(names).into_iter().next()
    }

    fn into_tags(self, file: &TaggedFile, codec: Option<AudioCodec>) -> AudioTags {
        let props = file.properties();
        let composers = self.all(&ItemKey::Composer);
        let explicit_narrators = self.custom(&["NARRATOR", "©NRT"]);
        let narrators = if explicit_narrators.is_empty() {
            composers.clone()
        } else {
            explicit_narrators
        };
        let explicit_series = self.custom_first(&["SERIES"]);
        let series_position = if explicit_series.is_some() {
            self.custom_first(&["SERIES-PART", "SERIES_PART", "SERIESPART"])
        } else {
            self.first(&[ItemKey::MovementNumber])
        };
        AudioTags {
            title: self.first(&[ItemKey::TrackTitle]),
            album: self.first(&[ItemKey::AlbumTitle]),
            artists: self.all(&ItemKey::TrackArtist),
            album_artists: self.all(&ItemKey::AlbumArtist),
            series: explicit_series
                .or_else(|| self.first(&[ItemKey::Movement, ItemKey::ContentGroup])),
            series_position,
            year: self
                .first(&[
                    ItemKey::Year,
                    ItemKey::RecordingDate,
                    ItemKey::OriginalReleaseDate,
                ])
                .and_then(|d| year(&d)),
            publisher: self
                .first(&[ItemKey::Publisher, ItemKey::Label])
                .or_else(|| self.custom_first(&["©PUB", "PUBLISHER"])),
            description: self
                .first(&[ItemKey::Description])
                .or_else(|| self.custom_first(&["©DES", "DESCRIPTION"]))
                .or_else(|| self.first(&[ItemKey::PodcastDescription, ItemKey::Comment])),
            genres: self.all(&ItemKey::Genre),
            language: self
                .first(&[ItemKey::Language])
                .or_else(|| self.custom_first(&["LANGUAGE"])),
            asin: self
                .custom(&["ASIN", "AUDIBLE_ASIN", "CDEK"])
                .iter()
                .find_map(|v| v.parse().ok()),
            track: self.tags.iter().find_map(|t| t.track()),
            disc: self.tags.iter().find_map(|t| t.disk()),
            has_cover: self.tags.iter().any(|t| !t.pictures().is_empty()),
            mislabelled: false,
            composers,
            narrators,
            properties: AudioProperties {
                duration: props.duration(),
                codec,
                bitrate_kbps: props.audio_bitrate().or(props.overall_bitrate()),
                sample_rate: props.sample_rate(),
                channels: props.channels(),
            },
        }
    }
}

/// `----:com.apple.iTunes:ASIN` → `ASIN`; `©nrt` → `©NRT`.
fn custom_key(key: &str) -> String {
    let key = match key.strip_prefix("----:") {
        Some(rest) => rest.rsplit_once(':').map_or(rest, |(_, name)| name),
        None => key,
    };
    key.trim().to_uppercase()
}

/// The year of `2019`, `2019-05-01` or `2019-05-01T00:00:00Z`.
fn year(date: &str) -> Option<i32> {
    let digits: String = date.trim().chars().take(4).collect();
    digits.parse().ok().filter(|y| (1000..=9999).contains(y))
}

#[cfg(test)]
mod tests {
    use super::{custom_key, year};

    #[test]
    fn custom_keys_lose_the_itunes_prefix_and_case() {
        for (key, want) in [
            ("----:com.apple.iTunes:ASIN", "ASIN"),
            ("----:com.apple.iTunes:series-part", "SERIES-PART"),
            ("©nrt", "©NRT"),
            ("Narrator", "NARRATOR"),
        ] {
            assert_eq!(custom_key(key), want, "key {key:?}");
        }
    }

    #[test]
    fn years_come_from_dates_of_any_precision() {
        for (date, want) in [
            ("2019", Some(2019)),
            ("2019-05-01T00:00:00Z", Some(2019)),
            ("19", None),
            ("", None),
        ] {
            assert_eq!(year(date), want, "date {date:?}");
        }
    }
}
