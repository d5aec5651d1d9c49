//! Real read-only and full file systems for tests that run as root, whom permission bits do not
//! stop. A test's body runs as root of its own user and mount namespace (`unshare -rm`), where it
//! may mount a small tmpfs or remount a folder read-only; the mounts vanish when it ends.

use std::path::Path;
use std::process::Command;

/// Set in the namespace, where the test binary runs again with only the one test selected: the
/// folder the test may use, made and removed outside so that no mount is left on it by then.
const SCRATCH: &str = "AURALARCHIVE_TEST_SCRATCH";

/// Runs `body` in a new user and mount namespace, handing it an empty folder to work in. `module`
/// is `module_path!()` and `test` the name of the calling test function, which selects the same
/// test in the re-run binary.
pub fn isolated(module: &str, test: &str, body: impl FnOnce(&Path)) {
    if let Some(scratch) = std::env::var_os(SCRATCH) {
        body(Path::new(&scratch));
        return;
    }
    // `cargo test` lists tests without the crate name that `module_path!()` starts with.
    let name = match module.split_once("::") {
        Some((_, rest)) => format!("{rest}::{test}"),
        None => test.to_owned(),
    };
    let scratch = tempfile::tempdir().expect("temp dir");
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let out = Command::new("unshare")
        .arg("-rm")
        .arg(exe)
        .args(["--exact", &name, "--test-threads=1"])
        .env(SCRATCH, scratch.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run unshare (util-linux) for {name}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stdout.contains("running 0 tests"),
        "the re-run test binary has no test {name}: does `test` name the calling function?"
    );
    // libtest prints "running 1 test" first; without it, unshare itself failed.
    assert!(
        stdout.contains("running 1 test"),
        "{name} needs a user and mount namespace, and `unshare -rm` could not make one \
         ({}): {stderr}",
        out.status
    );
    assert!(
        out.status.success(),
        "{name} failed in its namespace:\n{stdout}\n{stderr}"
    );
}

/// Mounts an empty tmpfs of `size` (as `mount -o size=` takes it, e.g. "16m") on `dir`.
pub fn mount_tmpfs(dir: &Path, size: &str) {
    let options = format!("size={size}");
    run(Command::new("mount")
        .args(["-t", "tmpfs", "-o", &options, "tmpfs"])
        .arg(dir));
}

/// Makes `dir` read-only in place: writes there fail with EROFS, even for root.
pub fn make_read_only(dir: &Path) {
    run(Command::new("mount").arg("--bind").arg(dir).arg(dir));
    run(Command::new("mount")
        .args(["-o", "remount,bind,ro"])
        .arg(dir));
}

/// Undoes [`make_read_only`] or [`mount_tmpfs`].
pub fn unmount(dir: &Path) {
    run(Command::new("umount").arg(dir));
}

fn run(cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
