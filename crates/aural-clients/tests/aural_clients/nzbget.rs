//! NZBGet 21.0 (nzbget from Debian, no news server) driven through `DownloadClient`.

use std::time::Duration;

use aural_clients::{
    AddRequest, ClientError, DownloadClient, ItemId, ItemState, ItemStatus, NzbGet, RemoveData,
    Selection, Source, StartMode,
};
use aural_core::provider::Severity;

use crate::harness::nntp::NewsServer;
use crate::harness::nzbget::{CATEGORY, NzbGetDaemon, sample_nzb};
use crate::harness::torrent::unresolvable_magnet;
use crate::harness::{assert_hidden, free_port, http, wait_for};

const SETTLE: Duration = Duration::from_secs(20);

fn client(daemon: &NzbGetDaemon) -> NzbGet {
    NzbGet::new(http(), daemon.connection()).expect("a valid URL")
}

fn add_nzb(name: &str, bytes: Vec<u8>, start: StartMode) -> AddRequest {
    AddRequest {
        source: Source::Nzb {
            name: name.to_owned(),
            bytes,
        },
        category: Some(CATEGORY.to_owned()),
        save_path: None,
        tags: vec!["auralarchive".to_owned()],
        start,
    }
}

async fn wait_state(client: &NzbGet, id: &ItemId, want: &[ItemState], what: &str) -> ItemStatus {
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
async fn an_nzb_is_added_listed_paused_resumed_and_removed() {
    let daemon = NzbGetDaemon::start().await.expect("nzbget starts");
    let client = client(&daemon);

    let report = client.test().await;
    assert!(report.passed(), "{report:?}");
    assert_eq!(report.issues[0].severity, Severity::Info);
    assert!(report.issues[0].message.contains("21.0"), "{report:?}");

    let added = client
        .add(&add_nzb(
            "Sample Author - Usenet Book",
            sample_nzb("Usenet Book"),
            StartMode::Paused,
        ))
        .await
        .expect("added");
    assert!(matches!(&added.id, ItemId::Nzb(id) if id.parse::<u64>().is_ok_and(|n| n > 0)));
    assert!(!added.already_present);

    let status = wait_state(&client, &added.id, &[ItemState::Paused], "the paused job").await;
    assert_eq!(
        status.name, "Sample Author - Usenet Book",
        "named after the file"
    );
    assert_eq!(status.category.as_deref(), Some(CATEGORY));
    assert_eq!(status.size, 65536 + 34464, "the segments' bytes");
    assert_eq!(status.progress, 0.0);
    assert!(
        status
            .save_path
            .starts_with(&daemon.main.display().to_string()),
        "{status:?}"
    );

    let files = client.files(&added.id).await.expect("files");
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].path.ends_with("01 - Chapter One.mp3"), "{files:?}");
    assert_eq!(files[0].size, 65536 + 34464);

    client.resume(&added.id).await.expect("resumed");
    wait_state(
        &client,
        &added.id,
        &[ItemState::Queued, ItemState::Downloading],
        "queued again without a news server",
    )
    .await;
    client.pause(&added.id).await.expect("paused");
    wait_state(&client, &added.id, &[ItemState::Paused], "paused again").await;

    let listed = client
        .list(&Selection::Category(CATEGORY.into()))
        .await
        .expect("listed");
    assert_eq!(
        listed.iter().map(|s| &s.id).collect::<Vec<_>>(),
        [&added.id]
    );
    assert!(
        client
            .list(&Selection::Category("other".into()))
            .await
            .expect("listed")
            .is_empty()
    );
    let by_id = client
        .list(&Selection::Ids(vec![added.id.clone()]))
        .await
        .expect("listed");
    assert_eq!(by_id.len(), 1);

    client
        .remove(&added.id, RemoveData::Delete)
        .await
        .expect("removed");
    let err = client.status(&added.id).await.expect_err("gone");
    assert!(matches!(err, ClientError::NotFound { .. }), "{err:?}");
    assert!(
        client
            .list(&Selection::All)
            .await
            .expect("listed")
            .is_empty()
    );
}

#[tokio::test]
async fn an_invalid_nzb_gets_an_id_and_fails_in_the_history_which_remove_clears() {
    let daemon = NzbGetDaemon::start().await.expect("nzbget starts");
    let client = client(&daemon);
    let added = client
        .add(&add_nzb(
            "garbage.nzb",
            b"this is not XML".to_vec(),
            StartMode::Now,
        ))
        .await
        .expect("NZBGet takes it and fails it later");
    let status = wait_state(&client, &added.id, &[ItemState::Error], "the failed scan").await;
    assert_eq!(status.error.as_deref(), Some("FAILURE/SCAN"));
    assert_eq!(status.name, "garbage");
    assert!(client.files(&added.id).await.expect("files").is_empty());
    let err = client.pause(&added.id).await.expect_err("finished");
    assert!(matches!(err, ClientError::Rejected { .. }), "{err:?}");

    client
        .remove(&added.id, RemoveData::Keep)
        .await
        .expect("hidden from the history");
    let err = client.status(&added.id).await.expect_err("gone");
    assert!(matches!(err, ClientError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn unknown_ids_torrent_ids_and_torrent_sources_are_refused_by_type() {
    let daemon = NzbGetDaemon::start().await.expect("nzbget starts");
    let client = client(&daemon);
    let (magnet, hash) = unresolvable_magnet();
    for id in [
        ItemId::Nzb("4242".to_owned()),
        ItemId::Nzb("not a number".to_owned()),
        hash,
    ] {
        for (what, result) in [
            ("status", client.status(&id).await.map(drop)),
            ("files", client.files(&id).await.map(drop)),
            ("pause", client.pause(&id).await),
            ("resume", client.resume(&id).await),
            ("remove", client.remove(&id, RemoveData::Delete).await),
        ] {
            assert!(
                matches!(&result, Err(ClientError::NotFound { id: missing, .. }) if *missing == id),
                "{what} of {id}: {result:?}"
            );
        }
    }
    let err = client
        .add(&AddRequest {
            source: Source::Magnet(magnet),
            category: None,
            save_path: None,
            tags: vec![],
            start: StartMode::Now,
        })
        .await
        .expect_err("a magnet");
    assert!(matches!(err, ClientError::WrongSource { .. }), "{err:?}");
}

#[tokio::test]
async fn a_wrong_password_is_reported_on_the_password_field_and_never_shown() {
    let daemon = NzbGetDaemon::start().await.expect("nzbget starts");
    let wrong = format!("{}-wrong", daemon.password);
    let client = NzbGet::new(http(), daemon.connection_with(&wrong)).expect("a valid URL");
    let report = client.test().await;
    assert!(!report.passed());
    assert_eq!(
        report.issues[0].field.as_deref(),
        Some("password"),
        "{report:?}"
    );
    let err = client.list(&Selection::All).await.expect_err("HTTP 401");
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
    let client = NzbGet::new(
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
    let err = client
        .list(&Selection::All)
        .await
        .expect_err("nobody listens");
    assert!(err.is_unreachable(), "{err:?}");
}

#[tokio::test]
async fn an_nzb_from_a_loopback_news_server_downloads_and_finishes_in_its_folder() {
    let payload = tempfile::tempdir().expect("a temp dir");
    let chapters: [(&str, usize); 2] = [
        ("01 - Opening Credits.mp3", 150_000),
        ("02 - Chapter One.mp3", 20_000),
    ];
    let mut state: u32 = 7;
    for (name, size) in chapters {
        let bytes: Vec<u8> = (0..size)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) as u8
            })
            .collect();
        std::fs::write(payload.path().join(name), bytes).expect("written");
    }
    let news = NewsServer::serve(payload.path())
        .await
        .expect("news served");
    let daemon = NzbGetDaemon::start_with_news(Some(news.port))
        .await
        .expect("nzbget starts");
    let client = client(&daemon);
    let added = client
        .add(&add_nzb(
            "Sample Author - Usenet Book",
            news.nzb.clone(),
            StartMode::Now,
        ))
        .await
        .expect("added");
    let done = wait_for(Duration::from_secs(60), "the job to finish", || async {
        client
            .status(&added.id)
            .await
            .ok()
            .filter(|s| matches!(s.state, ItemState::Finished | ItemState::Error))
    })
    .await;
    assert_eq!(done.state, ItemState::Finished, "{done:?}");
    assert_eq!(done.progress, 1.0);
    assert_eq!(done.category.as_deref(), Some(CATEGORY));
    let folder = std::path::Path::new(&done.save_path);
    assert!(
        folder.starts_with(daemon.main.join("dst")),
        "the final folder: {done:?}"
    );
    for (name, _) in chapters {
        assert_eq!(
            std::fs::read(folder.join(name)).expect("downloaded"),
            std::fs::read(payload.path().join(name)).expect("the original"),
            "{name} arrives byte for byte"
        );
    }
}
