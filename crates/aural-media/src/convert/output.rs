//! The temporary files of one conversion, and putting the finished one in place.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{M4bOutput, OutputMismatch};
use crate::MediaError;
use crate::fsops::{place_temp, temp_path_for};
use crate::probe::Ffprobe;

/// The files a conversion writes beside its target; removed when dropped unless placed.
pub(crate) struct Scratch {
    pub target: PathBuf,
    /// `.<name>.aapart`, where ffmpeg writes.
    pub output: PathBuf,
    /// Helper files (the concat list): `.<name>.<what>.aapart`.
    extras: Vec<PathBuf>,
    placed: bool,
}

impl Scratch {
    /// Checks that `target` is free and its folder writable, and reserves the temporary name.
    pub(crate) fn new(target: &Path) -> Result<Scratch, MediaError> {
        match fs::symlink_metadata(target) {
            Ok(_) => {
                return Err(MediaError::TargetExists {
                    path: target.to_owned(),
                });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(MediaError::io(target, e)),
        }
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|e| MediaError::io(dir, e))?;
        let output = temp_path_for(target);
        // A temp file left by a crashed earlier run to the same target is ours to replace.
        let _ = fs::remove_file(&output);
        fs::File::create_new(&output).map_err(|e| MediaError::io(&output, e))?;
        Ok(Scratch {
            target: target.to_owned(),
            output,
            extras: Vec::new(),
            placed: false,
        })
    }

    /// A further temporary file beside the target, `.<name>.<what>.aapart`.
    pub(crate) fn extra(&mut self, what: &str) -> PathBuf {
        let mut name = OsString::from(".");
        name.push(self.target.file_name().unwrap_or_default());
        name.push(format!(".{what}.aapart"));
        let path = self.output.with_file_name(name);
        self.extras.push(path.clone());
        path
    }

    /// Checks the written file against what was asked, fsyncs it and links it under the target
    /// name (never replacing a file that appeared meanwhile).
    pub(crate) async fn finish(
        mut self,
        ffprobe: &Ffprobe,
        expected: Duration,
        tolerance: Duration,
        chapters: usize,
        stream_copied: bool,
    ) -> Result<M4bOutput, MediaError> {
        let probe = ffprobe.probe(&self.output).await?;
        let found = probe.duration.unwrap_or_default();
        if found.abs_diff(expected) > tolerance {
            return Err(self.mismatch(OutputMismatch::Duration {
                expected_ms: expected.as_millis() as u64,
                found_ms: found.as_millis() as u64,
            }));
        }
        if probe.chapters.len() != chapters {
            return Err(self.mismatch(OutputMismatch::Chapters {
                expected: chapters,
                found: probe.chapters.len(),
            }));
        }
        let output = self.output.clone();
        let target = self.target.clone();
        tokio::task::spawn_blocking(move || {
            fs::File::open(&output)
                .and_then(|f| f.sync_all())
                .map_err(|e| MediaError::io(&output, e))?;
            place_temp(&output, &target)
        })
        .await
        .map_err(|_| MediaError::Cancelled)??;
        self.placed = true;
        Ok(M4bOutput {
            path: self.target.clone(),
            duration: found,
            chapters: probe.chapters.len(),
            stream_copied,
        })
    }

    fn mismatch(&self, mismatch: OutputMismatch) -> MediaError {
        MediaError::OutputMismatch {
            path: self.target.clone(),
            mismatch,
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for extra in &self.extras {
            let _ = fs::remove_file(extra);
        }
        if !self.placed {
            let _ = fs::remove_file(&self.output);
        }
    }
}
