//! A placement stopped right after each journal step, as a crash there would leave it, then
//! recovered: no file is lost or duplicated and the database agrees with the disk.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aural_core::BookStatus;
use aural_services::import::{
    self, CardId, CardSelection, CardStatus, Flow, JournalStep, RunRequest, StepObserver,
};
use aural_services::settings::ImportMode;

use super::{ImportApp, files_under, mp3_folder};

/// Stops at the `nth` (0-based) time `step` is reached.
struct StopAt {
    step: JournalStep,
    nth: usize,
    seen: AtomicUsize,
}

impl StepObserver for StopAt {
    fn after(&self, _: CardId, step: JournalStep) -> Flow {
        if step == self.step && self.seen.fetch_add(1, Ordering::SeqCst) == self.nth {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }
}

/// What the crash leaves beyond the journal's own state.
#[derive(Debug, Clone, Copy)]
enum Leftover {
    Nothing,
    /// A half-written temp file, as a crash in the middle of a copy leaves it.
    PartialTemp,
    /// A finished copy at the target, as a crash between the copy and the journal update leaves it.
    FinishedCopy,
}

/// Returns whether recovery completed the card (else it undid it).
async fn crash_and_recover(
    mode: ImportMode,
    step: JournalStep,
    nth: usize,
    leftover: Leftover,
) -> bool {
    let case = format!("{mode:?} stopped after {step:?} #{nth} leaving {leftover:?}");
    let t = ImportApp::new().await;
    mp3_folder(&t.staging.join("book"), "Crash Book", "Crash Author", 3);
    let sources = files_under(&t.staging);
    let cards = import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");
    let card = cards[0].id;

    let report = import::run_observed(
        t.ctx(),
        RunRequest {
            cards: CardSelection::AllReady,
            mode: Some(mode),
            template: None,
        },
        Arc::new(StopAt {
            step,
            nth,
            seen: AtomicUsize::new(0),
        }),
    )
    .await
    .expect("run");
    assert!(report.stopped, "{case}: the observer stopped the placement");
    let open = t.ctx().db().import_journal().open().await.expect("journal");
    assert!(
        !open.is_empty(),
        "{case}: the stop left open journal entries"
    );
    if let Some(entry) = open.iter().find(|e| e.step == JournalStep::Planned) {
        let tmp = std::path::Path::new(&entry.file.tmp);
        std::fs::create_dir_all(tmp.parent().expect("temp folder")).expect("folder");
        match leftover {
            Leftover::Nothing => {}
            Leftover::PartialTemp => std::fs::write(tmp, b"half a copy").expect("temp"),
            Leftover::FinishedCopy => {
                std::fs::copy(&entry.file.src, &entry.file.dst).expect("copy");
            }
        }
    }

    let recovered = import::recover(t.ctx()).await.expect("recover");
    assert!(recovered.failed.is_empty(), "{case}: {recovered:?}");
    assert!(
        t.ctx()
            .db()
            .import_journal()
            .open()
            .await
            .expect("journal")
            .is_empty(),
        "{case}: recovery closed every entry"
    );

    let in_staging = files_under(&t.staging);
    let in_library = files_under(&t.root);
    assert!(
        in_library
            .keys()
            .chain(in_staging.keys())
            .all(|k| !k.ends_with(".aapart")),
        "{case}: no temp file is left: {in_library:?}"
    );
    for sha in sources.values() {
        let copies = in_staging
            .values()
            .chain(in_library.values())
            .filter(|s| *s == sha)
            .count();
        let want = if mode == ImportMode::Copy && !in_library.is_empty() {
            2
        } else {
            1
        };
        assert_eq!(
            copies, want,
            "{case}: each file exists exactly once per place it belongs"
        );
    }

    let card_now = import::status(t.ctx(), None, aural_core::Page::default())
        .await
        .expect("status")
        .cards
        .items
        .into_iter()
        .find(|c| c.id == card)
        .expect("card");
    let completed = recovered.completed.contains(&card);
    if step == JournalStep::Planned || (step == JournalStep::Placed && nth < 3) {
        assert!(
            recovered.rolled_back.contains(&card),
            "{case}: {recovered:?}"
        );
        assert!(
            in_library.is_empty(),
            "{case}: an unfinished book is undone: {in_library:?}"
        );
        assert_eq!(in_staging, sources, "{case}: the sources are untouched");
        assert_eq!(
            card_now.status,
            CardStatus::Ready,
            "{case}: it can be imported again"
        );
    } else {
        assert!(completed, "{case}: {recovered:?}");
        assert_eq!(card_now.status, CardStatus::Imported, "{case}");
        let book = card_now.book_id.expect("an imported card names its book");
        let stored = t.ctx().db().books().get(book).await.expect("book");
        assert_eq!(stored.status, BookStatus::Owned, "{case}");
        let listed = import::book_files(t.ctx(), book).await.expect("files");
        let mut listed: Vec<(String, String)> =
            listed.into_iter().map(|f| (f.path, f.sha256)).collect();
        listed.sort();
        let on_disk: Vec<(String, String)> = in_library.into_iter().collect();
        assert_eq!(
            listed, on_disk,
            "{case}: the database lists exactly what is on disk"
        );
        if mode == ImportMode::Move {
            assert!(in_staging.is_empty(), "{case}: a move leaves no source");
        }
    }
    completed
}

#[tokio::test]
async fn a_placement_stopped_at_any_journal_step_is_completed_or_undone_by_recovery() {
    // Three parts and a cover: four entries. Placed #3 is the last file placed, so the card is
    // complete on disk and recovery records it.
    let cases = [
        (JournalStep::Planned, 0, Leftover::Nothing),
        (JournalStep::Planned, 0, Leftover::PartialTemp),
        (JournalStep::Planned, 0, Leftover::FinishedCopy),
        (JournalStep::Placed, 0, Leftover::Nothing),
        (JournalStep::Placed, 2, Leftover::PartialTemp),
        (JournalStep::Placed, 3, Leftover::Nothing),
        (JournalStep::Recorded, 0, Leftover::Nothing),
        (JournalStep::SourceRemoved, 0, Leftover::Nothing),
        (JournalStep::SourceRemoved, 2, Leftover::Nothing),
    ];
    let mut outcomes = Vec::new();
    for mode in [ImportMode::Move, ImportMode::Copy] {
        for (step, nth, leftover) in cases {
            if mode == ImportMode::Copy && step == JournalStep::SourceRemoved {
                continue;
            }
            outcomes.push(crash_and_recover(mode, step, nth, leftover).await);
        }
    }
    assert_eq!(outcomes.len(), 16, "every stop was tried");
    assert!(
        outcomes.contains(&true) && outcomes.contains(&false),
        "recovery both completes and undoes: {outcomes:?}"
    );
}

#[tokio::test]
async fn the_next_start_of_the_app_recovers_an_interrupted_move() {
    let t = ImportApp::new().await;
    mp3_folder(&t.staging.join("book"), "Start Book", "Start Author", 2);
    import::scan(t.ctx(), vec![t.staging.clone()])
        .await
        .expect("scan");
    import::run_observed(
        t.ctx(),
        RunRequest {
            cards: CardSelection::AllReady,
            mode: Some(ImportMode::Move),
            template: None,
        },
        Arc::new(StopAt {
            step: JournalStep::Recorded,
            nth: 0,
            seen: AtomicUsize::new(0),
        }),
    )
    .await
    .expect("run");
    assert!(
        !files_under(&t.staging).is_empty(),
        "the stop came before any source was removed"
    );

    let next = t.app.second_process().await;

    assert!(
        next.db()
            .import_journal()
            .open()
            .await
            .expect("journal")
            .is_empty(),
        "opening the library recovered the journal"
    );
    assert!(files_under(&t.staging).is_empty(), "the move was completed");
    assert_eq!(
        files_under(&t.root).len(),
        3,
        "two parts and the cover are in the library"
    );
}
