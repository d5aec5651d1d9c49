//! `ui/src/lib/ipc/bindings.ts` is generated from the command surface; this test fails when it
//! is stale and, with `UPDATE_BINDINGS=1` (`npm run bindings`), rewrites it.

use std::path::Path;

#[test]
fn ui_bindings_match_the_rust_commands_and_events() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
    let fresh = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bindings.ts");
    auralarchive_lib::bindings::export_typescript(&fresh)
        .expect("the command surface exports to TypeScript");
    let fresh_text = std::fs::read_to_string(&fresh).expect("the export was just written");

    if std::env::var_os("UPDATE_BINDINGS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(committed.parent().expect("the bindings path has a parent"))
            .expect("ui/src/lib/ipc is creatable");
        std::fs::write(&committed, &fresh_text).expect("ui/src/lib/ipc/bindings.ts is writable");
        return;
    }

    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        current == fresh_text,
        "ui/src/lib/ipc/bindings.ts does not match the Rust commands and events: run `npm run bindings`"
    );
}
