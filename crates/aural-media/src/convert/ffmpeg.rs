//! Running the system's ffmpeg with progress and cancellation.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::Command;
use tokio_util::sync::CancellationToken;

use super::progress::ProgressReader;
use crate::MediaError;
use crate::probe::Ffprobe;

/// ffmpeg's last words are enough to say what failed; a damaged input can print megabytes.
const STDERR_KEEP: usize = 8 * 1024;

/// How to run ffmpeg (and ffprobe, which checks its output); `Ffmpeg::default()` finds both on
/// `PATH`.
#[derive(Debug, Clone)]
pub struct Ffmpeg {
    pub program: PathBuf,
    pub ffprobe: Ffprobe,
}

impl Default for Ffmpeg {
    fn default() -> Self {
        Ffmpeg {
            program: PathBuf::from("ffmpeg"),
            ffprobe: Ffprobe::default(),
        }
    }
}

/// `file:` + absolute path, so names like `a:b.m4b` are no protocol and `-x.mp3` no option.
pub(crate) fn file_url(path: &Path) -> Result<OsString, MediaError> {
    let absolute = std::path::absolute(path).map_err(|e| MediaError::io(path, e))?;
    let mut url = OsString::from("file:");
    url.push(absolute.as_os_str());
    Ok(url)
}

/// Why an ffmpeg run ended without output.
pub(crate) enum RunError {
    Media(MediaError),
    /// ffmpeg exited non-zero.
    Failed(Failure),
}

/// What ffmpeg printed before exiting non-zero.
pub(crate) struct Failure {
    /// The last line, which says what failed.
    pub message: String,
    /// The end of its log, where the cause may be named a line earlier.
    pub log: String,
}

impl From<MediaError> for RunError {
    fn from(e: MediaError) -> Self {
        RunError::Media(e)
    }
}

impl Ffmpeg {
    /// Runs ffmpeg with `args` (which must not print progress themselves), reporting the
    /// fraction of `total` written to `on_progress`. Cancelling kills ffmpeg and waits for it,
    /// so its output file is closed when this returns.
    pub(crate) async fn run(
        &self,
        args: &[OsString],
        total: Duration,
        on_progress: &mut (dyn FnMut(f64) + Send),
        cancel: &CancellationToken,
    ) -> Result<(), RunError> {
        let mut child = Command::new(&self.program)
            .args(["-nostdin", "-hide_banner", "-nostats", "-loglevel", "error"])
            .args(["-progress", "pipe:1", "-y"])
            .args(args.iter().map(OsString::as_os_str))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|source| MediaError::FfmpegMissing { source })?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let stderr_tail = tokio::spawn(async move {
            let mut tail: Vec<u8> = Vec::new();
            let mut buf = vec![0; 4096];
            while let Ok(n) = stderr.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                tail.extend_from_slice(&buf[..n]);
                if tail.len() > STDERR_KEEP * 2 {
                    tail.drain(..tail.len() - STDERR_KEEP);
                }
            }
            tail
        });
        let mut lines = BufReader::new(stdout).lines();
        let mut reader = ProgressReader::new(total);
        loop {
            tokio::select! {
                biased;
                _ = cancel.cancelled() => {
                    let _ = child.kill().await;
                    stderr_tail.abort();
                    return Err(MediaError::Cancelled.into());
                }
                line = lines.next_line() => match line {
                    Ok(Some(line)) => {
                        if let Some(fraction) = reader.line(&line) {
                            on_progress(fraction);
                        }
                    }
                    Ok(None) | Err(_) => break,
                }
            }
        }
        let status = tokio::select! {
            biased;
            _ = cancel.cancelled() => {
                let _ = child.kill().await;
                return Err(MediaError::Cancelled.into());
            }
            status = child.wait() => status.map_err(|e| MediaError::io(&self.program, e))?,
        };
        let tail = stderr_tail.await.unwrap_or_default();
        if status.success() {
            return Ok(());
        }
        let log = String::from_utf8_lossy(&tail).into_owned();
        let message = log
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("no message")
            .chars()
            .take(300)
            .collect();
        Err(RunError::Failed(Failure { message, log }))
    }
}

/// `-name value` as arguments.
pub(crate) fn opt(args: &mut Vec<OsString>, name: &str, value: impl AsRef<OsStr>) {
    args.push(name.into());
    args.push(value.as_ref().to_owned());
}
