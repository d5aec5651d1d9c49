//! Downloads without the user: a rejected or failed release is blocklisted and the book's next
//! best release is searched and grabbed; with automatic downloads on, Wanted books are searched
//! and their best release grabbed. A Torznab fake serves real .torrent files; the client is a
//! real qbittorrent-nox.

use std::sync::Arc;
use std::time::Duration;

use aural_core::{
    BlocklistReason, BookId, BookInput, Download, DownloadState, Page, ProviderFamily,
    ProviderSettings,
};
use aural_services::AppContext;
use aural_services::downloads::{self, DownloadFilter, MonitorSchedule, RemoveData};
use aural_services::providers::{self, AddProvider};
use aural_services::search::{self, SearchFor};
use aural_services::supervisor::Role;
use aural_testkit::clients::{QbitDaemon, SampleTorrent};
use aural_testkit::{FakeServer, TestApp};
use axum::routing::get;
use tokio_util::sync::CancellationToken;

use crate::downloads::add_client;
use crate::import::library_book;
use crate::indexer_fakes::{KEY, torznab_at};

const SETTLE: Duration = Duration::from_secs(60);

/// A Torznab indexer whose releases (title, torrent) link to their .torrent files behind the
/// API key, whatever is asked.
async fn indexer_offering(releases: &[(&str, &SampleTorrent)]) -> FakeServer {
    let feed = Arc::new(std::sync::Mutex::new(String::new()));
    let served = feed.clone();
    let mut router = axum::Router::new().route(
        "/api",
        get(move || {
            let text = served.lock().map(|f| f.clone()).unwrap_or_default();
            async move {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/rss+xml")],
                    text,
                )
            }
        }),
    );
    for (i, (_, torrent)) in releases.iter().enumerate() {
        let bytes = torrent.bytes.clone();
        router = router.route(
            &format!("/dl/{i}.torrent"),
            get(move || {
                let bytes = bytes.clone();
                async move { bytes }
            }),
        );
    }
    let server = FakeServer::start(router).await;
    let items: String = releases
        .iter()
        .enumerate()
        .map(|(i, (title, _))| {
            let link = server.url(&format!("/dl/{i}.torrent"));
            format!(
                r#"<item><title>{title}</title><guid>release-{i}</guid>
<link>{link}?apikey={KEY}</link><size>734003200</size>
<torznab:attr name="seeders" value="{seeders}"/></item>"#,
                seeders = 50 - i
            )
        })
        .collect();
    *feed.lock().expect("feed") = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:torznab="http://torznab.com/schemas/2015/feed"><channel>{items}</channel></rss>"#
    );
    server
}

async fn add_indexer(ctx: &AppContext, server: &FakeServer) {
    let ProviderSettings::Torznab(mut settings) = torznab_at(server) else {
        unreachable!("Torznab settings")
    };
    settings.url = server.url("/api").to_string();
    providers::add(
        ctx,
        ProviderFamily::Indexer,
        AddProvider {
            name: "Indexer".to_owned(),
            enabled: Some(true),
            priority: 0,
            settings: ProviderSettings::Torznab(settings),
            secret: Some(KEY.to_owned().into()),
        },
    )
    .await
    .expect("indexer");
}

async fn wanted_book(ctx: &AppContext, title: &str, author: &str) -> BookId {
    library_book(
        ctx,
        BookInput {
            title: title.to_owned(),
            authors: vec![author.to_owned()],
            ..BookInput::default()
        },
    )
    .await
}

fn start(ctx: &AppContext) {
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
                downloads::search_loop_with(Duration::from_millis(300)),
            ],
        )
        .expect("the supervisor starts the pipeline");
}

async fn of_book(ctx: &AppContext, book: BookId) -> Vec<Download> {
    downloads::list(
        ctx,
        &DownloadFilter {
            states: vec![],
            book: Some(book),
        },
        Page::default(),
    )
    .await
    .expect("list")
    .items
}

/// Waits for the newest download of `book` to pass `ok`.
async fn wait_newest(
    ctx: &AppContext,
    book: BookId,
    what: &str,
    ok: impl Fn(&Download) -> bool,
) -> Download {
    let ok = &ok;
    aural_testkit::wait_until(SETTLE, what, || async move {
        of_book(ctx, book)
            .await
            .into_iter()
            .next()
            .filter(|d| ok(d))
    })
    .await
}

async fn reasons(ctx: &AppContext, d: &Download) -> Vec<String> {
    downloads::get(ctx, d.id)
        .await
        .expect("detail")
        .history
        .into_iter()
        .map(|h| h.reason)
        .collect()
}

#[tokio::test]
async fn a_rejected_release_is_blocklisted_and_the_next_best_is_grabbed_in_its_place() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let seed = daemon.dir.path().join("seed");
    let first = SampleTorrent::create(&seed.join("a"), 41).expect("a torrent");
    let second = SampleTorrent::create(&seed.join("b"), 42).expect("a torrent");
    let app = TestApp::new().await;
    let indexer = indexer_offering(&[
        ("Frank Herbert - Dune [M4B]", &first),
        ("Frank Herbert - Dune (Unabridged) [MP3]", &second),
    ])
    .await;
    add_indexer(&app.ctx, &indexer).await;
    add_client(&app.ctx, &daemon, &seed).await;
    let book = wanted_book(&app.ctx, "Dune", "Frank Herbert").await;
    let found = search::search_releases(
        &app.ctx,
        &SearchFor::Book(Box::new(
            app.ctx.db().books().get(book).await.expect("book"),
        )),
        &CancellationToken::new(),
        |_, _| {},
    )
    .await
    .expect("search");
    let best = found
        .releases
        .iter()
        .find(|r| !r.score.is_rejected())
        .expect("a release to grab");
    let grabbed = downloads::grab_found(&app.ctx, Some(book), &best.key, None)
        .await
        .expect("grabbed");
    start(&app.ctx);

    let rejected = downloads::reject(&app.ctx, grabbed.id, RemoveData::Keep)
        .await
        .expect("rejected");
    assert_eq!(rejected.state, DownloadState::Cancelled);
    let blocked = aural_services::blocklist::list(&app.ctx, Page::default())
        .await
        .expect("blocklist");
    assert_eq!(blocked.total, 1, "{blocked:?}");
    assert_eq!(blocked.items[0].reason, BlocklistReason::User);
    assert_eq!(blocked.items[0].book, Some(book));
    assert_eq!(blocked.items[0].title, grabbed.release.title);

    let next = wait_newest(&app.ctx, book, "the next best release to be sent", |d| {
        d.id != grabbed.id && d.client_ref.is_some() && d.state.is_in_client()
    })
    .await;
    assert_ne!(
        next.release.title, grabbed.release.title,
        "not the blocklisted one"
    );
    assert_ne!(next.client_ref, grabbed.client_ref);
    let why = reasons(&app.ctx, &next).await;
    assert!(why[0].starts_with("queued again after download"), "{why:?}");
    assert!(
        why.iter()
            .any(|r| r.starts_with(&format!("chose {} (score ", next.release.title))),
        "the choice is explained: {why:?}"
    );

    // The second is turned down too: nothing is left to take, so the third waits and searches
    // again later.
    downloads::reject(&app.ctx, next.id, RemoveData::Keep)
        .await
        .expect("rejected");
    let third = wait_newest(&app.ctx, book, "a search that finds nothing left", |d| {
        d.id != next.id && d.state == DownloadState::Queued && d.attempt == 2
    })
    .await;
    let why = reasons(&app.ctx, &third).await;
    assert!(
        why.last()
            .is_some_and(|r| r.contains("rejected") && r.ends_with("searching again in 1 h")),
        "{why:?}"
    );
    assert!(third.next_attempt_at.is_some());

    // Three releases were tried today: a failure now queues nothing more.
    let cancelled = downloads::reject(&app.ctx, third.id, RemoveData::Keep)
        .await
        .expect("rejected");
    assert_eq!(cancelled.state, DownloadState::Cancelled);
    let all = of_book(&app.ctx, book).await;
    assert_eq!(all.len(), 3, "bounded per book and day: {all:#?}");
}

#[tokio::test]
async fn automatic_downloads_grab_the_best_release_of_each_wanted_book_above_the_threshold() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let seed = daemon.dir.path().join("seed");
    let dune = SampleTorrent::create(&seed.join("a"), 43).expect("a torrent");
    let app = TestApp::new().await;
    let indexer = indexer_offering(&[("Frank Herbert - Dune [M4B]", &dune)]).await;
    add_indexer(&app.ctx, &indexer).await;
    add_client(&app.ctx, &daemon, &seed).await;
    let wanted = wanted_book(&app.ctx, "Dune", "Frank Herbert").await;
    // The indexer offers nothing that is this book.
    let unmatched = wanted_book(&app.ctx, "Emma", "Jane Austen").await;
    start(&app.ctx);
    aural_services::settings::set(&app.ctx, "downloads.automatic", "true")
        .await
        .expect("automatic downloads on");

    let sent = wait_newest(
        &app.ctx,
        wanted,
        "the wanted book's release to be sent",
        |d| d.state == DownloadState::Sent,
    )
    .await;
    assert_eq!(sent.release.title, "Frank Herbert - Dune [M4B]");
    assert_eq!(sent.client_ref, Some(dune.hash.to_string()));
    let why = reasons(&app.ctx, &sent).await;
    assert_eq!(why[0], "automatic search for a wanted book");
    assert!(
        why.iter()
            .any(|r| r.starts_with("chose Frank Herbert - Dune [M4B] (score ")),
        "{why:?}"
    );

    let waiting = wait_newest(
        &app.ctx,
        unmatched,
        "the other book's search to find nothing",
        |d| d.state == DownloadState::Queued && d.attempt == 2,
    )
    .await;
    let why = reasons(&app.ctx, &waiting).await;
    assert!(
        why.last()
            .is_some_and(|r| r.ends_with("searching again in 1 h")),
        "{why:?}"
    );
    assert_eq!(
        of_book(&app.ctx, wanted).await.len(),
        1,
        "a book with a download going is not queued again"
    );
}

#[tokio::test]
async fn a_release_below_the_score_threshold_is_not_grabbed_automatically() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let seed = daemon.dir.path().join("seed");
    let dune = SampleTorrent::create(&seed.join("a"), 44).expect("a torrent");
    let app = TestApp::new().await;
    let indexer = indexer_offering(&[("Frank Herbert - Dune [M4B]", &dune)]).await;
    add_indexer(&app.ctx, &indexer).await;
    add_client(&app.ctx, &daemon, &seed).await;
    let wanted = wanted_book(&app.ctx, "Dune", "Frank Herbert").await;
    aural_services::settings::set(&app.ctx, "downloads.minScore", "100")
        .await
        .expect("set");
    aural_services::settings::set(&app.ctx, "downloads.automatic", "true")
        .await
        .expect("automatic downloads on");
    start(&app.ctx);
    let waiting = wait_newest(
        &app.ctx,
        wanted,
        "the search to find nothing good enough",
        |d| d.state == DownloadState::Queued && d.attempt == 2,
    )
    .await;
    let why = reasons(&app.ctx, &waiting).await;
    assert!(
        why.last().is_some_and(|r| r.contains("below 100")),
        "{why:?}"
    );
    assert_eq!(waiting.client, None, "nothing was sent");
}

#[tokio::test]
async fn searching_wanted_books_now_grabs_without_the_schedule_and_skips_books_already_going() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let seed = daemon.dir.path().join("seed");
    let dune = SampleTorrent::create(&seed.join("a"), 45).expect("a torrent");
    let app = TestApp::new().await;
    let indexer = indexer_offering(&[("Frank Herbert - Dune [M4B]", &dune)]).await;
    add_indexer(&app.ctx, &indexer).await;
    add_client(&app.ctx, &daemon, &seed).await;
    let wanted = wanted_book(&app.ctx, "Dune", "Frank Herbert").await;
    // Automatic downloads stay off and no loop runs: only the call searches.
    let touched = downloads::search_wanted_now(&app.ctx)
        .await
        .expect("a pass");
    assert_eq!(touched.len(), 1, "{touched:#?}");
    assert_eq!(touched[0].book, Some(wanted));
    assert_eq!(touched[0].state, DownloadState::Sent);
    assert_eq!(touched[0].client_ref, Some(dune.hash.to_string()));
    let again = downloads::search_wanted_now(&app.ctx)
        .await
        .expect("a pass");
    assert!(again.is_empty(), "its download is going: {again:#?}");
}

#[tokio::test]
async fn a_download_its_client_lost_blocklists_its_release_and_queues_its_book_again() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let app = TestApp::new().await;
    let client = add_client(&app.ctx, &daemon, &daemon.downloads).await;
    let book = wanted_book(&app.ctx, "Dune", "Frank Herbert").await;
    let (_, lost) = aural_testkit::clients::unresolvable_magnet();
    let d = app
        .ctx
        .db()
        .downloads()
        .create(&aural_core::NewDownload {
            book: Some(book),
            kind: aural_core::DownloadKind::Torrent,
            state: DownloadState::Downloading,
            client: Some(client),
            client_ref: Some(lost.to_string()),
            release: aural_core::ReleaseInfo {
                title: "Frank Herbert - Dune [M4B]".to_owned(),
                info_hash: Some(lost.to_string()),
                ..aural_core::ReleaseInfo::default()
            },
            priority: 0,
            reason: "left by an earlier run".to_owned(),
        })
        .await
        .expect("a download");
    app.ctx
        .supervisor()
        .start(
            &app.ctx,
            Role::Window,
            vec![downloads::monitor_loop_with(MonitorSchedule {
                busy: Duration::from_millis(200),
                quiet: Duration::from_millis(200),
                idle: Duration::from_millis(500),
                missing_after: Duration::from_secs(1),
                ..MonitorSchedule::default()
            })],
        )
        .expect("the monitor starts");

    let queued = wait_newest(&app.ctx, book, "the book to be queued again", |n| {
        n.id != d.id && n.state == DownloadState::Queued
    })
    .await;
    let failed = downloads::get(&app.ctx, d.id)
        .await
        .expect("detail")
        .download;
    assert_eq!(failed.state, DownloadState::Failed);
    let blocked = aural_services::blocklist::list(&app.ctx, Page::default())
        .await
        .expect("blocklist");
    assert_eq!(blocked.total, 1, "{blocked:?}");
    assert_eq!(blocked.items[0].reason, BlocklistReason::FailedDownload);
    assert_eq!(blocked.items[0].info_hash, Some(lost.to_string()));
    let why = reasons(&app.ctx, &queued).await;
    assert_eq!(
        why[0],
        format!(
            "queued again after download {} (its download failed); the next best release is searched",
            d.id
        )
    );
}
