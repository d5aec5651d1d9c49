//! Making one chaptered M4B: merging or converting a book's parts (SPEC §7.8) and decrypting
//! Audible downloads (SPEC §3.9 step 9).
//!
//! Output is written to `.<name>.aapart` beside the target, tagged, checked with ffprobe
//! (duration and chapter count), fsynced and only then linked under its final name, which is
//! never replaced. A failure, a cancel or a dropped future removes the temporary files; the
//! sources are only read.

pub mod audible;
mod ffmpeg;
mod m4b;
mod output;
mod progress;
mod tagging;

pub use audible::{AudibleDrm, DecryptJob, KeyPart};
pub use ffmpeg::Ffmpeg;
pub use m4b::M4bJob;
pub use tagging::{BookMetadata, Cover};

use std::path::PathBuf;
use std::time::Duration;

/// A finished, verified M4B.
#[derive(Debug, Clone, PartialEq)]
pub struct M4bOutput {
    pub path: PathBuf,
    /// As ffprobe reads it back.
    pub duration: Duration,
    pub chapters: usize,
    /// The audio was copied, not re-encoded.
    pub stream_copied: bool,
}

/// What the check of a written M4B found wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutputMismatch {
    /// The output runs for another time than the inputs together.
    Duration { expected_ms: u64, found_ms: u64 },
    /// The output has another number of chapters than were written.
    Chapters { expected: usize, found: usize },
}

impl std::fmt::Display for OutputMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputMismatch::Duration {
                expected_ms,
                found_ms,
            } => write!(
                f,
                "it runs {found_ms} ms where the sources run {expected_ms} ms"
            ),
            OutputMismatch::Chapters { expected, found } => {
                write!(f, "it has {found} chapters instead of {expected}")
            }
        }
    }
}
