//! qBittorrent answers the Debian daemon cannot give: 5.x, which Debian 12 does not package (a
//! loopback fake answering like 5.0: Web API 2.11, `torrents/stop`/`start`, 404 for the 4.x
//! names, recording what was called), and garbled bodies.

use std::sync::{Arc, Mutex};

use aural_clients::{
    AddRequest, Connection, DownloadClient, InfoHash, ItemId, ItemState, QBittorrent, Source,
    StartMode,
};
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;

use crate::harness::http;

const HASH: &str = "0123456789abcdef0123456789abcdef01234567";

#[derive(Clone)]
struct Fake {
    webapi: &'static str,
    calls: Arc<Mutex<Vec<(String, String)>>>,
    stopped: Arc<Mutex<bool>>,
}

async fn answer(State(fake): State<Fake>, uri: Uri, body: String) -> Response {
    let path = uri.path().trim_start_matches("/api/v2/").to_owned();
    fake.calls
        .lock()
        .expect("not poisoned")
        .push((path.clone(), body));
    let mut stopped = fake.stopped.lock().expect("not poisoned");
    match path.as_str() {
        "auth/login" => ([(header::SET_COOKIE, "SID=fake-sid; HttpOnly")], "Ok.").into_response(),
        "app/webapiVersion" => fake.webapi.into_response(),
        "app/version" => "v5.0.4".into_response(),
        "torrents/add" => {
            *stopped = true;
            "Ok.".into_response()
        }
        "torrents/info" => {
            let state = if *stopped { "stoppedDL" } else { "downloading" };
            axum::Json(serde_json::json!([{
                "hash": HASH, "name": "Book", "state": state, "progress": 0.25,
                "dlspeed": 1000, "eta": 60, "size": 4000, "save_path": "/downloads/",
                "category": "audiobooks", "tags": "auralarchive",
            }]))
            .into_response()
        }
        "torrents/stop" => {
            *stopped = true;
            "".into_response()
        }
        "torrents/start" => {
            *stopped = false;
            "".into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn serve(webapi: &'static str) -> (QBittorrent, Fake) {
    let fake = Fake {
        webapi,
        calls: Arc::default(),
        stopped: Arc::default(),
    };
    let app = Router::new().fallback(any(answer)).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let url = url::Url::parse(&format!(
        "http://{}/",
        listener.local_addr().expect("bound")
    ))
    .expect("a URL");
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = QBittorrent::new(
        http(),
        Connection {
            url,
            username: Some("admin".into()),
            password: Some("test-pass".to_owned().into()),
        },
    )
    .expect("a valid URL");
    (client, fake)
}

fn endpoints(fake: &Fake) -> Vec<String> {
    fake.calls
        .lock()
        .expect("not poisoned")
        .iter()
        .map(|(p, _)| p.clone())
        .collect()
}

#[tokio::test]
async fn version_5_adds_stopped_and_pauses_with_stop_and_start() {
    let (client, fake) = serve("2.11.2").await;
    let hash = ItemId::from(InfoHash::parse(HASH).expect("a hash"));
    let added = client
        .add(&AddRequest {
            source: Source::Magnet(format!("magnet:?xt=urn:btih:{HASH}")),
            category: Some("audiobooks".into()),
            save_path: None,
            tags: vec!["auralarchive".into()],
            start: StartMode::Paused,
        })
        .await
        .expect("added");
    assert_eq!(added.id, hash);
    let add_body = fake
        .calls
        .lock()
        .expect("not poisoned")
        .iter()
        .find(|(p, _)| p == "torrents/add")
        .map(|(_, b)| b.clone())
        .expect("add was called");
    assert!(
        add_body.contains("name=\"stopped\""),
        "5.x adds with `stopped`: {add_body}"
    );
    assert!(
        !add_body.contains("name=\"paused\""),
        "not with 4.x's `paused`"
    );
    assert_eq!(
        client.status(&hash).await.expect("listed").state,
        ItemState::Paused,
        "stoppedDL"
    );

    client.resume(&hash).await.expect("started");
    assert_eq!(
        client.status(&hash).await.expect("listed").state,
        ItemState::Downloading
    );
    client.pause(&hash).await.expect("stopped");
    let called = endpoints(&fake);
    assert!(
        called.contains(&"torrents/start".to_owned())
            && called.contains(&"torrents/stop".to_owned()),
        "{called:?}"
    );
    assert!(
        !called
            .iter()
            .any(|p| p == "torrents/pause" || p == "torrents/resume"),
        "no 4.x names on 5.x: {called:?}"
    );
}

#[tokio::test]
async fn a_404_on_the_guessed_endpoint_switches_to_the_other_dialect_once() {
    // Claims 4.x but only knows 5.x's names, as a mislabelled build would.
    let (client, fake) = serve("2.10.0").await;
    let hash = ItemId::from(InfoHash::parse(HASH).expect("a hash"));
    client
        .pause(&hash)
        .await
        .expect("paused through the other name");
    client.pause(&hash).await.expect("paused again");
    let pauses: Vec<String> = endpoints(&fake)
        .into_iter()
        .filter(|p| p == "torrents/pause" || p == "torrents/stop")
        .collect();
    assert_eq!(
        pauses,
        ["torrents/pause", "torrents/stop", "torrents/stop"],
        "the switch is remembered"
    );
}

#[tokio::test]
async fn a_garbled_answer_is_a_parse_error_naming_the_endpoint() {
    let app = Router::new().fallback(any(|uri: Uri| async move {
        match uri.path() {
            "/api/v2/auth/login" => ([(header::SET_COOKIE, "SID=s")], "Ok.").into_response(),
            "/api/v2/app/webapiVersion" => "2.11.2".into_response(),
            "/api/v2/app/version" => "v5.0.4".into_response(),
            "/api/v2/torrents/info" => "<html>maintenance</html>".into_response(),
            "/api/v2/torrents/files" => "[{\"name\": 5}]".into_response(),
            _ => StatusCode::NOT_FOUND.into_response(),
        }
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let url = url::Url::parse(&format!(
        "http://{}/",
        listener.local_addr().expect("bound")
    ))
    .expect("a URL");
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = QBittorrent::new(
        http(),
        Connection {
            url,
            username: Some("admin".into()),
            password: Some("test-pass".to_owned().into()),
        },
    )
    .expect("a valid URL");
    let hash = ItemId::from(InfoHash::parse(HASH).expect("a hash"));
    let err = client.status(&hash).await.expect_err("not JSON");
    assert!(
        matches!(
            err,
            aural_clients::ClientError::Parse {
                endpoint: "torrents/info",
                ..
            }
        ),
        "{err:?}"
    );
    let err = client.files(&hash).await.expect_err("wrong shape");
    assert!(
        matches!(
            err,
            aural_clients::ClientError::Parse {
                endpoint: "torrents/files",
                ..
            }
        ),
        "{err:?}"
    );
}
