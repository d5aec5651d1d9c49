//! Deluge 2.0.3 (deluged + deluge-web from Debian) driven through `DownloadClient`.

use std::time::Duration;

use aural_clients::{
    AddRequest, ClientError, Deluge, DownloadClient, ItemId, ItemState, ItemStatus, RemoveData,
    Selection, Source, StartMode,
};
use aural_core::provider::Severity;

use crate::harness::deluge::DelugeDaemon;
use crate::harness::torrent::{FILES, FOLDER, SampleTorrent, unresolvable_magnet};
use crate::harness::{assert_hidden, free_port, http, wait_for};

const SETTLE: Duration = Duration::from_secs(30);

fn client(daemon: &DelugeDaemon) -> Deluge {
    Deluge::new(http(), daemon.connection()).expect("a valid URL")
}

fn add_file(torrent: &SampleTorrent, category: Option<&str>, start: StartMode) -> AddRequest {
    AddRequest {
        source: Source::TorrentFile(torrent.bytes.clone()),
        category: category.map(str::to_owned),
        save_path: Some(torrent.parent.display().to_string()),
        tags: vec!["auralarchive".to_owned(), "book-7".to_owned()],
        start,
    }
}

async fn wait_state(client: &Deluge, id: &ItemId, want: &[ItemState], what: &str) -> ItemStatus {
    wait_for(SETTLE, what, || async {
        client
            .status(id)
            .await
            .ok()
            .filter(|s| want.contains(&s.state))
    })
    .await
}

#[tokio::test]
async fn a_torrent_is_added_under_a_label_listed_paused_resumed_and_removed_keeping_its_files() {
    let daemon = DelugeDaemon::start(true).await.expect("deluge starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 21).expect("a torrent");
    let client = client(&daemon);

    let added = client
        .add(&add_file(&torrent, Some("audiobooks"), StartMode::Now))
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
    assert_eq!(status.save_path, torrent.parent.display().to_string());
    assert_eq!(status.category.as_deref(), Some("audiobooks"), "the label");
    assert!(status.tags.is_empty(), "Deluge has no tags");

    let files = client.files(&torrent.hash).await.expect("files");
    let got: Vec<(String, u64)> = files.iter().map(|f| (f.path.clone(), f.size)).collect();
    let want: Vec<(String, u64)> = FILES
        .iter()
        .map(|(n, s)| (format!("{FOLDER}/{n}"), *s as u64))
        .collect();
    assert_eq!(got, want, "every file, relative to the save path");
    assert!(files.iter().all(|f| f.progress == 1.0), "{files:?}");

    client.pause(&torrent.hash).await.expect("paused");
    wait_state(
        &client,
        &torrent.hash,
        &[ItemState::Finished],
        "a complete torrent stopped by pause",
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

    let in_label = client
        .list(&Selection::Category("audiobooks".into()))
        .await
        .expect("listed");
    assert_eq!(
        in_label.iter().map(|s| &s.id).collect::<Vec<_>>(),
        [&torrent.hash]
    );
    assert!(
        client
            .list(&Selection::Category("other".into()))
            .await
            .expect("listed")
            .is_empty()
    );
    let by_id = client
        .list(&Selection::Ids(vec![torrent.hash.clone()]))
        .await
        .expect("listed");
    assert_eq!(by_id.len(), 1);

    let again = client
        .add(&add_file(&torrent, Some("audiobooks"), StartMode::Now))
        .await
        .expect("a duplicate is no error");
    assert!(again.already_present, "already in session");

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
async fn without_the_label_plugin_a_category_is_a_sub_folder_and_remove_can_delete_files() {
    let daemon = DelugeDaemon::start(false).await.expect("deluge starts");
    let client = client(&daemon);

    let report = client.test().await;
    assert!(report.passed(), "{report:?}");
    assert!(
        report.issues[0].message.contains("2.0.3"),
        "the version: {report:?}"
    );
    let warning = report
        .issues
        .iter()
        .find(|i| i.severity == Severity::Warning)
        .expect("a warning that labels are off");
    assert_eq!(warning.field.as_deref(), Some("category"));

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
    client.resume(&hash).await.expect("resumed");
    wait_state(
        &client,
        &hash,
        &[ItemState::FetchingMetadata],
        "a magnet without peers",
    )
    .await;

    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 22).expect("a torrent");
    client
        .add(&add_file(&torrent, None, StartMode::Now))
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
    assert_eq!(
        client
            .list(&Selection::All)
            .await
            .expect("listed")
            .iter()
            .map(|s| &s.id)
            .collect::<Vec<_>>(),
        [&hash],
        "only the magnet is left"
    );
}

#[tokio::test]
async fn unknown_hashes_nzb_ids_and_nzb_sources_are_refused_by_type() {
    let daemon = DelugeDaemon::start(false).await.expect("deluge starts");
    let client = client(&daemon);
    let (_, unknown) = unresolvable_magnet();
    let nzb = ItemId::Nzb("17".to_owned());
    for id in [&unknown, &nzb] {
        for (what, result) in [
            ("status", client.status(id).await.map(drop)),
            ("files", client.files(id).await.map(drop)),
            ("pause", client.pause(id).await),
            ("resume", client.resume(id).await),
            ("remove", client.remove(id, RemoveData::Delete).await),
        ] {
            assert!(
                matches!(&result, Err(ClientError::NotFound { id: missing, .. }) if missing == id),
                "{what} of {id}: {result:?}"
            );
        }
    }
    let err = client
        .add(&AddRequest {
            source: Source::Nzb {
                name: "book.nzb".to_owned(),
                bytes: b"<nzb/>".to_vec(),
            },
            category: None,
            save_path: None,
            tags: vec![],
            start: StartMode::Now,
        })
        .await
        .expect_err("an NZB");
    assert!(matches!(err, ClientError::WrongSource { .. }), "{err:?}");
}

#[tokio::test]
async fn a_wrong_password_is_reported_on_the_password_field_and_never_shown() {
    let daemon = DelugeDaemon::start(false).await.expect("deluge starts");
    let wrong = format!("{}-wrong", daemon.password);
    let client = Deluge::new(http(), daemon.connection_with(&wrong)).expect("a valid URL");
    let report = client.test().await;
    assert!(!report.passed());
    assert_eq!(
        report.issues[0].field.as_deref(),
        Some("password"),
        "{report:?}"
    );
    let (_, hash) = unresolvable_magnet();
    let err = client.status(&hash).await.expect_err("result false");
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
    let client = Deluge::new(
        http(),
        aural_clients::Connection {
            url,
            username: None,
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
