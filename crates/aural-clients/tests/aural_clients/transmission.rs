//! Transmission 3.00 (transmission-daemon from Debian) driven through `DownloadClient`.

use std::time::Duration;

use aural_clients::{
    AddRequest, ClientError, DownloadClient, ItemId, ItemState, ItemStatus, RemoveData, Selection,
    Source, StartMode, Transmission,
};
use aural_core::provider::Severity;

use crate::harness::qbittorrent::QbitDaemon;
use crate::harness::torrent::{FILES, FOLDER, SampleTorrent, unresolvable_magnet};
use crate::harness::transmission::TransmissionDaemon;
use crate::harness::{assert_hidden, free_port, http, wait_for};

const SETTLE: Duration = Duration::from_secs(30);

fn client(daemon: &TransmissionDaemon) -> Transmission {
    Transmission::new(http(), daemon.connection()).expect("a valid URL")
}

fn add_file(torrent: &SampleTorrent, start: StartMode) -> AddRequest {
    AddRequest {
        source: Source::TorrentFile(torrent.bytes.clone()),
        category: None,
        save_path: Some(torrent.parent.display().to_string()),
        tags: vec!["auralarchive".to_owned(), "book-7".to_owned()],
        start,
    }
}

async fn wait_state(
    client: &Transmission,
    hash: &ItemId,
    want: &[ItemState],
    what: &str,
) -> ItemStatus {
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
    let daemon = TransmissionDaemon::start()
        .await
        .expect("transmission-daemon starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 11).expect("a torrent");
    let client = client(&daemon);

    let added = client
        .add(&add_file(&torrent, StartMode::Now))
        .await
        .expect("added");
    assert_eq!(added.id, torrent.hash);
    assert!(!added.already_present);

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
    assert_eq!(
        status.tags,
        ["auralarchive", "book-7"],
        "labels set after the add on RPC 16"
    );

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
        "stopped after pause",
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

    assert_eq!(client.list(&Selection::All).await.expect("listed").len(), 1);
    let by_hash = client
        .list(&Selection::Ids(vec![torrent.hash.clone()]))
        .await
        .expect("listed");
    assert_eq!(by_hash.len(), 1);

    let again = client
        .add(&add_file(&torrent, StartMode::Now))
        .await
        .expect("a duplicate is no error");
    assert!(again.already_present, "torrent-duplicate");

    client
        .remove(&torrent.hash, RemoveData::Keep)
        .await
        .expect("removed");
    let err = client.status(&torrent.hash).await.expect_err("gone");
    assert!(matches!(err, ClientError::NotFound { .. }), "{err:?}");
    for (name, size) in FILES {
        let meta = std::fs::metadata(torrent.folder().join(name)).expect("kept on disk");
        assert_eq!(meta.len(), size as u64, "{name} untouched");
    }
}

#[tokio::test]
async fn a_category_becomes_a_sub_folder_and_removing_with_data_deletes_files() {
    let daemon = TransmissionDaemon::start()
        .await
        .expect("transmission-daemon starts");
    let client = client(&daemon);
    let (magnet, hash) = unresolvable_magnet();
    let added = client
        .add(&AddRequest {
            source: Source::Magnet(magnet),
            category: Some("audiobooks".to_owned()),
            save_path: None,
            tags: vec![],
            start: StartMode::Paused,
        })
        .await
        .expect("added");
    assert_eq!(added.id, hash);
    let status = wait_state(&client, &hash, &[ItemState::Paused], "the paused magnet").await;
    assert_eq!(
        status.save_path,
        daemon.downloads.join("audiobooks").display().to_string()
    );
    let listed = client
        .list(&Selection::Category("audiobooks".into()))
        .await
        .expect("listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].category.as_deref(), Some("audiobooks"));
    assert!(
        client
            .list(&Selection::Category("other".into()))
            .await
            .expect("listed")
            .is_empty()
    );
    client.resume(&hash).await.expect("resumed");
    wait_state(
        &client,
        &hash,
        &[ItemState::FetchingMetadata],
        "a magnet without peers",
    )
    .await;

    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 12).expect("a torrent");
    client
        .add(&add_file(&torrent, StartMode::Now))
        .await
        .expect("added");
    wait_state(
        &client,
        &torrent.hash,
        &[ItemState::Seeding],
        "the complete torrent",
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
            "{what} of a hash Transmission does not have: {result:?}"
        );
    }
}

#[tokio::test]
async fn a_passed_test_reports_the_version() {
    let daemon = TransmissionDaemon::start()
        .await
        .expect("transmission-daemon starts");
    let report = client(&daemon).test().await;
    assert!(report.passed(), "{report:?}");
    assert_eq!(report.issues[0].severity, Severity::Info);
    assert!(report.issues[0].message.contains("3.00"), "{report:?}");
    assert!(report.issues[0].message.contains("RPC 16"), "{report:?}");
}

#[tokio::test]
async fn a_wrong_password_is_reported_on_the_password_field_and_never_shown() {
    let daemon = TransmissionDaemon::start()
        .await
        .expect("transmission-daemon starts");
    let wrong = format!("{}-wrong", daemon.password);
    let client = Transmission::new(http(), daemon.connection_with(&wrong)).expect("a valid URL");
    let report = client.test().await;
    assert!(!report.passed());
    assert_eq!(
        report.issues[0].field.as_deref(),
        Some("password"),
        "{report:?}"
    );

    let (_, hash) = unresolvable_magnet();
    let err = client.status(&hash).await.expect_err("401");
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
    let url = url::Url::parse(&format!("http://127.0.0.1:{}", free_port())).expect("a URL");
    let client = Transmission::new(
        http(),
        aural_clients::Connection {
            url,
            username: Some("admin".into()),
            password: Some("fake-password-unreachable".to_owned().into()),
        },
    )
    .expect("a valid URL");
    let report = client.test().await;
    assert_eq!(report.issues[0].field.as_deref(), Some("url"), "{report:?}");
    let (_, hash) = unresolvable_magnet();
    let err = client.status(&hash).await.expect_err("nobody listens");
    assert!(err.is_unreachable(), "{err:?}");
}

#[tokio::test]
async fn a_qbittorrent_is_not_a_transmission() {
    let other = QbitDaemon::start().await.expect("qbittorrent-nox starts");
    let client = Transmission::new(http(), other.connection()).expect("a valid URL");
    let report = client.test().await;
    assert!(!report.passed());
    assert_eq!(report.issues[0].field.as_deref(), Some("url"), "{report:?}");
    let (_, hash) = unresolvable_magnet();
    let err = client.status(&hash).await.expect_err("not Transmission");
    assert!(matches!(err, ClientError::NotTheClient { .. }), "{err:?}");
}

#[tokio::test]
async fn a_daemon_killed_mid_test_gives_unreachable_errors_then_recovers() {
    let mut daemon = TransmissionDaemon::start()
        .await
        .expect("transmission-daemon starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 13).expect("a torrent");
    let client = client(&daemon);
    client
        .add(&add_file(&torrent, StartMode::Now))
        .await
        .expect("added");
    daemon.kill();
    for (what, result) in [
        ("status", client.status(&torrent.hash).await.map(drop)),
        ("list", client.list(&Selection::All).await.map(drop)),
        ("resume", client.resume(&torrent.hash).await),
        (
            "remove",
            client.remove(&torrent.hash, RemoveData::Keep).await,
        ),
    ] {
        let err = result.expect_err("the daemon is gone");
        assert!(err.is_unreachable(), "{what}: {err:?}");
        assert_hidden(&format!("{err} {err:?}"), &daemon.password, what);
    }
    // The same client object picks up again once the daemon is back, with a new session.
    daemon.restart().await.expect("the daemon starts again");
    let status = client
        .status(&torrent.hash)
        .await
        .expect("listed after the restart");
    assert_eq!(status.id, torrent.hash, "kept in the resume data");
    client
        .pause(&torrent.hash)
        .await
        .expect("paused after the restart");
}
