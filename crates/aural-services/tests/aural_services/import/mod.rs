//! The import pipeline on real files made by ffmpeg: scan, placement, and recovery after a
//! placement stopped at each journal step.

mod crash;
mod names;
mod review;
mod run;
mod scan;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aural_core::{BookId, BookInput, BookSource, BookStatus};
use aural_services::AppContext;
use aural_testkit::{TestApp, media};

/// A test app with a library folder and a staging folder beside its data folder.
pub struct ImportApp {
    pub app: TestApp,
    pub root: PathBuf,
    pub staging: PathBuf,
    _dirs: tempfile::TempDir,
}

impl ImportApp {
    pub async fn new() -> ImportApp {
        let app = TestApp::new().await;
        let dirs = tempfile::tempdir().expect("temp dir");
        let root = dirs.path().join("library");
        let staging = dirs.path().join("staging");
        std::fs::create_dir_all(&root).expect("library folder");
        std::fs::create_dir_all(&staging).expect("staging folder");
        aural_services::settings::set(&app.ctx, "library.root", &root.display().to_string())
            .await
            .expect("library.root is set");
        ImportApp {
            app,
            root,
            staging,
            _dirs: dirs,
        }
    }

    pub fn ctx(&self) -> &AppContext {
        &self.app.ctx
    }
}

/// Adds a book to the library as a list import's wanted book (the user has not chosen a status,
/// so the file import's `owned` claim wins once the files are placed).
pub async fn library_book(ctx: &AppContext, input: BookInput) -> BookId {
    ctx.db()
        .books()
        .upsert_batch(&[input], &BookSource::list_import(), BookStatus::Wanted)
        .await
        .expect("book added")
        .ids[0]
}

/// An M4B in `dir/name` with title, author and (added with lofty) an ASIN atom.
pub fn asin_m4b(dir: &Path, name: &str, title: &str, author: &str, asin: &str) -> PathBuf {
    std::fs::create_dir_all(dir).expect("folder");
    let path = media::m4b(
        &dir.join(name),
        2,
        &[("title", title), ("album", title), ("artist", author)],
        &[(0, 1000, "One"), (1000, 2000, "Two")],
        None,
        true,
    )
    .expect("ffmpeg makes the M4B");
    media::add_freeform(&path, &[("ASIN", asin)]).expect("ASIN atom");
    path
}

/// A folder of `n` one-second MP3 parts of one album with a cover beside them.
pub fn mp3_folder(dir: &Path, album: &str, author: &str, n: u32) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("folder");
    media::cover(&dir.join("cover.jpg")).expect("cover");
    (1..=n)
        .map(|i| {
            let title = format!("Part {i:02}");
            let track = format!("{i}/{n}");
            media::mp3(
                &dir.join(format!("{i:02} - {title}.mp3")),
                1,
                &[
                    ("title", &title),
                    ("album", album),
                    ("artist", author),
                    ("track", &track),
                    ("series", "Sample Series"),
                    ("series-part", "1"),
                ],
                None,
            )
            .expect("ffmpeg makes the part")
        })
        .collect()
}

/// Every regular file under `dir` (temp names included) as relative path → SHA-256.
pub fn files_under(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("under dir")
                    .to_string_lossy()
                    .into_owned();
                let sha = aural_media::fsops::hash_file(&path)
                    .expect("readable")
                    .sha256_hex();
                out.insert(rel, sha);
            }
        }
    }
    out
}
