//! The one error type of this crate: each variant names the file it is about.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MediaError {
    #[error("cannot read or write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path} is not a regular file")]
    NotAFile { path: PathBuf },
    #[error("cannot read the tags of {path}: the file is damaged or not the audio its name says")]
    Tags {
        path: PathBuf,
        #[source]
        source: lofty::error::LoftyError,
    },
    #[error("ffprobe is not installed or not runnable (Debian: apt-get install -y ffmpeg)")]
    FfprobeMissing {
        #[source]
        source: io::Error,
    },
    #[error("ffprobe cannot read {path}: {message}")]
    Unreadable { path: PathBuf, message: String },
    #[error("ffprobe did not finish reading {path} within {seconds} s")]
    ProbeTimeout { path: PathBuf, seconds: u64 },
    #[error("ffprobe printed output for {path} that is not the JSON it documents")]
    ProbeOutput {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path} already exists; it is never overwritten")]
    TargetExists { path: PathBuf },
    #[error("the copy at {copy} differs from {source_path}; the source was kept")]
    VerifyFailed { source_path: PathBuf, copy: PathBuf },
    #[error("no space left on the disk holding {path}")]
    DiskFull { path: PathBuf },
    #[error("the cue sheet {path} is malformed: {problem}")]
    Cue {
        path: PathBuf,
        problem: crate::cue::CueProblem,
    },
    #[error("ffmpeg is not installed or not runnable (Debian: apt-get install -y ffmpeg)")]
    FfmpegMissing {
        #[source]
        source: io::Error,
    },
    #[error("ffmpeg could not write {path}: {message}")]
    ConvertFailed { path: PathBuf, message: String },
    #[error("the M4B written for {path} failed its check: {mismatch}")]
    OutputMismatch {
        path: PathBuf,
        mismatch: crate::convert::OutputMismatch,
    },
    #[error("cannot write the MP4 tags of {path}")]
    TagWrite {
        path: PathBuf,
        #[source]
        source: mp4ameta::Error,
    },
    #[error("the cover {path} is neither JPEG nor PNG")]
    CoverFormat { path: PathBuf },
    #[error("a book without audio files cannot be converted")]
    NothingToConvert,
    #[error("the {part} are malformed")]
    AudibleKeyFormat {
        part: crate::convert::audible::KeyPart,
    },
    #[error("{path} is not an Audible {expected} file")]
    NotAudibleDrm {
        path: PathBuf,
        expected: &'static str,
    },
    #[error("the activation bytes do not open {path}: they belong to another Audible account")]
    WrongActivationBytes { path: PathBuf },
    #[error("the AAXC key and IV do not decrypt {path}: the voucher belongs to another download")]
    WrongAudibleKey { path: PathBuf },
    #[error("cancelled")]
    Cancelled,
}

impl MediaError {
    /// Wraps an IO error, telling a full disk apart so callers can report `DiskFull`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> MediaError {
        let path = path.into();
        if source.kind() == io::ErrorKind::StorageFull {
            MediaError::DiskFull { path }
        } else {
            MediaError::Io { path, source }
        }
    }
}
