//! Finished downloads handed to the import: a real torrent of a real audiobook completes in a
//! real qbittorrent-nox, is imported into the library (the book becomes owned), seeds, and is
//! removed from the client once its seeding rule is met, its files kept.

use std::path::{Path, PathBuf};
use std::time::Duration;

use aural_clients::{ClientError, DownloadClient, QBittorrent};
use aural_core::{BookInput, BookStatus, DownloadState, ReleaseInfo};
use aural_services::AppContext;
use aural_services::downloads::{self, GrabRequest, MonitorSchedule, Source};
use aural_services::events::AppEvent;
use aural_services::providers::ProviderKey;
use aural_services::supervisor::Role;
use aural_testkit::clients::{QbitDaemon, free_port};
use aural_testkit::{EventCollector, TestApp};

use crate::downloads::{add_client, wait_download};
use crate::import::{asin_m4b, files_under, library_book};

const SETTLE: Duration = Duration::from_secs(60);

/// A folder with one tagged M4B and its .torrent; returns the folder's parent (the save path
/// that makes it complete), the .torrent and its hash.
fn audiobook_torrent(parent: &Path, title: &str, asin: &str) -> (Vec<u8>, String) {
    let folder = parent.join(format!("Frank Herbert - {title}"));
    asin_m4b(&folder, "book.m4b", title, "Frank Herbert", asin);
    let announce = format!("http://127.0.0.1:{}/announce", free_port());
    let torrent = lava_torrent::torrent::v1::TorrentBuilder::new(&folder, 64 * 1024)
        .set_announce(Some(announce))
        .build()
        .expect("a torrent of the folder");
    let hash = torrent.info_hash();
    (torrent.encode().expect("encodes"), hash)
}

async fn with_library(app: &TestApp) -> PathBuf {
    let root = app.data_dir().join("library");
    std::fs::create_dir_all(&root).expect("library folder");
    aural_services::settings::set(&app.ctx, "library.root", &root.display().to_string())
        .await
        .expect("library.root is set");
    root
}

fn start_pipeline(ctx: &AppContext) {
    ctx.supervisor()
        .start(
            ctx,
            Role::Window,
            vec![
                downloads::monitor_loop_with(MonitorSchedule {
                    busy: Duration::from_millis(200),
                    quiet: Duration::from_millis(200),
                    idle: Duration::from_millis(500),
                    ..MonitorSchedule::default()
                }),
                downloads::import_loop_with(Duration::from_millis(300)),
            ],
        )
        .expect("the supervisor starts the pipeline");
}

#[tokio::test]
async fn a_completed_download_is_imported_seeds_and_is_removed_once_its_rule_is_met() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let app = TestApp::new().await;
    let root = with_library(&app).await;
    let book = library_book(
        &app.ctx,
        BookInput {
            asin: Some("B0DUNE0001".parse().expect("valid ASIN")),
            title: "Dune".to_owned(),
            authors: vec!["Frank Herbert".to_owned()],
            ..BookInput::default()
        },
    )
    .await;
    let parent = daemon.dir.path().join("seed");
    let (bytes, hash) = audiobook_torrent(&parent, "Dune", "B0DUNE0001");
    add_client(&app.ctx, &daemon, &parent).await;
    let mut events = EventCollector::new(&app.ctx);
    start_pipeline(&app.ctx);

    let sent = downloads::grab(
        &app.ctx,
        GrabRequest {
            book: Some(book),
            client: ProviderKey::Name("qbit".to_owned()),
            release: ReleaseInfo {
                title: "Frank Herbert - Dune [M4B]".to_owned(),
                ..ReleaseInfo::default()
            },
            source: Source::TorrentFile(bytes),
        },
    )
    .await
    .expect("grabbed");
    let seeding = wait_download(&app.ctx, sent.id, "the import to finish", |d| {
        d.state == DownloadState::Seeding
    })
    .await;
    assert_eq!(seeding.error, None);

    let placed = files_under(&root);
    assert_eq!(
        placed.keys().map(String::as_str).collect::<Vec<_>>(),
        ["Frank Herbert/Dune/Dune.m4b"],
        "the download's book is in the library"
    );
    let stored = app.ctx.db().books().get(book).await.expect("book");
    assert_eq!(
        stored.status,
        BookStatus::Owned,
        "the import claims it owned"
    );
    let source = parent.join("Frank Herbert - Dune").join("book.m4b");
    assert!(source.exists(), "a seeding torrent keeps its files");

    let detail = downloads::get(&app.ctx, sent.id).await.expect("detail");
    let states: Vec<DownloadState> = detail.history.iter().map(|h| h.to).collect();
    assert!(
        states.ends_with(&[
            DownloadState::Completed,
            DownloadState::Importing,
            DownloadState::Imported,
            DownloadState::Seeding
        ]),
        "{states:?}"
    );
    events
        .wait_for(SETTLE, "a desktop notice that it was imported", |e| {
            matches!(e, AppEvent::Notice(n)
                if n.desktop && n.title.contains("Frank Herbert - Dune [M4B]"))
        })
        .await;

    // A week of seeding (the default rule) later, the torrent leaves the client.
    app.clock
        .advance(Duration::from_secs(7 * 24 * 60 * 60 + 60));
    let done = wait_download(&app.ctx, sent.id, "the seeding rule to end it", |d| {
        d.state == DownloadState::Done
    })
    .await;
    assert!(done.finished_at.is_some());
    let qbit = QBittorrent::new(
        aural_http::build_client(&aural_http::ClientSettings::for_version("test"))
            .expect("the client builds"),
        daemon.connection(),
    )
    .expect("a valid URL");
    let item =
        aural_clients::ItemId::Torrent(aural_clients::InfoHash::parse(&hash).expect("a hash"));
    aural_testkit::wait_until(SETTLE, "qBittorrent to drop it", || async {
        matches!(qbit.status(&item).await, Err(ClientError::NotFound { .. })).then_some(())
    })
    .await;
    assert!(source.exists(), "removing the torrent keeps its files");
    assert_eq!(
        files_under(&root).len(),
        1,
        "the imported copy is untouched"
    );
    let detail = downloads::get(&app.ctx, sent.id).await.expect("detail");
    let last = detail.history.last().expect("history");
    assert!(last.reason.starts_with("seeding rule met"), "{last:?}");
}

#[tokio::test]
async fn a_completed_download_that_cannot_be_imported_fails_with_the_import_error_and_keeps_its_files()
 {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let app = TestApp::new().await;
    // No library folder is set: the import says so.
    let parent = daemon.dir.path().join("seed");
    let (bytes, _) = audiobook_torrent(&parent, "Children of Dune", "B0DUNE0003");
    add_client(&app.ctx, &daemon, &parent).await;
    let mut events = EventCollector::new(&app.ctx);
    start_pipeline(&app.ctx);
    let sent = downloads::grab(
        &app.ctx,
        GrabRequest {
            book: None,
            client: ProviderKey::Name("qbit".to_owned()),
            release: ReleaseInfo {
                title: "Children of Dune".to_owned(),
                ..ReleaseInfo::default()
            },
            source: Source::TorrentFile(bytes),
        },
    )
    .await
    .expect("grabbed");
    let failed = wait_download(&app.ctx, sent.id, "the import to fail it", |d| {
        d.state == DownloadState::Failed
    })
    .await;
    let error = failed.error.unwrap_or_default();
    assert!(
        error.starts_with("the import failed") && error.contains("library folder"),
        "{error}"
    );
    assert!(
        parent
            .join("Frank Herbert - Children of Dune/book.m4b")
            .exists(),
        "a failed import never deletes the download"
    );
    events
        .wait_for(
            SETTLE,
            "a notice saying the import failed",
            |e| matches!(e, AppEvent::Notice(n) if n.title.starts_with("Could not import")),
        )
        .await;
}

#[tokio::test]
async fn a_download_whose_files_are_not_audio_fails_and_its_release_is_blocklisted() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let app = TestApp::new().await;
    with_library(&app).await;
    let book = library_book(
        &app.ctx,
        BookInput {
            title: "Loop Book".to_owned(),
            authors: vec!["Sample Author".to_owned()],
            ..BookInput::default()
        },
    )
    .await;
    // Named .mp3, made of random bytes.
    let torrent =
        aural_testkit::clients::SampleTorrent::create(&daemon.dir.path().join("seed"), 51)
            .expect("a torrent");
    add_client(&app.ctx, &daemon, &torrent.parent).await;
    start_pipeline(&app.ctx);
    let sent = downloads::grab(
        &app.ctx,
        GrabRequest {
            book: Some(book),
            client: ProviderKey::Name("qbit".to_owned()),
            release: ReleaseInfo {
                title: "Sample Author - Loop Book [MP3]".to_owned(),
                ..ReleaseInfo::default()
            },
            source: Source::TorrentFile(torrent.bytes.clone()),
        },
    )
    .await
    .expect("grabbed");
    let failed = wait_download(&app.ctx, sent.id, "the import to reject it", |d| {
        d.state == DownloadState::Failed
    })
    .await;
    assert!(
        failed
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("the import failed")),
        "{failed:?}"
    );
    assert!(
        torrent.folder().exists(),
        "a rejected download keeps its files"
    );
    // The release is blocklisted just after the download is marked failed.
    let blocked = crate::support::wait_until("the release on the blocklist", || async {
        let list = aural_services::blocklist::list(&app.ctx, aural_core::Page::default())
            .await
            .expect("blocklist");
        (list.total > 0).then_some(list)
    })
    .await;
    assert_eq!(blocked.total, 1, "{blocked:?}");
    assert_eq!(
        blocked.items[0].reason,
        aural_core::BlocklistReason::ImportRejected
    );
    assert_eq!(blocked.items[0].info_hash, Some(torrent.hash.to_string()));
}
