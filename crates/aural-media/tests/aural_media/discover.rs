use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;

use aural_media::discover::{BookShape, SkipReason, refine};
use aural_media::{AudioTags, CompanionKind, MediaError, discover, read_tags};

use crate::sample;

fn file_names(paths: impl IntoIterator<Item = PathBuf>) -> Vec<String> {
    paths
        .into_iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn a_folder_of_parts_is_one_book_in_natural_order_with_its_companions() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let book = tmp.path().join("Sample Author/MP3 Sample Book");
    std::fs::create_dir_all(&book)?;
    for name in ["Part 10.mp3", "Part 2.mp3", "Part 1.mp3"] {
        sample::part(&book.join(name))?;
    }
    sample::cover(&book.join("cover.jpg"))?;
    for name in [
        "book.nfo",
        "book.pdf",
        "metadata.opf",
        "book.cue",
        "notes.txt",
        "._Part 1.mp3",
    ] {
        std::fs::write(book.join(name), b"companion")?;
    }
    // A FIFO named like audio would block a reader forever; a loop would walk forever.
    mkfifo(&book.join("stream.mp3"));
    symlink("..", book.join("loop"))?;

    let found = discover(&[tmp.path()]);

    assert_eq!(
        found.books.len(),
        1,
        "one folder of parts is one book: {found:#?}"
    );
    let only = &found.books[0];
    assert_eq!(only.shape, BookShape::Folder);
    assert_eq!(only.root, book);
    assert_eq!(
        file_names(only.parts.iter().map(|p| p.path.clone())),
        ["Part 1.mp3", "Part 2.mp3", "Part 10.mp3"],
        "natural order puts Part 2 before Part 10; the ._ shadow file is not a part"
    );
    let mut companions = file_names(only.companions.iter().map(|c| c.path.clone()));
    companions.sort();
    assert_eq!(
        companions,
        [
            "book.cue",
            "book.nfo",
            "book.pdf",
            "cover.jpg",
            "metadata.opf"
        ],
        "notes.txt stays behind"
    );
    assert!(
        only.companions
            .iter()
            .any(|c| c.kind == CompanionKind::Image && c.path.ends_with("cover.jpg"))
    );
    assert!(only.total_size() > 0, "sizes are read");
    assert!(
        found
            .skipped
            .iter()
            .any(|s| s.path == book.join("stream.mp3") && s.reason == SkipReason::SpecialFile),
        "the FIFO is reported as skipped: {:?}",
        found.skipped
    );
    assert!(
        found
            .skipped
            .iter()
            .any(|s| s.path == book.join("loop") && s.reason == SkipReason::SymlinkLoop),
        "the symlink loop is reported: {:?}",
        found.skipped
    );
    Ok(())
}

#[test]
fn disc_folders_make_one_book_with_discs_in_order() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let book = tmp.path().join("Multi Disc Book");
    for (disc, parts) in [("CD10", 1), ("CD2", 1), ("CD1", 2)] {
        std::fs::create_dir_all(book.join(disc))?;
        for n in 1..=parts {
            sample::part(&book.join(disc).join(format!("{n:02} - Track.mp3")))?;
        }
    }
    sample::cover(&book.join("cover.jpg"))?;
    std::fs::write(book.join("CD1/disc1.cue"), b"FILE")?;

    let found = discover(&[&book]);

    assert_eq!(
        found.books.len(),
        1,
        "discs of one parent are one book: {found:#?}"
    );
    let only = &found.books[0];
    assert_eq!(only.shape, BookShape::MultiDisc);
    assert_eq!(only.root, book);
    let order: Vec<(Option<u32>, String)> = only
        .parts
        .iter()
        .map(|p| {
            (
                p.disc,
                p.path
                    .strip_prefix(&book)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            (Some(1), "CD1/01 - Track.mp3".to_owned()),
            (Some(1), "CD1/02 - Track.mp3".to_owned()),
            (Some(2), "CD2/01 - Track.mp3".to_owned()),
            (Some(10), "CD10/01 - Track.mp3".to_owned()),
        ],
        "every part of every disc is kept, disc 2 before disc 10"
    );
    assert_eq!(
        only.companions.len(),
        2,
        "the parent's cover and the disc's cue travel along"
    );
    Ok(())
}

#[test]
fn several_m4b_files_in_one_folder_are_one_book_each() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path();
    sample::m4b(&dir.join("First.m4b"), 1, &[], &[], None, true)?;
    sample::m4b(&dir.join("Second.m4b"), 1, &[], &[], None, true)?;
    sample::cover(&dir.join("First.jpg"))?;
    std::fs::write(dir.join("Second.m4b.cue"), b"FILE")?;
    std::fs::write(dir.join("folder.nfo"), b"shared")?;

    let found = discover(&[dir]);

    let mut books: Vec<(String, Vec<String>)> = found
        .books
        .iter()
        .map(|b| {
            (
                file_names([b.root.clone()])[0].clone(),
                file_names(b.companions.iter().map(|c| c.path.clone())),
            )
        })
        .collect();
    books.sort();
    assert_eq!(
        books,
        [
            ("First.m4b".to_owned(), vec!["First.jpg".to_owned()]),
            ("Second.m4b".to_owned(), vec!["Second.m4b.cue".to_owned()])
        ],
        "each M4B is a book with the companions named for it"
    );
    assert!(found.books.iter().all(|b| b.shape == BookShape::SingleFile));
    assert_eq!(
        file_names(found.unclaimed.iter().map(|c| c.path.clone())),
        ["folder.nfo"],
        "a shared companion is left for the planner"
    );
    Ok(())
}

#[test]
fn a_file_chosen_on_its_own_is_a_book_with_the_companions_named_for_it() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let file = sample::part(&tmp.path().join("Lonely.mp3"))?;
    sample::part(&tmp.path().join("Other.mp3"))?;
    std::fs::write(tmp.path().join("Lonely.nfo"), b"x")?;
    std::fs::write(tmp.path().join("Other.nfo"), b"x")?;

    let found = discover(&[&file, &file]);

    assert_eq!(
        found.books.len(),
        1,
        "the same file chosen twice is one book"
    );
    assert_eq!(found.books[0].root, file);
    assert_eq!(
        file_names(found.books[0].parts.iter().map(|p| p.path.clone())),
        ["Lonely.mp3"],
        "siblings are not pulled in"
    );
    assert_eq!(
        file_names(found.books[0].companions.iter().map(|c| c.path.clone())),
        ["Lonely.nfo"]
    );
    Ok(())
}

#[test]
fn overlapping_roots_and_a_second_link_to_a_folder_find_each_book_once() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let book = tmp.path().join("Book");
    std::fs::create_dir(&book)?;
    sample::part(&book.join("01.mp3"))?;
    symlink(&book, tmp.path().join("Book again"))?;
    symlink(tmp.path().join("missing"), tmp.path().join("dangling.mp3"))?;

    let found = discover(&[tmp.path(), &book]);

    assert_eq!(
        found.books.len(),
        1,
        "one folder reached three ways is one book: {found:#?}"
    );
    assert!(
        found
            .skipped
            .iter()
            .any(|s| s.path.ends_with("dangling.mp3")
                && s.reason == SkipReason::Unreadable(std::io::ErrorKind::NotFound)),
        "a dangling link is reported: {:?}",
        found.skipped
    );
    Ok(())
}

#[test]
fn hostile_file_names_are_found_exactly_as_they_are_on_disk() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let book = tmp.path().join("...");
    std::fs::create_dir(&book)?;
    let names: Vec<&OsStr> = [
        "Cafe\u{301}.mp3",
        "Caf\u{e9}.mp3",
        "🎧 emoji.mp3",
        "漢字.mp3",
        "עברית.mp3",
        "quotes ' \" ; & | $(echo) `x`.mp3",
        "-leading dash.mp3",
        " leading and trailing space .mp3",
        "trailing dot.mp3.",
        "CON.mp3",
        "..\\..\\x.mp3",
        "a:b?.mp3",
        "new\nline.mp3",
        "tab\there.mp3",
        ".hidden.mp3",
    ]
    .iter()
    .map(OsStr::new)
    .chain([OsStr::from_bytes(b"invalid \xff utf8.mp3")])
    .collect();
    let long = format!("{}.mp3", "x".repeat(240));
    let mut expected = Vec::new();
    for name in names.iter().copied().chain([OsStr::new(&long)]) {
        let path = book.join(name);
        sample::part(&path)?;
        expected.push(path);
    }
    // "trailing dot.mp3." does not end in .mp3: it is no audio file and stays behind.
    expected.retain(|p| p.extension() == Some(OsStr::new("mp3")));

    let found = discover(&[tmp.path()]);

    assert_eq!(found.books.len(), 1, "{found:#?}");
    let mut got: Vec<PathBuf> = found.books[0]
        .parts
        .iter()
        .map(|p| p.path.clone())
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(
        got, expected,
        "every hostile name is a part, byte for byte, in a folder named ..."
    );
    Ok(())
}

#[test]
fn tags_order_parts_by_track_and_split_a_folder_of_two_albums() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("Mixed");
    std::fs::create_dir(&dir)?;
    // File names disagree with track numbers; the tags win.
    for (name, album, track) in [
        ("a.mp3", "First Book", "2"),
        ("b.mp3", "First Book", "1"),
        ("c.mp3", "Second Book", "1"),
    ] {
        sample::mp3(
            &dir.join(name),
            1,
            &[("album", album), ("track", track)],
            None,
        )?;
    }
    std::fs::write(dir.join("c.nfo"), b"for c")?;
    std::fs::write(dir.join("shared.pdf"), b"shared")?;
    let found = discover(&[&dir]);
    assert_eq!(found.books.len(), 1, "by file names alone it is one book");
    let tags: HashMap<PathBuf, AudioTags> = found.books[0]
        .parts
        .iter()
        .map(|p| Ok((p.path.clone(), read_tags(&p.path)?)))
        .collect::<Result<_, MediaError>>()?;

    let refined = refine(found.books[0].clone(), &tags);

    let books: Vec<Vec<String>> = refined
        .books
        .iter()
        .map(|b| file_names(b.parts.iter().map(|p| p.path.clone())))
        .collect();
    assert_eq!(
        books,
        [vec!["b.mp3", "a.mp3"], vec!["c.mp3"]],
        "one book per album, track 1 first"
    );
    assert_eq!(refined.books[1].shape, BookShape::SingleFile);
    assert_eq!(
        file_names(refined.books[1].companions.iter().map(|c| c.path.clone())),
        ["c.nfo"]
    );
    assert_eq!(
        file_names(refined.unclaimed.iter().map(|c| c.path.clone())),
        ["shared.pdf"]
    );

    let untagged: HashMap<PathBuf, AudioTags> = HashMap::new();
    let same = refine(found.books[0].clone(), &untagged);
    assert_eq!(
        same.books,
        [found.books[0].clone()],
        "without tags the book stays as found"
    );
    Ok(())
}
