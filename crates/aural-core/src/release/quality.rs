//! Settings › Quality (SPEC §5.7): what the user prefers in a release, with the SPEC's defaults.

use serde::{Deserialize, Serialize};

use crate::release::vocabulary::{AudioFormat, Language};

/// Settings › Quality.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QualityPrefs {
    pub format_points: Vec<FormatPoints>,
    /// Below this a release loses points.
    pub min_kbps: u32,
    /// At or above this an AAC-family release (M4B, M4A, AAC, OPUS) gains points.
    pub preferred_aac_kbps: u32,
    /// The same for MP3 and the rest.
    pub preferred_mp3_kbps: u32,
    pub reject_abridged: bool,
    /// Accepted languages besides the book's own.
    pub languages: Vec<Language>,
    /// Reject releases that do not state their language.
    pub require_language: bool,
    pub min_mb_per_hour: u32,
    pub max_mb_per_hour: u32,
    /// Words that reject a release, matched as whole words, case-insensitive.
    pub blocked_words: Vec<String>,
    /// Words a release must contain, each.
    pub required_words: Vec<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormatPoints {
    pub format: AudioFormat,
    pub points: i32,
}

impl Default for QualityPrefs {
    fn default() -> QualityPrefs {
        let points = |format, points| FormatPoints { format, points };
        QualityPrefs {
            format_points: vec![
                points(AudioFormat::M4b, 10),
                points(AudioFormat::M4a, 8),
                points(AudioFormat::Aac, 8),
                points(AudioFormat::Flac, 6),
                points(AudioFormat::Mp3, 6),
                points(AudioFormat::Opus, 5),
                points(AudioFormat::Ogg, 4),
            ],
            min_kbps: 32,
            preferred_aac_kbps: 64,
            preferred_mp3_kbps: 128,
            reject_abridged: true,
            languages: Vec::new(),
            require_language: false,
            min_mb_per_hour: 15,
            max_mb_per_hour: 400,
            blocked_words: ["sample", "epub", "pdf", "mobi", "azw3"]
                .map(str::to_owned)
                .to_vec(),
            required_words: Vec::new(),
        }
    }
}
