use std::path::Path;

use aural_services::import::{self, CardSelection, CardStatus, RunRequest};
use aural_services::settings::ImportMode;
use aural_testkit::media;

use super::{ImportApp, files_under};

const RESERVED: [&str; 4] = ["con", "nul", "aux", "com1"];

/// Checks one placed path against the rules of SPEC §7.5 for Windows, macOS and Linux at once.
fn assert_portable(rel: &str) {
    for component in rel.split('/') {
        assert!(
            !component.is_empty() && component != "." && component != "..",
            "{rel:?}"
        );
        assert!(
            component.len() <= 255,
            "{rel:?}: a component over 255 bytes"
        );
        assert!(
            !component.ends_with('.') && !component.ends_with(' ') && !component.starts_with(' '),
            "{rel:?}: trailing dot or space"
        );
        assert!(
            !component
                .chars()
                .any(|c| "<>:\"\\|?*".contains(c) || c.is_control()),
            "{rel:?}: a character Windows forbids"
        );
        let stem = component
            .split('.')
            .next()
            .unwrap_or_default()
            .to_lowercase();
        assert!(
            !RESERVED.contains(&stem.as_str()),
            "{rel:?}: a reserved device name"
        );
        assert!(
            unicode_is_nfc(component),
            "{rel:?}: names are NFC so macOS and Linux agree"
        );
    }
}

fn unicode_is_nfc(s: &str) -> bool {
    // U+0301 COMBINING ACUTE ACCENT after a letter is the NFD form of the test's accents.
    !s.contains('\u{301}')
}

/// One single-file book per folder, each with a hostile file name and hostile tags.
fn hostile_books(staging: &Path) -> usize {
    let long_title = "T".repeat(300);
    let books: [(&str, &str, &str); 6] = [
        ("CON.mp3", "../x", "CON"),
        ("trailing.mp3", "Title.", "Author "),
        ("long.mp3", &long_title, "Long Author"),
        (
            "Cafe\u{301}.mp3",
            "Cafe\u{301} Cre\u{300}me",
            "Ame\u{301}lie",
        ),
        ("a:b?.mp3", "a:b?", "x|y*z"),
        ("dots.mp3", "..", "../../escape"),
    ];
    for (i, (file, title, author)) in books.iter().enumerate() {
        let dir = staging.join(format!("book{i}"));
        std::fs::create_dir_all(&dir).expect("folder");
        media::mp3(
            &dir.join(file),
            1,
            &[("album", title), ("artist", author)],
            None,
        )
        .expect("ffmpeg makes the MP3");
    }
    books.len()
}

#[tokio::test]
async fn hostile_names_and_tags_land_inside_the_library_under_portable_names() {
    let t = ImportApp::new().await;
    let n = hostile_books(&t.staging);
    let sources = files_under(&t.staging);
    let cards = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");
    assert_eq!(cards.len(), n, "one card per folder");
    assert!(
        cards.iter().all(|c| c.status == CardStatus::Ready),
        "every hostile book is importable: {:?}",
        cards
            .iter()
            .map(|c| (&c.root, c.status, &c.error))
            .collect::<Vec<_>>()
    );

    let report = import::run(
        t.ctx(),
        RunRequest {
            cards: CardSelection::AllReady,
            mode: Some(ImportMode::Move),
            template: None,
        },
    )
    .await
    .expect("run");

    assert_eq!(report.imported.len(), n, "{report:?}");
    let placed = files_under(&t.root);
    for rel in placed.keys() {
        assert_portable(rel);
    }
    let outside = files_under(t.root.parent().expect("library has a parent"));
    assert_eq!(
        outside.len(),
        placed.len(),
        "nothing escaped the library folder or stayed in staging: {outside:?}"
    );
    let mut want: Vec<&String> = sources.values().collect();
    let mut got: Vec<&String> = placed.values().collect();
    want.sort();
    got.sort();
    assert_eq!(got, want, "every file exists exactly once, byte for byte");
}
