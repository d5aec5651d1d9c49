//! Fetching a release's `.torrent`, `.nzb` or magnet link, as a grab does, from a link that
//! carries the API key.

use std::time::Duration;

use aural_core::Sensitive;
use aural_http::{ClientSettings, build_client};
use aural_indexers::{Fetched, IndexerError, fetch_release};
use aural_testkit::FakeServer;
use axum::Router;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::routing::get;
use tokio_util::sync::CancellationToken;

use crate::{API_KEY, assert_no_key};

const TORRENT: &[u8] = b"d8:announce22:udp://tracker.invalid/4:infod6:lengthi1e4:name1:a12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaaee";
const NZB: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb"><file subject="a"></file></nzb>"#;
const MAGNET: &str = "magnet:?xt=urn:btih:9fb267cff5ae5603f07a347676ec3bf3e35f75e1&dn=Dune";

async fn server() -> FakeServer {
    FakeServer::start(
        Router::new()
            .route("/dl/torrent", get(|| async { TORRENT.to_vec() }))
            .route("/dl/nzb", get(|| async { NZB }))
            .route(
                "/dl/magnet",
                get(|| async { (StatusCode::FOUND, [(LOCATION, MAGNET)]) }),
            )
            .route(
                "/dl/hop",
                get(|| async { (StatusCode::FOUND, [(LOCATION, "/dl/torrent")]) }),
            )
            .route(
                "/dl/expired",
                get(|| async { "<!DOCTYPE html><html><body>Link expired</body></html>" }),
            )
            .route("/dl/gone", get(|| async { StatusCode::NOT_FOUND }))
            .route("/dl/huge", get(|| async { vec![b'x'; 40 * 1024 * 1024] })),
    )
    .await
}

async fn fetch(server: &FakeServer, path: &str) -> Result<Fetched, IndexerError> {
    let client = build_client(&ClientSettings::for_version("test")).expect("client");
    let link = Sensitive::new(format!("{}?apikey={API_KEY}", server.url(path)));
    fetch_release(
        &client,
        &link,
        Duration::from_secs(5),
        &CancellationToken::new(),
    )
    .await
}

#[tokio::test]
async fn a_torrent_an_nzb_and_a_redirect_to_a_magnet_come_back_as_what_they_are() {
    let server = server().await;
    assert_eq!(
        fetch(&server, "/dl/torrent").await.expect("torrent"),
        Fetched::Torrent(TORRENT.to_vec())
    );
    assert!(matches!(
        fetch(&server, "/dl/nzb").await.expect("nzb"),
        Fetched::Nzb(_)
    ));
    assert_eq!(
        fetch(&server, "/dl/magnet").await.expect("magnet"),
        Fetched::Magnet(MAGNET.to_owned())
    );
    assert_eq!(
        fetch(&server, "/dl/hop").await.expect("followed"),
        Fetched::Torrent(TORRENT.to_vec()),
        "an http redirect is followed"
    );
}

#[tokio::test]
async fn a_web_page_a_missing_file_or_a_huge_answer_is_a_clear_error_without_the_key() {
    let server = server().await;
    for (path, says) in [
        ("/dl/expired", "HTML page"),
        ("/dl/gone", "404"),
        ("/dl/huge", "too large"),
    ] {
        let err = fetch(&server, path).await.expect_err(path);
        let text = err.to_string();
        assert!(text.contains(says), "{path}: {text}");
        assert_no_key(path, &text, &format!("{err:?}"));
    }
}
