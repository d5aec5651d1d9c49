use std::path::{Path, PathBuf};
use std::time::Duration;

use aural_core::Sensitive;
use aural_media::fsops::hash_file;
use aural_media::{AudibleDrm, BookMetadata, Chapter, DecryptJob, Ffmpeg, Ffprobe, MediaError};
use tokio_util::sync::CancellationToken;

use crate::{audible_sample, sample};

const CHAPTERS: [(u64, u64, &str); 2] = [(0, 2000, "Opening Credits"), (2000, 5000, "Chapter 1")];
/// Obviously fake test material.
const KEY: [u8; 16] = *b"test-aaxc-key-00";
const IV: [u8; 16] = *b"test-aaxc-iv-000";
const ACTIVATION: [u8; 4] = [0x1c, 0xeb, 0x00, 0xda];

fn secret(s: &str) -> Sensitive<String> {
    Sensitive::new(s.to_owned())
}

fn aaxc_drm(key: &[u8; 16]) -> AudibleDrm {
    AudibleDrm::Aaxc {
        key: secret(&hex::encode(key)),
        iv: secret(&hex::encode(IV)),
    }
}

fn aax_drm(activation: &str) -> AudibleDrm {
    AudibleDrm::Aax {
        activation_bytes: secret(activation),
    }
}

async fn decrypt(
    input: &Path,
    drm: &AudibleDrm,
    target: &Path,
) -> (Result<aural_media::M4bOutput, MediaError>, Vec<f64>) {
    let mut seen = Vec::new();
    let result = Ffmpeg::default()
        .decrypt_audible(
            &DecryptJob {
                input,
                drm,
                target,
                chapters: None,
                metadata: None,
            },
            &mut |f| seen.push(f),
            &CancellationToken::new(),
        )
        .await;
    (result, seen)
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".aapart"))
        .collect()
}

async fn assert_decrypted(target: &Path) -> anyhow::Result<()> {
    let probe = Ffprobe::default().probe(target).await?;
    assert_eq!(
        probe.tags.get("major_brand").map(String::as_str),
        Some("M4B ")
    );
    let titles: Vec<_> = probe
        .chapters
        .iter()
        .map(|c| c.title.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        ["Opening Credits", "Chapter 1"],
        "the file's chapters are kept"
    );
    assert!(
        probe
            .duration
            .is_some_and(|d| d.abs_diff(Duration::from_secs(5)) < Duration::from_millis(100)),
        "{:?}",
        probe.duration
    );
    // Clean decoding is the proof that the samples were decrypted.
    let out = std::process::Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-i"])
        .arg(target)
        .args(["-f", "null", "-"])
        .output()?;
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

#[tokio::test]
async fn an_aaxc_file_is_decrypted_with_its_voucher_key() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let input = tmp.path().join("B0SAMPLEAX.aaxc");
    audible_sample::aaxc(&input, 5, &CHAPTERS, &KEY, &IV)?;
    let before = hash_file(&input)?;
    let target = tmp.path().join("Book.m4b");

    let (result, progress) = decrypt(&input, &aaxc_drm(&KEY), &target).await;
    let output = result?;

    assert!(output.stream_copied);
    assert_eq!(output.chapters, 2);
    assert_decrypted(&target).await?;
    assert_eq!(progress.last(), Some(&1.0), "{progress:?}");
    assert_eq!(hash_file(&input)?, before, "the download is untouched");
    assert!(temporaries(tmp.path()).is_empty());
    Ok(())
}

#[tokio::test]
async fn a_wrong_aaxc_key_is_reported_and_leaves_nothing() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let input = tmp.path().join("B0SAMPLEAX.aaxc");
    audible_sample::aaxc(&input, 5, &CHAPTERS, &KEY, &IV)?;
    let target = tmp.path().join("Book.m4b");

    let err = decrypt(&input, &aaxc_drm(b"not-the-real-key"), &target)
        .await
        .0
        .unwrap_err();

    assert!(matches!(err, MediaError::WrongAudibleKey { .. }), "{err:?}");
    assert!(!target.exists());
    assert!(
        temporaries(tmp.path()).is_empty(),
        "{:?}",
        temporaries(tmp.path())
    );
    Ok(())
}

#[tokio::test]
async fn an_aax_file_opens_with_its_accounts_activation_bytes_only() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let input = tmp.path().join("Book.aax");
    audible_sample::aax(&input, 5, &CHAPTERS, ACTIVATION)?;
    let target = tmp.path().join("Book.m4b");

    let err = decrypt(&input, &aax_drm("deadbeef"), &target)
        .await
        .0
        .unwrap_err();
    assert!(
        matches!(err, MediaError::WrongActivationBytes { .. }),
        "{err:?}"
    );
    assert!(
        !err.to_string().contains("deadbeef"),
        "no key material in {err}"
    );
    assert!(!target.exists());
    assert!(temporaries(tmp.path()).is_empty());

    let output = decrypt(&input, &aax_drm("1CEB00DA"), &target).await.0?;
    assert_eq!(output.chapters, 2);
    assert_decrypted(&target).await?;
    Ok(())
}

#[tokio::test]
async fn files_that_are_not_audible_drm_are_refused() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let plain = sample::m4a(&tmp.path().join("plain.aax"), 2, &[])?;
    let target = tmp.path().join("Book.m4b");

    let err = decrypt(&plain, &aax_drm("1ceb00da"), &target)
        .await
        .0
        .unwrap_err();
    assert!(
        matches!(
            &err,
            MediaError::NotAudibleDrm {
                expected: "aax",
                ..
            }
        ),
        "ffmpeg would copy a plain file unchanged: {err:?}"
    );

    let aaxc = tmp.path().join("x.aaxc");
    audible_sample::aaxc(&aaxc, 2, &[], &KEY, &IV)?;
    let err = decrypt(&aaxc, &aax_drm("1ceb00da"), &target)
        .await
        .0
        .unwrap_err();
    assert!(
        matches!(
            &err,
            MediaError::NotAudibleDrm {
                expected: "aax",
                ..
            }
        ),
        "{err:?}"
    );

    let err = decrypt(&plain, &aax_drm("1ceb"), &target)
        .await
        .0
        .unwrap_err();
    assert!(
        matches!(err, MediaError::AudibleKeyFormat { .. }),
        "{err:?}"
    );

    std::fs::write(tmp.path().join("garbage.aax"), vec![7u8; 4096])?;
    let err = decrypt(
        &tmp.path().join("garbage.aax"),
        &aax_drm("1ceb00da"),
        &target,
    )
    .await
    .0
    .unwrap_err();
    assert!(matches!(err, MediaError::Unreadable { .. }), "{err:?}");
    assert!(!target.exists());
    assert!(temporaries(tmp.path()).is_empty());
    Ok(())
}

#[tokio::test]
async fn audibles_chapters_and_tags_replace_the_files_own() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let input = tmp.path().join("B0SAMPLEAX.aaxc");
    audible_sample::aaxc(&input, 5, &CHAPTERS, &KEY, &IV)?;
    let target = tmp.path().join("Book.m4b");
    let chapter = |start: u64, title: &str| Chapter {
        start: Duration::from_millis(start),
        end: Duration::ZERO,
        title: Some(title.to_owned()),
    };
    let api_chapters = [
        chapter(0, "Opening Credits"),
        chapter(1500, "Prologue"),
        chapter(3200, "Chapter One"),
    ];
    let metadata = BookMetadata {
        title: Some("Decrypted Book".to_owned()),
        asin: Some("B0SAMPLEAX".parse()?),
        ..BookMetadata::default()
    };

    let output = Ffmpeg::default()
        .decrypt_audible(
            &DecryptJob {
                input: &input,
                drm: &aaxc_drm(&KEY),
                target: &target,
                chapters: Some(&api_chapters),
                metadata: Some(&metadata),
            },
            &mut |_| {},
            &CancellationToken::new(),
        )
        .await?;

    assert_eq!(output.chapters, 3);
    let probe = Ffprobe::default().probe(&target).await?;
    let marks: Vec<_> = probe
        .chapters
        .iter()
        .map(|c| (c.start.as_millis(), c.title.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        marks,
        [
            (0, "Opening Credits"),
            (1500, "Prologue"),
            (3200, "Chapter One")
        ],
        "Audible's chapters replace the file's two markers"
    );
    assert_eq!(
        probe.tags.get("asin").map(String::as_str),
        Some("B0SAMPLEAX")
    );
    assert_eq!(
        probe.tags.get("title").map(String::as_str),
        Some("Decrypted Book")
    );
    Ok(())
}
