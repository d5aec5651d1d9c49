//! qBittorrent 4.5.2 (qbittorrent-nox from Debian) driven through `DownloadClient`.

use std::time::Duration;

use aural_clients::{
    AddRequest, ClientError, DownloadClient, ItemId, ItemState, QBittorrent, RemoveData, Selection,
    Source, StartMode,
};
use aural_core::provider::Severity;

use crate::harness::qbittorrent::QbitDaemon;
use crate::harness::torrent::{FILES, FOLDER, SampleTorrent, unresolvable_magnet};
use crate::harness::transmission::TransmissionDaemon;
use crate::harness::{assert_hidden, free_port, http, wait_for};

const SETTLE: Duration = Duration::from_secs(30);

fn client(daemon: &QbitDaemon) -> QBittorrent {
    QBittorrent::new(http(), daemon.connection()).expect("a valid URL")
}

fn add_file(torrent: &SampleTorrent, start: StartMode) -> AddRequest {
    AddRequest {
        source: Source::TorrentFile(torrent.bytes.clone()),
        category: Some("audiobooks".to_owned()),
        save_path: Some(torrent.parent.display().to_string()),
        tags: vec!["auralarchive".to_owned(), "book-7".to_owned()],
        start,
    }
}

async fn wait_state(
    client: &QBittorrent,
    hash: &ItemId,
    want: &[ItemState],
    what: &str,
) -> aural_clients::ItemStatus {
    wait_for(SETTLE, what, || async {
        client
            .status(hash)
            .await
            .ok()
            .filter(|s| want.contains(&s.state))
    })
    .await
}

#[tokio::test]
async fn a_torrent_is_added_listed_paused_resumed_and_removed_keeping_its_files() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 1).expect("a torrent");
    let client = client(&daemon);

    let added = client
        .add(&add_file(&torrent, StartMode::Now))
        .await
        .expect("added");
    assert_eq!(added.id, torrent.hash);
    assert!(!added.already_present);

    // The payload is already in the save path, so the check finds every piece.
    let status = wait_state(
        &client,
        &torrent.hash,
        &[ItemState::Seeding],
        "the complete torrent to seed",
    )
    .await;
    assert_eq!(status.name, FOLDER);
    assert_eq!(status.progress, 1.0);
    assert_eq!(
        status.size,
        FILES.iter().map(|(_, s)| *s as u64).sum::<u64>()
    );
    assert_eq!(
        status.save_path.trim_end_matches('/'),
        torrent.parent.display().to_string()
    );
    assert_eq!(status.category.as_deref(), Some("audiobooks"));
    assert_eq!(status.tags, ["auralarchive", "book-7"]);

    let files = client.files(&torrent.hash).await.expect("files");
    let got: Vec<(String, u64)> = files.iter().map(|f| (f.path.clone(), f.size)).collect();
    let want: Vec<(String, u64)> = FILES
        .iter()
        .map(|(n, s)| (format!("{FOLDER}/{n}"), *s as u64))
        .collect();
    assert_eq!(got, want, "every file, relative to the save path");
    assert!(files.iter().all(|f| f.progress == 1.0));

    client.pause(&torrent.hash).await.expect("paused");
    wait_state(
        &client,
        &torrent.hash,
        &[ItemState::Finished],
        "pausedUP after pause",
    )
    .await;
    client.resume(&torrent.hash).await.expect("resumed");
    wait_state(
        &client,
        &torrent.hash,
        &[ItemState::Seeding],
        "seeding again after resume",
    )
    .await;

    let in_category = client
        .list(&Selection::Category("audiobooks".into()))
        .await
        .expect("listed");
    assert_eq!(
        in_category.iter().map(|s| &s.id).collect::<Vec<_>>(),
        [&torrent.hash]
    );
    assert!(
        client
            .list(&Selection::Category("other".into()))
            .await
            .expect("listed")
            .is_empty()
    );
    assert_eq!(client.list(&Selection::All).await.expect("listed").len(), 1);

    let again = client
        .add(&add_file(&torrent, StartMode::Now))
        .await
        .expect("a duplicate is no error");
    assert!(again.already_present, "qBittorrent already had it");

    client
        .remove(&torrent.hash, RemoveData::Keep)
        .await
        .expect("removed");
    wait_for(SETTLE, "the torrent to leave the list", || async {
        matches!(
            client.status(&torrent.hash).await,
            Err(ClientError::NotFound { .. })
        )
        .then_some(())
    })
    .await;
    for (name, size) in FILES {
        let meta = std::fs::metadata(torrent.folder().join(name)).expect("kept on disk");
        assert_eq!(meta.len(), size as u64, "{name} untouched");
    }
}

#[tokio::test]
async fn removing_with_data_deletes_the_downloaded_files() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 2).expect("a torrent");
    let client = client(&daemon);
    client
        .add(&add_file(&torrent, StartMode::Paused))
        .await
        .expect("added");
    let status = wait_state(
        &client,
        &torrent.hash,
        &[ItemState::Paused],
        "the torrent added paused",
    )
    .await;
    assert!(
        status.progress < 1.0,
        "a paused torrent is not checked yet: {status:?}"
    );
    client.resume(&torrent.hash).await.expect("resumed");
    wait_state(
        &client,
        &torrent.hash,
        &[ItemState::Seeding],
        "the complete torrent after resume",
    )
    .await;

    client
        .remove(&torrent.hash, RemoveData::Delete)
        .await
        .expect("removed");
    wait_for(SETTLE, "the payload to be deleted", || async {
        (!torrent.folder().join(FILES[0].0).exists()).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_magnet_without_peers_waits_for_metadata_and_unknown_hashes_are_not_found() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let client = client(&daemon);
    let (magnet, hash) = unresolvable_magnet();
    let added = client
        .add(&AddRequest {
            source: Source::Magnet(magnet),
            category: None,
            save_path: None,
            tags: vec![],
            start: StartMode::Now,
        })
        .await
        .expect("added");
    assert_eq!(added.id, hash);
    let status = wait_state(&client, &hash, &[ItemState::FetchingMetadata], "metaDL").await;
    assert_eq!(status.eta, None, "no ETA without peers");
    assert_eq!(
        status.save_path.trim_end_matches('/'),
        daemon.downloads.display().to_string()
    );

    let (_, unknown) = unresolvable_magnet();
    for (what, result) in [
        ("status", client.status(&unknown).await.map(drop)),
        ("files", client.files(&unknown).await.map(drop)),
        ("pause", client.pause(&unknown).await),
        ("resume", client.resume(&unknown).await),
        ("remove", client.remove(&unknown, RemoveData::Delete).await),
    ] {
        assert!(
            matches!(&result, Err(ClientError::NotFound { id, .. }) if *id == unknown),
            "{what} of a hash qBittorrent does not have: {result:?}"
        );
    }
}

#[tokio::test]
async fn a_passed_test_reports_the_version() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let report = client(&daemon).test().await;
    assert!(report.passed(), "{report:?}");
    assert_eq!(report.issues.len(), 1);
    assert_eq!(report.issues[0].severity, Severity::Info);
    assert!(report.issues[0].message.contains("v4.5.2"), "{report:?}");
    assert!(
        report.issues[0].message.contains("Web API 2.8"),
        "{report:?}"
    );
}

#[tokio::test]
async fn a_wrong_password_is_reported_on_the_password_field_and_never_shown() {
    let daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let wrong = format!("{}-wrong", daemon.password);
    let client = QBittorrent::new(http(), daemon.connection_with(&wrong)).expect("a valid URL");

    let report = client.test().await;
    assert!(!report.passed());
    assert_eq!(
        report.issues[0].field.as_deref(),
        Some("password"),
        "{report:?}"
    );
    assert!(report.issues[0].hint.is_some());

    let (_, hash) = unresolvable_magnet();
    let err = client.status(&hash).await.expect_err("not signed in");
    assert!(matches!(err, ClientError::Auth { .. }), "{err:?}");
    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{client:?}"),
        format!("{report:?}"),
    ] {
        assert_hidden(&text, &wrong, "an error, the client or the report");
    }
}

#[tokio::test]
async fn an_unreachable_port_is_reported_on_the_url_field() {
    let url = url::Url::parse(&format!("http://127.0.0.1:{}/", free_port())).expect("a URL");
    let password = "fake-password-unreachable";
    let client = QBittorrent::new(
        http(),
        aural_clients::Connection {
            url,
            username: Some("admin".into()),
            password: Some(password.to_owned().into()),
        },
    )
    .expect("a valid URL");
    let report = client.test().await;
    assert_eq!(report.issues[0].field.as_deref(), Some("url"), "{report:?}");
    assert_eq!(report.issues[0].severity, Severity::Error);

    let (_, hash) = unresolvable_magnet();
    let err = client.status(&hash).await.expect_err("nobody listens");
    assert!(err.is_unreachable(), "{err:?}");
    assert_hidden(&format!("{err} {err:?}"), password, "the error");

    let garbage = AddRequest {
        source: Source::TorrentFile(b"<html>not a torrent</html>".to_vec()),
        category: None,
        save_path: None,
        tags: vec![],
        start: StartMode::Now,
    };
    let err = client.add(&garbage).await.expect_err("refused");
    assert!(
        matches!(err, ClientError::InvalidTorrent(_)),
        "checked before sending: {err:?}"
    );
}

#[tokio::test]
async fn a_transmission_daemon_is_not_a_qbittorrent() {
    let other = TransmissionDaemon::start()
        .await
        .expect("transmission-daemon starts");
    let client = QBittorrent::new(http(), other.connection()).expect("a valid URL");
    let report = client.test().await;
    assert!(!report.passed());
    assert_eq!(report.issues[0].field.as_deref(), Some("url"), "{report:?}");
    let (_, hash) = unresolvable_magnet();
    let err = client.status(&hash).await.expect_err("not qBittorrent");
    assert!(matches!(err, ClientError::NotTheClient { .. }), "{err:?}");
}

#[tokio::test]
async fn a_daemon_killed_mid_test_gives_unreachable_errors_then_recovers() {
    let mut daemon = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 3).expect("a torrent");
    let client = client(&daemon);
    client
        .add(&add_file(&torrent, StartMode::Now))
        .await
        .expect("added");
    // qBittorrent writes its resume data shortly after the add; a torrent it has checked is
    // surely saved.
    wait_state(
        &client,
        &torrent.hash,
        &[ItemState::Seeding],
        "the checked torrent",
    )
    .await;
    daemon.kill();
    for (what, result) in [
        ("status", client.status(&torrent.hash).await.map(drop)),
        ("list", client.list(&Selection::All).await.map(drop)),
        ("pause", client.pause(&torrent.hash).await),
        (
            "remove",
            client.remove(&torrent.hash, RemoveData::Keep).await,
        ),
    ] {
        let err = result.expect_err("the daemon is gone");
        assert!(err.is_unreachable(), "{what}: {err:?}");
        assert_hidden(&format!("{err} {err:?}"), &daemon.password, what);
    }
    let report = client.test().await;
    assert_eq!(report.issues[0].field.as_deref(), Some("url"), "{report:?}");
    // The same client object picks up again once the daemon is back, with a new session.
    daemon.restart().await.expect("the daemon starts again");
    // It loads its torrents after the Web UI opens.
    wait_for(SETTLE, "the torrent to be loaded again", || async {
        client.status(&torrent.hash).await.ok()
    })
    .await;
    client
        .pause(&torrent.hash)
        .await
        .expect("paused after the restart");
}

#[tokio::test]
async fn a_refused_password_is_not_tried_again_and_a_ban_points_at_the_password() {
    let daemon = QbitDaemon::start_with_fail_limit(2)
        .await
        .expect("qbittorrent-nox starts");
    let wrong = format!("{}-wrong", daemon.password);
    let (_, hash) = unresolvable_magnet();

    // One failed login, however often the monitor would poll: with a limit of 2, a third
    // login would already be answered with a ban.
    let refused = QBittorrent::new(http(), daemon.connection_with(&wrong)).expect("a valid URL");
    for _ in 0..5 {
        let err = refused.status(&hash).await.expect_err("refused");
        assert!(matches!(err, ClientError::Auth { .. }), "{err:?}");
    }

    // A second client with the wrong password reaches the limit; then everyone is banned.
    let second = QBittorrent::new(http(), daemon.connection_with(&wrong)).expect("a valid URL");
    let err = second.status(&hash).await.expect_err("refused");
    assert!(matches!(err, ClientError::Auth { .. }), "{err:?}");
    let report = client(&daemon).test().await;
    assert!(!report.passed());
    assert!(report.issues[0].message.contains("banned"), "{report:?}");
    assert_eq!(
        report.issues[0].field.as_deref(),
        Some("password"),
        "{report:?}"
    );
}
