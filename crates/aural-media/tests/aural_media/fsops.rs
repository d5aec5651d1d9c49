use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Command;

use aural_media::fsops::{FreeTarget, free_target, hash_file, temp_path_for};
use aural_media::{MediaError, copy_verified, move_verified, verify};
use tokio_util::sync::CancellationToken;

use crate::{namespace, sample};

fn no_temp_left(dst: &Path) {
    assert!(
        !temp_path_for(dst).exists(),
        "the temporary {} is cleaned up",
        temp_path_for(dst).display()
    );
}

#[test]
fn a_copy_is_byte_identical_verified_and_keeps_the_source() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let src = sample::mp3(
        &tmp.path().join("src.mp3"),
        3,
        &[("title", "Copy me")],
        None,
    )?;
    let dst = tmp.path().join("library/Author/Title/Title.mp3");

    let copied = copy_verified(&src, &dst, &CancellationToken::new())?;

    assert_eq!(
        std::fs::read(&dst)?,
        std::fs::read(&src)?,
        "the copy holds the same bytes"
    );
    assert_eq!(
        copied,
        hash_file(&src)?,
        "the reported size and hash are the source's"
    );
    assert_eq!(copied.sha256_hex().len(), 64);
    assert!(src.exists(), "copying never removes the source");
    assert_eq!(
        std::fs::metadata(&dst)?.modified()?,
        std::fs::metadata(&src)?.modified()?,
        "mtime is kept"
    );
    no_temp_left(&dst);
    Ok(())
}

#[test]
fn an_existing_target_is_never_overwritten() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let src = sample::part(&tmp.path().join("src.mp3"))?;
    let dst = tmp.path().join("dst.mp3");
    std::fs::write(&dst, b"already here")?;

    let copy = copy_verified(&src, &dst, &CancellationToken::new());
    let moved = move_verified(&src, &dst, &CancellationToken::new());

    assert!(
        matches!(copy, Err(MediaError::TargetExists { .. })),
        "{copy:?}"
    );
    assert!(
        matches!(moved, Err(MediaError::TargetExists { .. })),
        "{moved:?}"
    );
    assert_eq!(
        std::fs::read(&dst)?,
        b"already here",
        "the existing file is untouched"
    );
    assert!(src.exists(), "the source stays when the move is refused");
    no_temp_left(&dst);
    Ok(())
}

#[test]
fn a_move_on_one_disk_leaves_exactly_one_file() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let src = sample::part(&tmp.path().join("src.mp3"))?;
    let before = hash_file(&src)?;
    let dst = tmp.path().join("Author/Book/01.mp3");

    let moved = move_verified(&src, &dst, &CancellationToken::new())?;

    assert!(!src.exists(), "the source is gone after a move");
    assert_eq!(moved, before, "the moved file is the same file");
    assert_eq!(hash_file(&dst)?, before);
    Ok(())
}

#[test]
fn a_move_across_devices_copies_verifies_then_removes_the_source() -> anyhow::Result<()> {
    // /dev/shm is a tmpfs: a different device from the disk that holds the temp dir.
    let shm = tempfile::tempdir_in("/dev/shm")?;
    let disk = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    assert_ne!(
        std::fs::metadata(shm.path())?.dev(),
        std::fs::metadata(disk.path())?.dev(),
        "precondition: the two folders are on different devices"
    );
    let src = sample::mp3(&shm.path().join("src.mp3"), 2, &[], None)?;
    let before = hash_file(&src)?;
    let dst = disk.path().join("Book/01.mp3");

    let moved = move_verified(&src, &dst, &CancellationToken::new())?;

    assert_eq!(moved, before);
    assert_eq!(
        hash_file(&dst)?,
        before,
        "the copy on the other device is identical"
    );
    assert!(
        !src.exists(),
        "the source is removed once the copy is verified"
    );
    no_temp_left(&dst);
    Ok(())
}

#[test]
fn verify_reports_a_copy_that_differs() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let src = sample::part(&tmp.path().join("src.mp3"))?;
    let dst = tmp.path().join("dst.mp3");
    let copied = copy_verified(&src, &dst, &CancellationToken::new())?;
    let mut bytes = std::fs::read(&dst)?;
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&dst, bytes)?;

    let result = verify(&src, &dst, &copied);

    assert!(
        matches!(result, Err(MediaError::VerifyFailed { .. })),
        "one flipped byte is noticed: {result:?}"
    );
    Ok(())
}

#[test]
fn a_cancelled_copy_leaves_nothing_behind() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let src = sample::part(&tmp.path().join("src.mp3"))?;
    let dst = tmp.path().join("dst.mp3");
    let cancel = CancellationToken::new();
    cancel.cancel();

    let copy = copy_verified(&src, &dst, &cancel);
    let moved = move_verified(&src, &dst, &cancel);

    assert!(matches!(copy, Err(MediaError::Cancelled)), "{copy:?}");
    assert!(matches!(moved, Err(MediaError::Cancelled)), "{moved:?}");
    assert!(!dst.exists() && src.exists(), "no target, source intact");
    no_temp_left(&dst);
    Ok(())
}

#[test]
fn a_stale_temp_file_from_a_crash_is_replaced() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let src = sample::part(&tmp.path().join("src.mp3"))?;
    let dst = tmp.path().join("dst.mp3");
    std::fs::write(temp_path_for(&dst), b"half a file from a crashed run")?;

    copy_verified(&src, &dst, &CancellationToken::new())?;

    assert_eq!(std::fs::read(&dst)?, std::fs::read(&src)?);
    no_temp_left(&dst);
    Ok(())
}

#[test]
fn special_files_are_refused_without_being_opened() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let fifo = tmp.path().join("fifo.mp3");
    assert!(Command::new("mkfifo").arg(&fifo).status()?.success());
    let dst = tmp.path().join("dst.mp3");

    let copy = copy_verified(&fifo, &dst, &CancellationToken::new());
    let moved = move_verified(tmp.path(), &dst, &CancellationToken::new());

    assert!(
        matches!(copy, Err(MediaError::NotAFile { .. })),
        "a FIFO would block the copy: {copy:?}"
    );
    assert!(
        matches!(moved, Err(MediaError::NotAFile { .. })),
        "a folder is not moved as a file: {moved:?}"
    );
    assert!(!dst.exists());
    Ok(())
}

#[test]
fn a_full_disk_fails_the_copy_as_disk_full_and_keeps_the_source() {
    namespace::isolated(
        "fsops::a_full_disk_fails_the_copy_as_disk_full_and_keeps_the_source",
        |scratch| {
            let disk = scratch.join("disk");
            std::fs::create_dir(&disk).expect("mount point");
            namespace::mount_tmpfs(&disk, "1m");
            let src = scratch.join("big.bin");
            std::fs::write(&src, vec![7u8; 3 << 20]).expect("a source bigger than the disk");
            let dst = disk.join("Book/big.bin");

            let copy = copy_verified(&src, &dst, &CancellationToken::new());
            let moved = move_verified(&src, &dst, &CancellationToken::new());

            assert!(matches!(copy, Err(MediaError::DiskFull { .. })), "{copy:?}");
            assert!(
                matches!(moved, Err(MediaError::DiskFull { .. })),
                "a cross-device move copies first: {moved:?}"
            );
            assert!(!dst.exists(), "no partial target");
            no_temp_left(&dst);
            assert_eq!(
                std::fs::metadata(&src).expect("source kept").len(),
                3 << 20,
                "the source is intact"
            );
        },
    );
}

#[test]
fn a_taken_name_gets_a_number_and_an_identical_file_is_recognised() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let src = sample::mp3(&tmp.path().join("src.mp3"), 2, &[("title", "Source")], None)?;
    let other = sample::mp3(
        &tmp.path().join("other.mp3"),
        2,
        &[("title", "Other!")],
        None,
    )?;
    let source = hash_file(&src)?;
    let dst = tmp.path().join("Book/Title.mp3");

    assert_eq!(
        free_target(&dst, &source)?,
        FreeTarget::Free(dst.clone()),
        "a free name is used as it is"
    );
    copy_verified(&other, &dst, &CancellationToken::new())?;
    assert_eq!(
        hash_file(&other)?.size,
        source.size,
        "precondition: same size, different bytes"
    );
    let second = tmp.path().join("Book/Title (2).mp3");
    assert_eq!(
        free_target(&dst, &source)?,
        FreeTarget::Free(second.clone()),
        "a different file is never overwritten"
    );
    copy_verified(&src, &second, &CancellationToken::new())?;
    assert_eq!(
        free_target(&dst, &source)?,
        FreeTarget::Identical(second),
        "the same bytes are already imported"
    );
    Ok(())
}
