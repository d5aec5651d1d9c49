//! The download pipeline against a real qbittorrent-nox on loopback: grab, the monitor, the
//! user's pause, resume and cancel, a client that dies and comes back, and an app that restarts.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use aural_clients::{ClientError, DownloadClient, ItemState, QBittorrent};
use aural_core::provider::QbittorrentSettings;
use aural_core::{
    Clock, Download, DownloadId, DownloadKind, DownloadState, ErrorCode, HealthKind, NewDownload,
    ProviderFamily, ProviderId, ProviderSettings, ReleaseInfo, Sensitive,
};
use aural_services::downloads::{self, GrabRequest, MonitorSchedule, RemoveData, Source};
use aural_services::events::AppEvent;
use aural_services::providers::{self, AddProvider, ProviderKey};
use aural_services::secrets::SecretStore;
use aural_services::supervisor::Role;
use aural_services::{AppConfig, AppContext, ServiceError};
use aural_testkit::clients::torrent::FILES;
use aural_testkit::clients::{QbitDaemon, SampleTorrent, free_port};
use aural_testkit::{EventCollector, FixedClock, TestApp};

/// Real daemons check and load torrents in their own time.
const SETTLE: Duration = Duration::from_secs(60);

/// The monitor at test speed; the thresholds stay as in production.
fn fast() -> MonitorSchedule {
    MonitorSchedule {
        busy: Duration::from_millis(200),
        quiet: Duration::from_millis(200),
        idle: Duration::from_millis(500),
        ..MonitorSchedule::default()
    }
}

fn start_monitor(ctx: &AppContext) {
    ctx.supervisor()
        .start(
            ctx,
            Role::Window,
            vec![downloads::monitor_loop_with(fast())],
        )
        .expect("the supervisor starts the monitor");
}

fn qbit_settings(url: &str, save_path: &Path) -> ProviderSettings {
    ProviderSettings::QBittorrent(QbittorrentSettings {
        url: url.to_owned(),
        username: aural_testkit::clients::qbittorrent::USERNAME.to_owned(),
        category: "audiobooks".to_owned(),
        save_path: Some(save_path.display().to_string()),
        path_mappings: vec![],
        seeding: aural_core::provider::SeedingRule::default(),
    })
}

pub(crate) async fn add_client(
    ctx: &AppContext,
    daemon: &QbitDaemon,
    save_path: &Path,
) -> ProviderId {
    providers::add(
        ctx,
        ProviderFamily::DownloadClient,
        AddProvider {
            name: "qbit".to_owned(),
            enabled: None,
            priority: 0,
            settings: qbit_settings(daemon.url.as_str(), save_path),
            secret: Some(Sensitive::new(daemon.password.clone())),
        },
    )
    .await
    .expect("the client is added")
    .id
}

fn grab_of(torrent: &SampleTorrent) -> GrabRequest {
    GrabRequest {
        book: None,
        client: ProviderKey::Name("qbit".to_owned()),
        release: ReleaseInfo {
            title: "Sample Author - Loop Book [MP3]".to_owned(),
            guid: Some("guid-1".to_owned()),
            ..ReleaseInfo::default()
        },
        source: Source::TorrentFile(torrent.bytes.clone()),
    }
}

/// A torrent whose second file is missing: after the check it sits part-done with nobody to
/// download the rest from.
fn partial_torrent(parent: &Path, seed: u64) -> SampleTorrent {
    let torrent = SampleTorrent::create(parent, seed).expect("a torrent");
    std::fs::remove_file(torrent.folder().join(FILES[1].0)).expect("the second file goes");
    torrent
}

fn direct(daemon: &QbitDaemon) -> QBittorrent {
    QBittorrent::new(reqwest_client(), daemon.connection()).expect("a valid URL")
}

fn reqwest_client() -> aural_http::Client {
    aural_http::build_client(&aural_http::ClientSettings::for_version("test"))
        .expect("the client builds")
}

pub(crate) async fn wait_download(
    ctx: &AppContext,
    id: DownloadId,
    what: &str,
    ok: impl Fn(&Download) -> bool,
) -> Download {
    let ok = &ok;
    aural_testkit::wait_until(SETTLE, what, || async move {
        downloads::get(ctx, id)
            .await
            .ok()
            .map(|d| d.download)
            .filter(|d| ok(d))
    })
    .await
}

fn assert_history_is_legal(detail: &downloads::DownloadDetail) {
    for pair in detail.history.windows(2) {
        assert_eq!(
            pair[1].from,
            Some(pair[0].to),
            "each row starts where the last ended: {:#?}",
            detail.history
        );
        assert!(
            pair[0].to.can_go_to(pair[1].to),
            "{} -> {} is in the table",
            pair[0].to,
            pair[1].to
        );
    }
}

#[tokio::test]
async fn a_grabbed_torrent_is_sent_and_followed_to_completed_with_its_history_and_events() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 11).expect("a torrent");
    let app = TestApp::new().await;
    add_client(&app.ctx, &daemon, &torrent.parent).await;
    let mut events = EventCollector::new(&app.ctx);
    start_monitor(&app.ctx);

    let sent = downloads::grab(&app.ctx, grab_of(&torrent))
        .await
        .expect("grabbed");
    assert_eq!(sent.state, DownloadState::Sent);
    assert_eq!(sent.kind, DownloadKind::Torrent);
    assert_eq!(sent.client_ref, Some(torrent.hash.to_string()));
    assert_eq!(sent.release.info_hash, Some(torrent.hash.to_string()));

    // The payload is already in the save path, so the client's check finds every piece.
    let done = wait_download(&app.ctx, sent.id, "the download to complete", |d| {
        d.state == DownloadState::Completed
    })
    .await;
    assert_eq!(done.transfer.progress, 1.0);
    assert_eq!(
        done.local_path.as_deref(),
        Some(torrent.folder().display().to_string().as_str()),
        "located through the (identity) path mapping"
    );
    assert!(done.health.is_healthy(), "{:?}", done.health);

    let detail = downloads::get(&app.ctx, sent.id).await.expect("detail");
    let states: Vec<DownloadState> = detail.history.iter().map(|h| h.to).collect();
    assert_eq!(states[..2], [DownloadState::Found, DownloadState::Sent]);
    assert_eq!(states.last(), Some(&DownloadState::Completed));
    assert_history_is_legal(&detail);
    assert_eq!(detail.history[1].reason, "sent to qbit");

    events
        .wait_for(SETTLE, "a DownloadUpdated saying completed", |e| {
            matches!(e, AppEvent::DownloadUpdated(u)
                if u.id == sent.id && u.state == DownloadState::Completed)
        })
        .await;

    let err = downloads::grab(&app.ctx, grab_of(&torrent))
        .await
        .expect_err("the same torrent is already on its way");
    assert!(
        matches!(err, ServiceError::DuplicateDownload { existing } if existing == sent.id),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::Conflict);
}

#[tokio::test]
async fn pause_and_resume_reach_the_daemon_and_cancel_removes_it_keeping_the_files() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = partial_torrent(&daemon.dir.path().join("seed"), 12);
    let app = TestApp::new().await;
    add_client(&app.ctx, &daemon, &torrent.parent).await;
    start_monitor(&app.ctx);
    let qbit = direct(&daemon);

    let sent = downloads::grab(&app.ctx, grab_of(&torrent))
        .await
        .expect("grabbed");
    let downloading = wait_download(
        &app.ctx,
        sent.id,
        "the part-done torrent to download",
        |d| d.state == DownloadState::Downloading && d.transfer.progress > 0.0,
    )
    .await;
    assert!(downloading.transfer.progress < 1.0, "{downloading:?}");

    let paused = downloads::pause(&app.ctx, sent.id).await.expect("paused");
    assert_eq!(paused.state, DownloadState::Paused);
    aural_testkit::wait_until(SETTLE, "qBittorrent to pause it", || async {
        qbit.status(&torrent.hash)
            .await
            .ok()
            .filter(|s| s.state == ItemState::Paused)
    })
    .await;

    let resumed = downloads::resume(&app.ctx, sent.id).await.expect("resumed");
    assert_eq!(resumed.state, DownloadState::Downloading);
    aural_testkit::wait_until(SETTLE, "qBittorrent to resume it", || async {
        qbit.status(&torrent.hash)
            .await
            .ok()
            .filter(|s| s.state != ItemState::Paused)
    })
    .await;

    let cancelled = downloads::cancel(&app.ctx, sent.id, RemoveData::Keep)
        .await
        .expect("cancelled");
    assert_eq!(cancelled.state, DownloadState::Cancelled);
    assert!(cancelled.finished_at.is_some());
    aural_testkit::wait_until(SETTLE, "qBittorrent to drop it", || async {
        matches!(
            qbit.status(&torrent.hash).await,
            Err(ClientError::NotFound { .. })
        )
        .then_some(())
    })
    .await;
    assert!(
        torrent.folder().join(FILES[0].0).exists(),
        "the downloaded data is kept when asked"
    );

    let detail = downloads::get(&app.ctx, sent.id).await.expect("detail");
    assert_history_is_legal(&detail);
    let reasons: Vec<&str> = detail.history.iter().map(|h| h.reason.as_str()).collect();
    assert!(reasons.contains(&"paused by the user"), "{reasons:?}");
    assert!(reasons.contains(&"resumed by the user"), "{reasons:?}");
    assert_eq!(reasons.last(), Some(&"cancelled by the user"));

    let err = downloads::pause(&app.ctx, sent.id)
        .await
        .expect_err("a cancelled download cannot pause");
    assert!(
        matches!(err, ServiceError::DownloadTransition(_)),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::Conflict);
}

#[tokio::test]
async fn a_killed_client_is_a_health_warning_and_the_download_survives_its_restart() {
    let mut daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = partial_torrent(&daemon.dir.path().join("seed"), 13);
    let app = TestApp::new().await;
    add_client(&app.ctx, &daemon, &torrent.parent).await;
    start_monitor(&app.ctx);

    let sent = downloads::grab(&app.ctx, grab_of(&torrent))
        .await
        .expect("grabbed");
    // A torrent qBittorrent has checked has its resume data saved, so it survives a crash.
    let before = wait_download(&app.ctx, sent.id, "the checked torrent", |d| {
        d.state == DownloadState::Downloading && d.transfer.progress > 0.0
    })
    .await;

    daemon.kill();
    let unreachable = wait_download(&app.ctx, sent.id, "a client-unreachable warning", |d| {
        d.health.get(HealthKind::ClientUnreachable).is_some()
    })
    .await;
    assert_eq!(
        unreachable.state,
        DownloadState::Downloading,
        "an unreachable client is health, not a state"
    );
    let warning = unreachable
        .health
        .get(HealthKind::ClientUnreachable)
        .expect("raised");
    assert!(
        warning
            .message
            .as_deref()
            .is_some_and(|m| m.contains("qbit") && !m.contains(&daemon.password)),
        "names the client, never the password: {warning:?}"
    );

    daemon.restart().await.expect("the daemon starts again");
    let back = wait_download(&app.ctx, sent.id, "the warning to clear", |d| {
        d.health.get(HealthKind::ClientUnreachable).is_none()
    })
    .await;
    assert_eq!(back.state, DownloadState::Downloading);
    assert_eq!(back.client_ref, before.client_ref);
    let detail = downloads::get(&app.ctx, sent.id).await.expect("detail");
    assert!(
        detail.history.iter().all(|h| h.to != DownloadState::Failed),
        "nothing was lost: {:#?}",
        detail.history
    );
    // And it is still the client's: the user can pause it again.
    downloads::pause(&app.ctx, sent.id)
        .await
        .expect("paused after the client came back");
}

#[tokio::test]
async fn a_reopened_app_picks_the_download_up_from_the_database() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 14).expect("a torrent");
    let dir = tempfile::tempdir().expect("a data folder");
    // A file secret store, so the client's password outlives the first context as it does
    // in the keychain.
    let open = || async {
        AppContext::builder(AppConfig::at(dir.path().to_path_buf()))
            .clock(Arc::new(FixedClock::default()))
            .secrets(SecretStore::file(dir.path()))
            .open()
            .await
            .expect("the context opens")
    };

    let first = open().await;
    add_client(&first, &daemon, &torrent.parent).await;
    let sent = downloads::grab(&first, grab_of(&torrent))
        .await
        .expect("grabbed");
    assert_eq!(
        sent.state,
        DownloadState::Sent,
        "no monitor ran in this one"
    );
    first.close().await.expect("closed");

    let second = open().await;
    start_monitor(&second);
    let done = wait_download(
        &second,
        sent.id,
        "the reopened app's monitor to finish it",
        |d| d.state == DownloadState::Completed,
    )
    .await;
    assert_eq!(done.client_ref, sent.client_ref);
    second.close().await.expect("closed");
}

#[tokio::test]
async fn a_client_unreachable_past_the_grace_period_fails_its_download() {
    let app = TestApp::new().await;
    let url = format!("http://127.0.0.1:{}/", free_port());
    let client = providers::add(
        &app.ctx,
        ProviderFamily::DownloadClient,
        AddProvider {
            name: "gone".to_owned(),
            enabled: None,
            priority: 0,
            settings: qbit_settings(&url, app.data_dir()),
            secret: Some(Sensitive::new("test-pass".to_owned())),
        },
    )
    .await
    .expect("added")
    .id;
    let d = app
        .ctx
        .db()
        .downloads()
        .create(&NewDownload {
            book: None,
            kind: DownloadKind::Torrent,
            state: DownloadState::Downloading,
            client: Some(client),
            client_ref: Some("0123456789abcdef0123456789abcdef01234567".to_owned()),
            release: ReleaseInfo {
                title: "Loop Book".to_owned(),
                ..ReleaseInfo::default()
            },
            priority: 0,
            reason: "left by an earlier run".to_owned(),
        })
        .await
        .expect("a download");
    start_monitor(&app.ctx);
    let warned = wait_download(&app.ctx, d.id, "a client-unreachable warning", |d| {
        d.health.get(HealthKind::ClientUnreachable).is_some()
    })
    .await;
    assert_eq!(warned.state, DownloadState::Downloading);

    app.clock.advance(Duration::from_secs(6 * 60 * 60 + 1));
    let failed = wait_download(&app.ctx, d.id, "the download to fail", |d| {
        d.state == DownloadState::Failed
    })
    .await;
    let error = failed.error.unwrap_or_default();
    assert!(error.contains("for 6 h"), "{error}");
}

fn handover_files(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("handover")).map_or(0, |d| d.count())
}

#[tokio::test]
async fn a_client_that_cannot_be_reached_at_grab_is_tried_again_then_the_download_fails_saying_why()
{
    let app = TestApp::new().await;
    let url = format!("http://127.0.0.1:{}/", free_port());
    providers::add(
        &app.ctx,
        ProviderFamily::DownloadClient,
        AddProvider {
            name: "qbit".to_owned(),
            enabled: None,
            priority: 0,
            settings: qbit_settings(&url, app.data_dir()),
            secret: Some(Sensitive::new("test-pass".to_owned())),
        },
    )
    .await
    .expect("added");
    let torrent = SampleTorrent::create(&app.data_dir().join("seed"), 15).expect("a torrent");
    let waiting = downloads::grab(&app.ctx, grab_of(&torrent))
        .await
        .expect("the grab is kept for another try");
    assert_eq!(waiting.state, DownloadState::Found);
    assert_eq!(waiting.attempt, 2, "the second try is next");
    let start = app.clock.now();
    assert_eq!(
        waiting.next_attempt_at.map(|t| t.millis() - start.millis()),
        Some(60_000),
        "one minute later"
    );
    let error = waiting.error.clone().unwrap_or_default();
    assert!(
        error.starts_with("qbit: ") && error.contains("trying again in 1 min"),
        "{error}"
    );
    assert_eq!(handover_files(app.data_dir()), 1, "the release is kept");
    let other = SampleTorrent::create(&app.data_dir().join("other"), 16).expect("a torrent");
    let cancelled = downloads::grab(&app.ctx, grab_of(&other))
        .await
        .expect("kept for another try");
    assert_eq!(handover_files(app.data_dir()), 2);
    downloads::cancel(&app.ctx, cancelled.id, RemoveData::Keep)
        .await
        .expect("a waiting hand-over is cancelled");
    assert_eq!(
        handover_files(app.data_dir()),
        1,
        "the cancelled download's release goes with it"
    );

    start_monitor(&app.ctx);
    for (minutes, attempt) in [(1, 3), (5, 4)] {
        app.clock.advance(Duration::from_secs(minutes * 60));
        wait_download(&app.ctx, waiting.id, "the next try", |d| {
            d.attempt == attempt && d.state == DownloadState::Found
        })
        .await;
    }
    app.clock.advance(Duration::from_secs(15 * 60));
    let failed = wait_download(&app.ctx, waiting.id, "the last try to fail it", |d| {
        d.state == DownloadState::Failed
    })
    .await;
    let error = failed.error.unwrap_or_default();
    assert!(
        error.starts_with("qbit: ") && !error.contains("trying again"),
        "{error}"
    );
    assert_eq!(failed.next_attempt_at, None);
    assert_eq!(handover_files(app.data_dir()), 0, "nothing left behind");

    let garbage = GrabRequest {
        source: Source::TorrentFile(b"<html>not a torrent</html>".to_vec()),
        ..grab_of(&torrent)
    };
    let err = downloads::grab(&app.ctx, garbage)
        .await
        .expect_err("not a torrent");
    assert_eq!(err.code(), ErrorCode::Validation, "{err}");
    let list = downloads::list(
        &app.ctx,
        &downloads::DownloadFilter::default(),
        Default::default(),
    )
    .await
    .expect("list");
    assert_eq!(
        list.total, 2,
        "a torrent that cannot be read is refused before any row"
    );
}

#[tokio::test]
async fn a_hand_over_waiting_for_another_try_survives_a_restart_and_reaches_the_client() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 34).expect("a torrent");
    let dir = tempfile::tempdir().expect("a data folder");
    let clock = Arc::new(FixedClock::default());
    let open = || async {
        AppContext::builder(AppConfig::at(dir.path().to_path_buf()))
            .clock(clock.clone())
            .secrets(SecretStore::file(dir.path()))
            .open()
            .await
            .expect("the context opens")
    };
    let first = open().await;
    let wrong = format!("http://127.0.0.1:{}/", free_port());
    providers::add(
        &first,
        ProviderFamily::DownloadClient,
        AddProvider {
            name: "qbit".to_owned(),
            enabled: None,
            priority: 0,
            settings: qbit_settings(&wrong, &torrent.parent),
            secret: Some(Sensitive::new(daemon.password.clone())),
        },
    )
    .await
    .expect("added");
    let waiting = downloads::grab(&first, grab_of(&torrent))
        .await
        .expect("kept for another try");
    assert_eq!(waiting.state, DownloadState::Found);
    // The user puts the right address in, then the app closes before the next try.
    providers::edit(
        &first,
        ProviderFamily::DownloadClient,
        &ProviderKey::Name("qbit".to_owned()),
        providers::EditProvider {
            name: None,
            priority: None,
            settings: Some(qbit_settings(daemon.url.as_str(), &torrent.parent)),
            secret: providers::SecretChange::Keep,
        },
    )
    .await
    .expect("edited");
    first.close().await.expect("closed");

    let second = open().await;
    start_monitor(&second);
    clock.advance(Duration::from_secs(61));
    let done = wait_download(
        &second,
        waiting.id,
        "the retried hand-over to finish",
        |d| d.state == DownloadState::Completed,
    )
    .await;
    assert_eq!(done.client_ref, Some(torrent.hash.to_string()));
    assert_eq!(done.error, None, "the earlier try's error is gone");
    let detail = downloads::get(&second, waiting.id).await.expect("detail");
    assert_history_is_legal(&detail);
    assert_eq!(detail.history[1].to, DownloadState::Sent);
    assert_eq!(handover_files(dir.path()), 0);
    second.close().await.expect("closed");
}

#[tokio::test]
async fn a_download_the_client_lost_is_a_warning_then_failed_as_removed() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let app = TestApp::new().await;
    let client = add_client(&app.ctx, &daemon, &daemon.downloads).await;
    let (_, lost) = aural_testkit::clients::unresolvable_magnet();
    let d = app
        .ctx
        .db()
        .downloads()
        .create(&NewDownload {
            book: None,
            kind: DownloadKind::Torrent,
            state: DownloadState::Downloading,
            client: Some(client),
            client_ref: Some(lost.to_string()),
            release: ReleaseInfo {
                title: "Removed By Hand".to_owned(),
                ..ReleaseInfo::default()
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
                missing_after: Duration::from_secs(1),
                ..fast()
            })],
        )
        .expect("the monitor starts");

    let warned = wait_download(&app.ctx, d.id, "a missing-from-client warning", |d| {
        d.health.get(HealthKind::MissingFromClient).is_some()
    })
    .await;
    assert_eq!(
        warned.state,
        DownloadState::Downloading,
        "one answer is not enough"
    );
    let failed = wait_download(&app.ctx, d.id, "the lost download to fail", |d| {
        d.state == DownloadState::Failed
    })
    .await;
    assert_eq!(failed.error.as_deref(), Some("removed from the client"));
    let detail = downloads::get(&app.ctx, d.id).await.expect("detail");
    assert_eq!(
        detail.history.last().map(|h| h.reason.as_str()),
        Some("removed from the client")
    );
}

/// A Torznab indexer whose one release links to `torrent`'s `.torrent` behind the API key.
async fn indexer_offering(torrent: &SampleTorrent) -> aural_testkit::FakeServer {
    use axum::routing::get;
    let bytes = torrent.bytes.clone();
    // The feed names the server's own address, known once it runs.
    let feed = Arc::new(std::sync::Mutex::new(String::new()));
    let served = feed.clone();
    let server = aural_testkit::FakeServer::start(
        axum::Router::new()
            .route(
                "/dl/dune.torrent",
                get(move || {
                    let bytes = bytes.clone();
                    async move { bytes }
                }),
            )
            .route(
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
            ),
    )
    .await;
    let link = server.url("/dl/dune.torrent").to_string();
    let text = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:torznab="http://torznab.com/schemas/2015/feed"><channel>
<item><title>Frank Herbert - Dune [M4B]</title><guid>dune-1</guid>
<link>{link}?apikey={key}</link><size>1000</size>
<torznab:attr name="seeders" value="5"/></item></channel></rss>"#,
        key = crate::indexer_fakes::KEY
    );
    *feed.lock().expect("feed") = text;
    server
}

#[tokio::test]
async fn a_found_release_is_grabbed_by_its_key_through_its_link_to_the_first_client() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 23).expect("a torrent");
    let app = TestApp::new().await;
    let indexer = indexer_offering(&torrent).await;
    let ProviderSettings::Torznab(mut settings) = crate::indexer_fakes::torznab_at(&indexer) else {
        unreachable!("Torznab settings")
    };
    settings.url = indexer.url("/api").to_string();
    providers::add(
        &app.ctx,
        ProviderFamily::Indexer,
        AddProvider {
            name: "Indexer".to_owned(),
            enabled: Some(true),
            priority: 0,
            settings: ProviderSettings::Torznab(settings),
            secret: Some(crate::indexer_fakes::KEY.to_owned().into()),
        },
    )
    .await
    .expect("indexer");
    let no_client = {
        let found = aural_services::search::search_releases(
            &app.ctx,
            &aural_services::search::SearchFor::Text("Dune".into()),
            &tokio_util::sync::CancellationToken::new(),
            |_, _| {},
        )
        .await
        .expect("search");
        let key = found.releases[0].key.clone();
        let err = downloads::grab_found(&app.ctx, None, &key, None)
            .await
            .expect_err("no client yet");
        assert_eq!(err.code(), ErrorCode::Validation, "{err}");
        key
    };
    add_client(&app.ctx, &daemon, &torrent.parent).await;
    let sent = downloads::grab_found(&app.ctx, None, &no_client, None)
        .await
        .expect("grabbed");
    assert_eq!(sent.state, DownloadState::Sent);
    assert_eq!(sent.release.title, "Frank Herbert - Dune [M4B]");
    assert_eq!(
        sent.client_ref,
        Some(torrent.hash.to_string()),
        "the fetched .torrent went to qBittorrent"
    );
    let status = direct(&daemon).status(&torrent.hash).await;
    assert!(status.is_ok(), "the daemon has the torrent: {status:?}");
}

#[tokio::test]
async fn a_just_sent_download_pauses_at_once_and_stays_paused_under_the_monitor() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = partial_torrent(&daemon.dir.path().join("seed"), 31);
    let app = TestApp::new().await;
    add_client(&app.ctx, &daemon, &torrent.parent).await;
    let qbit = direct(&daemon);

    let sent = downloads::grab(&app.ctx, grab_of(&torrent))
        .await
        .expect("grabbed");
    assert_eq!(
        sent.state,
        DownloadState::Sent,
        "no monitor has seen it yet"
    );
    let paused = downloads::pause(&app.ctx, sent.id)
        .await
        .expect("a sent download pauses");
    assert_eq!(paused.state, DownloadState::Paused);
    aural_testkit::wait_until(SETTLE, "qBittorrent to pause it", || async {
        qbit.status(&torrent.hash)
            .await
            .ok()
            .filter(|s| s.state == ItemState::Paused)
    })
    .await;

    start_monitor(&app.ctx);
    let seen = wait_download(&app.ctx, sent.id, "the monitor to see it", |d| {
        d.remote_path.is_some()
    })
    .await;
    assert_eq!(
        seen.state,
        DownloadState::Paused,
        "the monitor keeps the pause"
    );
    let detail = downloads::get(&app.ctx, sent.id).await.expect("detail");
    assert_history_is_legal(&detail);
    let states: Vec<DownloadState> = detail.history.iter().map(|h| h.to).collect();
    assert_eq!(
        states,
        [
            DownloadState::Found,
            DownloadState::Sent,
            DownloadState::Paused
        ]
    );
}

#[tokio::test]
async fn a_download_paused_before_its_client_listed_it_is_paused_there_when_it_appears() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = partial_torrent(&daemon.dir.path().join("seed"), 32);
    let app = TestApp::new().await;
    let client = add_client(&app.ctx, &daemon, &torrent.parent).await;
    let qbit = direct(&daemon);
    // As a grab leaves it when the client answered before listing the torrent.
    let d = app
        .ctx
        .db()
        .downloads()
        .create(&NewDownload {
            book: None,
            kind: DownloadKind::Torrent,
            state: DownloadState::Sent,
            client: Some(client),
            client_ref: Some(torrent.hash.to_string()),
            release: ReleaseInfo {
                title: "Loop Book".to_owned(),
                ..ReleaseInfo::default()
            },
            priority: 0,
            reason: "sent to qbit".to_owned(),
        })
        .await
        .expect("a download");
    let paused = downloads::pause(&app.ctx, d.id)
        .await
        .expect("pausing does not wait for the client to list it");
    assert_eq!(paused.state, DownloadState::Paused);

    qbit.add(&aural_clients::AddRequest {
        source: Source::TorrentFile(torrent.bytes.clone()),
        category: None,
        save_path: Some(torrent.parent.display().to_string()),
        tags: vec![],
        start: aural_clients::StartMode::Now,
    })
    .await
    .expect("the client gets it late, started");
    start_monitor(&app.ctx);
    aural_testkit::wait_until(SETTLE, "the monitor to pause it in qBittorrent", || async {
        qbit.status(&torrent.hash)
            .await
            .ok()
            .filter(|s| s.state == ItemState::Paused)
    })
    .await;
    let seen = wait_download(&app.ctx, d.id, "the monitor to record it", |d| {
        d.remote_path.is_some()
    })
    .await;
    assert_eq!(seen.state, DownloadState::Paused);
}

#[tokio::test]
async fn a_disabled_client_is_not_asked_and_its_downloads_say_so_without_failing() {
    let app = TestApp::new().await;
    // Nobody listens there: a poll would raise "unreachable".
    let url = format!("http://127.0.0.1:{}/", free_port());
    let client = providers::add(
        &app.ctx,
        ProviderFamily::DownloadClient,
        AddProvider {
            name: "off".to_owned(),
            enabled: Some(false),
            priority: 0,
            settings: qbit_settings(&url, app.data_dir()),
            secret: Some(Sensitive::new("test-pass".to_owned())),
        },
    )
    .await
    .expect("added")
    .id;
    let d = app
        .ctx
        .db()
        .downloads()
        .create(&NewDownload {
            book: None,
            kind: DownloadKind::Torrent,
            state: DownloadState::Downloading,
            client: Some(client),
            client_ref: Some("0123456789abcdef0123456789abcdef01234567".to_owned()),
            release: ReleaseInfo {
                title: "Loop Book".to_owned(),
                ..ReleaseInfo::default()
            },
            priority: 0,
            reason: "left by an earlier run".to_owned(),
        })
        .await
        .expect("a download");
    start_monitor(&app.ctx);
    let warned = wait_download(&app.ctx, d.id, "a client-disabled warning", |d| {
        d.health.get(HealthKind::ClientDisabled).is_some()
    })
    .await;
    assert!(
        warned.health.get(HealthKind::ClientUnreachable).is_none(),
        "a disabled client is not asked: {:?}",
        warned.health
    );
    assert!(
        warned
            .health
            .get(HealthKind::ClientDisabled)
            .and_then(|w| w.message.as_deref())
            .is_some_and(|m| m.contains("client disabled")),
        "{:?}",
        warned.health
    );

    app.clock.advance(Duration::from_secs(7 * 60 * 60));
    providers::set_enabled(
        &app.ctx,
        ProviderFamily::DownloadClient,
        &ProviderKey::Id(client),
        true,
    )
    .await
    .expect("enabled again");
    let asked = wait_download(&app.ctx, d.id, "the enabled client to be asked", |d| {
        d.health.get(HealthKind::ClientUnreachable).is_some()
    })
    .await;
    assert!(
        asked.health.get(HealthKind::ClientDisabled).is_none(),
        "{:?}",
        asked.health
    );
    assert_eq!(
        asked.state,
        DownloadState::Downloading,
        "the hours it was disabled do not count as unreachable"
    );
}

#[tokio::test]
async fn a_grab_by_another_process_is_seen_by_the_leader_without_waiting_for_its_idle_poll() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 33).expect("a torrent");
    let dir = tempfile::tempdir().expect("a data folder");
    let open = || async {
        AppContext::builder(AppConfig::at(dir.path().to_path_buf()))
            .clock(Arc::new(FixedClock::default()))
            .secrets(SecretStore::file(dir.path()))
            .open()
            .await
            .expect("the context opens")
    };
    let app = open().await;
    add_client(&app, &daemon, &torrent.parent).await;
    let tail = aural_services::changes::tail_loop(&app)
        .await
        .expect("the tail");
    app.supervisor()
        .start(
            &app,
            Role::Window,
            vec![
                tail,
                // Idle for an hour: only the change feed can bring the monitor round in time.
                downloads::monitor_loop_with(MonitorSchedule {
                    idle: Duration::from_secs(60 * 60),
                    ..fast()
                }),
            ],
        )
        .expect("the supervisor starts");

    let cli = open().await;
    let sent = downloads::grab(&cli, grab_of(&torrent))
        .await
        .expect("grabbed by the other process");
    let done = wait_download(&app, sent.id, "the leader to follow it", |d| {
        d.state == DownloadState::Completed
    })
    .await;
    assert_eq!(done.client_ref, sent.client_ref);
    cli.close().await.expect("closed");
    app.close().await.expect("closed");
}
