//! What a file is, judged by its extension (SPEC §7.2); the content is checked by tags/ffprobe.

use std::path::Path;

/// An audio container AuralArchive imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AudioFormat {
    M4b,
    M4a,
    Mp4,
    Aac,
    Mp3,
    Flac,
    Ogg,
    Opus,
    Wma,
    Wav,
}

impl AudioFormat {
    pub fn from_extension(ext: &str) -> Option<AudioFormat> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "m4b" => AudioFormat::M4b,
            "m4a" => AudioFormat::M4a,
            "mp4" => AudioFormat::Mp4,
            "aac" => AudioFormat::Aac,
            "mp3" => AudioFormat::Mp3,
            "flac" => AudioFormat::Flac,
            "ogg" | "oga" => AudioFormat::Ogg,
            "opus" => AudioFormat::Opus,
            "wma" => AudioFormat::Wma,
            "wav" => AudioFormat::Wav,
            _ => return None,
        })
    }

    /// M4B/M4A files usually hold a whole book each, so several in one folder are several books.
    pub fn is_whole_book_container(self) -> bool {
        matches!(self, AudioFormat::M4b | AudioFormat::M4a)
    }
}

/// A non-audio file that travels with its book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompanionKind {
    Image,
    Nfo,
    Pdf,
    Opf,
    Cue,
    MetadataJson,
    Voucher,
}

/// The codec inside a container, as ffprobe names it or lofty reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AudioCodec {
    Aac,
    Alac,
    Mp3,
    Flac,
    Opus,
    Vorbis,
    Pcm,
    Wma,
    Other(String),
}

impl AudioCodec {
    /// From ffprobe's `codec_name` (`aac`, `mp3`, `pcm_s16le`, `wmav2`, …).
    pub fn from_ffprobe(name: &str) -> AudioCodec {
        match name {
            "aac" => AudioCodec::Aac,
            "alac" => AudioCodec::Alac,
            "mp3" | "mp3float" => AudioCodec::Mp3,
            "flac" => AudioCodec::Flac,
            "opus" => AudioCodec::Opus,
            "vorbis" => AudioCodec::Vorbis,
            n if n.starts_with("pcm_") => AudioCodec::Pcm,
            n if n.starts_with("wma") => AudioCodec::Wma,
            other => AudioCodec::Other(other.to_owned()),
        }
    }
}

/// The part a file plays in discovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    Audio(AudioFormat),
    Companion(CompanionKind),
    /// Left where it is: unknown files, macOS `._` shadows, our own `.aapart` temp files.
    Ignored,
}

impl FileRole {
    pub fn of(path: &Path) -> FileRole {
        // Lossy on purpose: a name that is not UTF-8 still ends in a readable extension.
        let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
            return FileRole::Ignored;
        };
        let lower = name.to_lowercase();
        if lower.starts_with("._") || lower.ends_with(".aapart") {
            return FileRole::Ignored;
        }
        if lower == "metadata.json" {
            return FileRole::Companion(CompanionKind::MetadataJson);
        }
        let Some((_, ext)) = lower.rsplit_once('.') else {
            return FileRole::Ignored;
        };
        if let Some(format) = AudioFormat::from_extension(ext) {
            return FileRole::Audio(format);
        }
        match ext {
            "jpg" | "jpeg" | "png" | "webp" => FileRole::Companion(CompanionKind::Image),
            "nfo" => FileRole::Companion(CompanionKind::Nfo),
            "pdf" => FileRole::Companion(CompanionKind::Pdf),
            "opf" => FileRole::Companion(CompanionKind::Opf),
            "cue" => FileRole::Companion(CompanionKind::Cue),
            "voucher" => FileRole::Companion(CompanionKind::Voucher),
            _ => FileRole::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{AudioFormat, CompanionKind, FileRole};

    #[test]
    fn files_are_classified_by_extension() {
        for (name, want) in [
            ("Book.M4B", FileRole::Audio(AudioFormat::M4b)),
            ("01 - Part 1.mp3", FileRole::Audio(AudioFormat::Mp3)),
            ("x.oga", FileRole::Audio(AudioFormat::Ogg)),
            ("cover.JPG", FileRole::Companion(CompanionKind::Image)),
            ("book.cue", FileRole::Companion(CompanionKind::Cue)),
            (
                "metadata.json",
                FileRole::Companion(CompanionKind::MetadataJson),
            ),
            ("other.json", FileRole::Ignored),
            ("._01.mp3", FileRole::Ignored),
            (".01.mp3.aapart", FileRole::Ignored),
            ("README", FileRole::Ignored),
            ("notes.txt", FileRole::Ignored),
        ] {
            assert_eq!(FileRole::of(Path::new(name)), want, "name {name:?}");
        }
    }
}
