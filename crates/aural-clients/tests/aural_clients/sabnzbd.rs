//! SABnzbd against a loopback fake answering like its API (Debian packages no SABnzbd).

use std::time::Duration;

use crate::harness::fake::Fault;
use aural_clients::{
    AddRequest, ClientError, DownloadClient, ItemId, ItemState, RemoveData, Sabnzbd, Selection,
    Source, StartMode,
};
use axum::http::StatusCode;

use crate::harness::nzbget::sample_nzb;
use crate::harness::sabnzbd::{COMPLETED, FAILED, FakeSabnzbd, PATH};
use crate::harness::torrent::unresolvable_magnet;
use crate::harness::{assert_hidden, http, http_waiting};

fn client(fake: &FakeSabnzbd) -> Sabnzbd {
    Sabnzbd::new(http(), fake.connection()).expect("a valid URL")
}

fn add_nzb(bytes: Vec<u8>, start: StartMode) -> AddRequest {
    AddRequest {
        source: Source::Nzb {
            name: "Sample Author - Usenet Book.nzb".to_owned(),
            bytes,
        },
        category: Some("audiobooks".to_owned()),
        save_path: None,
        tags: vec!["auralarchive".to_owned()],
        start,
    }
}

/// The query of the last request, as pairs.
fn last_query(fake: &FakeSabnzbd) -> Vec<(String, String)> {
    let request = fake.server.requests_to(PATH).pop().expect("a request");
    url::form_urlencoded::parse(request.query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn has(query: &[(String, String)], name: &str, value: &str) -> bool {
    query.iter().any(|(n, v)| n == name && v == value)
}

#[tokio::test]
async fn an_nzb_is_uploaded_listed_paused_resumed_and_removed_with_its_files() {
    let fake = FakeSabnzbd::start().await;
    let client = client(&fake);
    let report = client.test().await;
    assert!(report.passed(), "{report:?}");
    assert!(report.issues[0].message.contains("4.5.1"), "{report:?}");

    let added = client
        .add(&add_nzb(sample_nzb("Usenet Book"), StartMode::Paused))
        .await
        .expect("added");
    assert!(matches!(&added.id, ItemId::Nzb(id) if id.starts_with("SABnzbd_nzo_")));
    let upload = fake
        .server
        .requests_to(PATH)
        .into_iter()
        .find(|r| {
            r.query
                .as_deref()
                .is_some_and(|q| q.contains("mode=addfile"))
        })
        .expect("an addfile request");
    assert_eq!(upload.method, "POST");
    let query = upload.query.unwrap_or_default();
    for part in [
        "cat=audiobooks",
        "priority=-2",
        "nzbname=Sample+Author+-+Usenet+Book",
        "output=json",
    ] {
        assert!(query.contains(part), "{part} in {query}");
    }
    let body = String::from_utf8_lossy(&upload.body);
    assert!(
        body.contains("filename=\"Sample Author - Usenet Book.nzb\""),
        "{body}"
    );

    let status = client.status(&added.id).await.expect("listed");
    assert_eq!(status.state, ItemState::Paused);
    assert_eq!(status.name, "Sample Author - Usenet Book");
    assert_eq!(status.category.as_deref(), Some("audiobooks"));
    assert_eq!(status.progress, 0.0);
    assert_eq!(
        status.size,
        (0.10f64 * 1024.0 * 1024.0).round() as u64,
        "100 000 bytes, which SABnzbd writes as \"0.10\" MB"
    );
    let files = client.files(&added.id).await.expect("files");
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0].path,
        "Sample Author - Usenet Book/01 - Chapter One.mp3"
    );

    client.resume(&added.id).await.expect("resumed");
    assert_eq!(
        client.status(&added.id).await.expect("listed").state,
        ItemState::Queued
    );
    client.pause(&added.id).await.expect("paused");
    assert_eq!(
        client.status(&added.id).await.expect("listed").state,
        ItemState::Paused
    );

    let in_category = client
        .list(&Selection::Category("audiobooks".into()))
        .await
        .expect("listed");
    assert_eq!(in_category.len(), 3, "the new job and two in the history");
    let by_id = client
        .list(&Selection::Ids(vec![added.id.clone()]))
        .await
        .expect("listed");
    assert_eq!(by_id.len(), 1);

    client
        .remove(&added.id, RemoveData::Delete)
        .await
        .expect("removed");
    let query = last_query(&fake);
    assert!(
        has(&query, "name", "delete") && has(&query, "del_files", "1"),
        "{query:?}"
    );
    let err = client.status(&added.id).await.expect_err("gone");
    assert!(matches!(err, ClientError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn finished_and_failed_jobs_are_read_from_the_history() {
    let fake = FakeSabnzbd::start().await;
    let client = client(&fake);
    let done = client
        .status(&ItemId::Nzb(COMPLETED.to_owned()))
        .await
        .expect("in the history");
    assert_eq!(done.state, ItemState::Finished);
    assert_eq!(done.progress, 1.0);
    assert_eq!(done.size, 1_153_434);
    assert_eq!(
        done.save_path,
        "/downloads/complete/audiobooks/Finished Author - Finished Book"
    );
    let failed = client
        .status(&ItemId::Nzb(FAILED.to_owned()))
        .await
        .expect("in the history");
    assert_eq!(failed.state, ItemState::Error);
    assert!(
        failed
            .error
            .as_deref()
            .is_some_and(|e| e.contains("cannot be completed")),
        "{failed:?}"
    );
    let err = client
        .pause(&ItemId::Nzb(COMPLETED.to_owned()))
        .await
        .expect_err("finished");
    assert!(matches!(err, ClientError::Rejected { .. }), "{err:?}");

    client
        .remove(&ItemId::Nzb(FAILED.to_owned()), RemoveData::Keep)
        .await
        .expect("removed");
    let query = last_query(&fake);
    assert!(
        has(&query, "mode", "history") && has(&query, "del_files", "0"),
        "{query:?}"
    );
    assert_eq!(client.list(&Selection::All).await.expect("listed").len(), 1);
}

#[tokio::test]
async fn a_wrong_api_key_is_reported_on_the_api_key_field_and_never_shown() {
    let fake = FakeSabnzbd::start().await;
    let wrong = "0123456789abcdef0123456789abcdef";
    assert_ne!(wrong, fake.key);
    let client = Sabnzbd::new(http(), fake.connection_with(wrong)).expect("a valid URL");
    let report = client.test().await;
    assert!(!report.passed());
    assert_eq!(
        report.issues[0].field.as_deref(),
        Some("apiKey"),
        "{report:?}"
    );
    let err = client.list(&Selection::All).await.expect_err("403");
    assert!(matches!(err, ClientError::Auth { .. }), "{err:?}");
    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{client:?}"),
        format!("{report:?}"),
    ] {
        assert_hidden(&text, wrong, "an error, the client or the report");
    }
}

#[tokio::test]
async fn an_older_sabnzbd_refusing_the_key_in_json_is_a_wrong_key_too() {
    let routes = axum::Router::new().route(
        PATH,
        axum::routing::any(|| async {
            axum::Json(serde_json::json!({ "status": false, "error": "API Key Incorrect" }))
        }),
    );
    let server = crate::harness::fake::FakeServer::start(routes).await;
    let client = Sabnzbd::new(
        http(),
        aural_clients::Connection {
            url: server.url("/sabnzbd/"),
            username: None,
            password: Some("0123456789abcdef0123456789abcdef".to_owned().into()),
        },
    )
    .expect("a valid URL");
    let err = client.list(&Selection::All).await.expect_err("refused");
    assert!(matches!(err, ClientError::Auth { .. }), "{err:?}");
}

#[tokio::test]
async fn garbage_errors_timeouts_and_refused_nzbs_are_typed_errors() {
    let fake = FakeSabnzbd::start().await;
    let client = Sabnzbd::new(http_waiting(Duration::from_millis(500)), fake.connection())
        .expect("a valid URL");
    let id = ItemId::Nzb(COMPLETED.to_owned());

    fake.server.inject(PATH, [Fault::Status(StatusCode::OK)]);
    let err = client.status(&id).await.expect_err("an empty body");
    assert!(matches!(err, ClientError::NotTheClient { .. }), "{err:?}");

    fake.server
        .inject(PATH, [Fault::Body("<html><body>Login</body></html>")]);
    let err = client.status(&id).await.expect_err("a login page");
    assert!(matches!(err, ClientError::NotTheClient { .. }), "{err:?}");

    fake.server
        .inject(PATH, [Fault::Body(r#"{"queue": {"slots": 7}}"#)]);
    let err = client.status(&id).await.expect_err("the wrong shape");
    assert!(
        matches!(
            err,
            ClientError::Parse {
                endpoint: "queue",
                ..
            }
        ),
        "{err:?}"
    );

    fake.server
        .inject(PATH, [Fault::Status(StatusCode::INTERNAL_SERVER_ERROR)]);
    let err = client.status(&id).await.expect_err("500");
    assert!(
        matches!(err, ClientError::Http { status: 500, .. }),
        "{err:?}"
    );

    fake.server.inject(PATH, [Fault::Hang]);
    let err = client.status(&id).await.expect_err("no answer");
    assert!(matches!(err, ClientError::Timeout { .. }), "{err:?}");
    assert_hidden(&format!("{err} {err:?}"), &fake.key, "a timeout");

    assert!(client.status(&id).await.is_ok(), "it recovers");

    let err = client
        .add(&add_nzb(
            b"<html>not an nzb</html>".to_vec(),
            StartMode::Now,
        ))
        .await
        .expect_err("refused");
    assert!(matches!(err, ClientError::Rejected { .. }), "{err:?}");

    let (magnet, hash) = unresolvable_magnet();
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
    for missing in [ItemId::Nzb("SABnzbd_nzo_nothere".to_owned()), hash] {
        let err = client.status(&missing).await.expect_err("unknown");
        assert!(
            matches!(&err, ClientError::NotFound { id, .. } if *id == missing),
            "{err:?}"
        );
    }
}
