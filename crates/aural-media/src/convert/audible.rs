//! Decrypting Audible downloads to M4B (SPEC §3.9 step 9): `ffmpeg -activation_bytes` for AAX,
//! `-audible_key`/`-audible_iv` for AAXC (ffmpeg ≥ 4.4), the stream copied with its chapters
//! and tags.
//!
//! ffmpeg decrypts only what the `ftyp` brand announces (`aax ` or `aaxc`) and otherwise copies
//! the input unchanged, so the brand is checked first. A wrong activation code fails ffmpeg's
//! checksum of the file's DRM blob; a wrong AAXC key has no checksum and yields noise, so the
//! output is decoded once and any decoder error means the key was wrong.

use std::ffi::OsString;
use std::path::Path;
use std::process::Stdio;

use aural_core::Sensitive;
use tokio::process::Command;
use tokio_util::sync::CancellationToken;

use super::M4bOutput;
use super::ffmpeg::{Ffmpeg, RunError, file_url, opt};
use super::m4b::check_source;
use super::output::Scratch;
use super::tagging::{BookMetadata, write_tags};
use crate::MediaError;
use crate::probe::Chapter;

/// The key material of one download; never printed.
#[derive(Debug, Clone)]
pub enum AudibleDrm {
    /// The account's activation bytes, 8 hex digits.
    Aax { activation_bytes: Sensitive<String> },
    /// The voucher's `key` and `iv`, 32 hex digits each.
    Aaxc {
        key: Sensitive<String>,
        iv: Sensitive<String>,
    },
}

/// Which piece of key material is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyPart {
    ActivationBytes,
    Key,
    Iv,
}

impl std::fmt::Display for KeyPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KeyPart::ActivationBytes => "activation bytes (8 hex digits)",
            KeyPart::Key => "AAXC key (32 hex digits)",
            KeyPart::Iv => "AAXC IV (32 hex digits)",
        })
    }
}

/// An Audible download to decrypt.
#[derive(Debug, Clone, Copy)]
pub struct DecryptJob<'a> {
    pub input: &'a Path,
    pub drm: &'a AudibleDrm,
    /// The final file name; it must not exist yet.
    pub target: &'a Path,
    /// Chapters to write instead of the file's markers: Audible's `chapter_info` when it says
    /// `is_accurate` (SPEC §3.9 step 9). `None` keeps the file's.
    pub chapters: Option<&'a [Chapter]>,
    /// Tags to write over the file's (the ASIN among them); `None` keeps the file's as they are.
    pub metadata: Option<&'a BookMetadata>,
}

impl AudibleDrm {
    /// The `ftyp` major brand of files this key material opens.
    fn brand(&self) -> &'static str {
        match self {
            AudibleDrm::Aax { .. } => "aax ",
            AudibleDrm::Aaxc { .. } => "aaxc",
        }
    }

    /// The ffmpeg input options carrying the key material, checked for shape first.
    pub(crate) fn input_options(&self) -> Result<Vec<OsString>, MediaError> {
        let mut args = Vec::new();
        match self {
            AudibleDrm::Aax { activation_bytes } => {
                let hex = checked_hex(activation_bytes, 8, KeyPart::ActivationBytes)?;
                opt(&mut args, "-activation_bytes", hex);
            }
            AudibleDrm::Aaxc { key, iv } => {
                let key = checked_hex(key, 32, KeyPart::Key)?;
                let iv = checked_hex(iv, 32, KeyPart::Iv)?;
                opt(&mut args, "-audible_key", key);
                opt(&mut args, "-audible_iv", iv);
            }
        }
        Ok(args)
    }
}

fn checked_hex(
    value: &Sensitive<String>,
    digits: usize,
    part: KeyPart,
) -> Result<String, MediaError> {
    let value = value.expose().trim();
    if value.len() == digits && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(value.to_ascii_lowercase())
    } else {
        Err(MediaError::AudibleKeyFormat { part })
    }
}

impl Ffmpeg {
    /// Decrypts `job.input` into an M4B at `job.target`, keeping the file's chapters and tags;
    /// progress and cleanup as for [`Ffmpeg::to_m4b`].
    pub async fn decrypt_audible(
        &self,
        job: &DecryptJob<'_>,
        on_progress: &mut (dyn FnMut(f64) + Send),
        cancel: &CancellationToken,
    ) -> Result<M4bOutput, MediaError> {
        let key_options = job.drm.input_options()?;
        check_source(job.input)?;
        let probe = self.ffprobe.probe(job.input).await?;
        let brand = probe.tags.get("major_brand").map(String::as_str);
        if brand != Some(job.drm.brand()) {
            return Err(MediaError::NotAudibleDrm {
                path: job.input.to_owned(),
                expected: job.drm.brand().trim(),
            });
        }
        let expected = probe.duration.unwrap_or_default();
        let scratch = Scratch::new(job.target)?;
        let mut args = key_options;
        opt(&mut args, "-i", file_url(job.input)?);
        opt(&mut args, "-map", "0:a:0");
        // The cover, when the file has one, is an attached picture; `?` allows none.
        opt(&mut args, "-map", "0:v?");
        opt(&mut args, "-c", "copy");
        opt(&mut args, "-map_metadata", "0");
        opt(
            &mut args,
            "-map_chapters",
            if job.chapters.is_some() { "-1" } else { "0" },
        );
        opt(&mut args, "-movflags", "+faststart");
        opt(&mut args, "-f", "ipod");
        opt(&mut args, "-brand", "M4B ");
        args.push(file_url(&scratch.output)?);
        match self.run(&args, expected, on_progress, cancel).await {
            Ok(()) => {}
            Err(RunError::Media(e)) => return Err(e),
            Err(RunError::Failed(failure)) => {
                return Err(
                    if failure.log.contains("mismatch in checksums")
                        || failure.log.contains("error in drm blob")
                    {
                        MediaError::WrongActivationBytes {
                            path: job.input.to_owned(),
                        }
                    } else {
                        MediaError::ConvertFailed {
                            path: job.input.to_owned(),
                            message: failure.message,
                        }
                    },
                );
            }
        }
        if !self.decodes_cleanly(&scratch.output).await? {
            return Err(MediaError::WrongAudibleKey {
                path: job.input.to_owned(),
            });
        }
        if job.chapters.is_some() || job.metadata.is_some() {
            let output = scratch.output.clone();
            let metadata = job.metadata.cloned().unwrap_or_default();
            let chapters = job.chapters.map(<[Chapter]>::to_vec);
            tokio::task::spawn_blocking(move || {
                write_tags(&output, &metadata, chapters.as_deref())
            })
            .await
            .map_err(|_| MediaError::Cancelled)??;
        }
        let chapters = job.chapters.map_or(probe.chapters.len(), <[Chapter]>::len);
        let tolerance = super::m4b::SLACK_PER_PART;
        scratch
            .finish(&self.ffprobe, expected, tolerance, chapters, true)
            .await
    }

    /// Decodes the start of `path`; a decoder complaint means the audio is noise.
    async fn decodes_cleanly(&self, path: &Path) -> Result<bool, MediaError> {
        let output = Command::new(&self.program)
            .args(["-nostdin", "-hide_banner", "-v", "error", "-i"])
            .arg(file_url(path)?)
            .args(["-map", "0:a:0", "-t", "120", "-f", "null", "-"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .output()
            .await
            .map_err(|source| MediaError::FfmpegMissing { source })?;
        Ok(output.status.success() && output.stderr.iter().all(u8::is_ascii_whitespace))
    }
}

#[cfg(test)]
mod tests {
    use aural_core::Sensitive;

    use super::{AudibleDrm, KeyPart};
    use crate::MediaError;

    fn secret(s: &str) -> Sensitive<String> {
        Sensitive::new(s.to_owned())
    }

    #[test]
    fn key_material_becomes_ffmpeg_input_options() {
        let aax = AudibleDrm::Aax {
            activation_bytes: secret("1CEB00DA"),
        };
        assert_eq!(
            aax.input_options().unwrap(),
            ["-activation_bytes", "1ceb00da"]
        );
        let aaxc = AudibleDrm::Aaxc {
            key: secret("00112233445566778899aabbccddeeff"),
            iv: secret("ffeeddccbbaa99887766554433221100"),
        };
        assert_eq!(
            aaxc.input_options().unwrap(),
            [
                "-audible_key",
                "00112233445566778899aabbccddeeff",
                "-audible_iv",
                "ffeeddccbbaa99887766554433221100"
            ]
        );
    }

    #[test]
    fn malformed_key_material_is_named_without_its_value() {
        for (drm, part) in [
            (
                AudibleDrm::Aax {
                    activation_bytes: secret("1CEB00"),
                },
                KeyPart::ActivationBytes,
            ),
            (
                AudibleDrm::Aax {
                    activation_bytes: secret("1CEB00DZ"),
                },
                KeyPart::ActivationBytes,
            ),
            (
                AudibleDrm::Aaxc {
                    key: secret("00112233445566778899aabbccddeeff"),
                    iv: secret("-i file:/etc/passwd"),
                },
                KeyPart::Iv,
            ),
            (
                AudibleDrm::Aaxc {
                    key: secret("secret-key-material"),
                    iv: secret("00112233445566778899aabbccddeeff"),
                },
                KeyPart::Key,
            ),
        ] {
            let err = drm.input_options().unwrap_err();
            assert!(
                matches!(err, MediaError::AudibleKeyFormat { part: p } if p == part),
                "{err:?}"
            );
            assert!(!err.to_string().contains("secret-key"), "{err}");
            assert!(!format!("{drm:?}").contains("secret-key"), "{drm:?}");
        }
    }
}
