//! Audio files of AuralArchive: finding books among files and folders, reading their tags and
//! ffprobe facts, and copying or moving them without ever losing or overwriting a file.
//!
//! Nothing here knows downloads or the database. Discovery, tag reading and the file
//! operations block: async callers run them in `tokio::task::spawn_blocking`; ffprobe and
//! ffmpeg (chapters, M4B conversion, Audible decryption) run through `tokio::process`.

pub mod chapters;
pub mod convert;
pub mod cue;
pub mod discover;
pub mod error;
pub mod format;
pub mod fsops;
pub mod probe;
pub mod tags;

pub use chapters::{BookChapters, ChapterSource, PartTiming, book_chapters};
pub use convert::{AudibleDrm, BookMetadata, Cover, DecryptJob, Ffmpeg, M4bJob, M4bOutput};
pub use cue::{CueFile, CueSheet, CueTrack, parse_cue, read_cue};
pub use discover::{BookGroup, BookShape, Discovery, SkipReason, Skipped, discover};
pub use error::MediaError;
pub use format::{AudioCodec, AudioFormat, CompanionKind, FileRole};
pub use fsops::{Verified, copy_verified, move_verified, verify};
pub use probe::{Chapter, Ffprobe, Probe};
pub use tags::{AudioProperties, AudioTags, read_tags};
