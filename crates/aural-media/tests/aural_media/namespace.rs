//! A real full disk for tests that run as root: the test body runs again as root of its own
//! user and mount namespace (`unshare -rm`), where it may mount a small tmpfs that vanishes when
//! it ends. The same technique as aural-cli's disk tests.

use std::path::Path;
use std::process::Command;

/// Set in the namespace, where the test binary runs again with only the one test selected.
const SCRATCH: &str = "AURALARCHIVE_TEST_SCRATCH";

/// Runs `body` in a new user and mount namespace with an empty folder to work in. `test` is the
/// calling test's path below the crate (`fsops::name`), which selects it in the re-run binary.
pub fn isolated(test: &str, body: impl FnOnce(&Path)) {
    if let Some(scratch) = std::env::var_os(SCRATCH) {
        body(Path::new(&scratch));
        return;
    }
    let scratch = tempfile::tempdir().expect("temp dir");
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let out = Command::new("unshare")
        .arg("-rm")
        .arg(exe)
        .args(["--exact", test, "--test-threads=1"])
        .env(SCRATCH, scratch.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run unshare (util-linux) for {test}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stdout.contains("running 0 tests"),
        "the re-run binary has no test {test}"
    );
    assert!(
        stdout.contains("running 1 test"),
        "{test} needs a user and mount namespace and `unshare -rm` could not make one ({}): {stderr}",
        out.status
    );
    assert!(
        out.status.success(),
        "{test} failed in its namespace:\n{stdout}\n{stderr}"
    );
}

/// Mounts an empty tmpfs of `size` ("1m") on `dir`.
pub fn mount_tmpfs(dir: &Path, size: &str) {
    let out = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .output()
        .expect("mount runs");
    assert!(
        out.status.success(),
        "mount tmpfs: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
