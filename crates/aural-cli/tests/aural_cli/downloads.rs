//! `search releases --grab` and `downloads` against a Torznab fake whose release links to a
//! .torrent, and a real qbittorrent-nox on loopback.

use std::sync::{Arc, Mutex};

use aural_testkit::FakeServer;
use aural_testkit::clients::{QbitDaemon, SampleTorrent};
use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;

use crate::Cli;
use crate::providers::run_secretly;

const API_KEY: &str = "test-pass-grab-31c7";

/// A Torznab indexer at `/api` whose one release links to `torrent` behind the API key.
fn indexer(rt: &tokio::runtime::Runtime, torrent: &SampleTorrent) -> FakeServer {
    let bytes = torrent.bytes.clone();
    let feed = Arc::new(Mutex::new(String::new()));
    let served = feed.clone();
    let server = rt.block_on(FakeServer::start(
        Router::new()
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
                    async move { ([(CONTENT_TYPE, "application/rss+xml")], text) }
                }),
            ),
    ));
    *feed.lock().expect("feed") = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:torznab="http://torznab.com/schemas/2015/feed"><channel>
<item><title>Frank Herbert - Dune [M4B]</title><guid>dune-1</guid>
<link>{}?apikey={API_KEY}</link><size>1000</size>
<torznab:attr name="seeders" value="5"/></item></channel></rss>"#,
        server.url("/dl/dune.torrent")
    );
    server
}

#[test]
fn a_search_grabs_its_best_release_and_the_download_is_listed_shown_paused_and_rejected() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let daemon = rt
        .block_on(QbitDaemon::start())
        .expect("qbittorrent-nox starts");
    let torrent = SampleTorrent::create(&daemon.dir.path().join("seed"), 41).expect("a torrent");
    let server = indexer(&rt, &torrent);
    let cli = Cli::new();
    let url = server.url("/api").to_string();
    run_secretly(
        &cli,
        &[
            "indexers",
            "add",
            "Indexer",
            "--kind",
            "torznab",
            "--url",
            &url,
            "--api-key-stdin",
        ],
        &format!("{API_KEY}\n"),
        &[API_KEY],
    );
    let no_client = cli.fails(&["search", "releases", "--query", "Dune", "--grab"]);
    assert!(no_client.contains("download client"), "{no_client}");

    let qbit = daemon.url.to_string();
    let save = torrent.parent.display().to_string();
    run_secretly(
        &cli,
        &[
            "clients",
            "add",
            "qbit",
            "--kind",
            "qbittorrent",
            "--url",
            &qbit,
            "--username",
            aural_testkit::clients::qbittorrent::USERNAME,
            "--save-path",
            &save,
            "--password-stdin",
        ],
        &format!("{}\n", daemon.password),
        &[&daemon.password],
    );
    let found = run_secretly(
        &cli,
        &["search", "releases", "--query", "Dune", "--grab"],
        "",
        &[API_KEY, &daemon.password],
    );
    let grabbed = &found["grabbed"];
    assert_eq!(grabbed["state"], "sent", "{found}");
    assert_eq!(grabbed["name"], "Frank Herbert - Dune [M4B]");
    let id = grabbed["id"].as_i64().expect("id").to_string();

    let list = cli.json(&["downloads", "list"]);
    assert_eq!(list["total"], 1);
    // No monitor runs in this process, so the download is still `sent`: it pauses at once.
    assert_eq!(list["items"][0]["state"], "sent", "{list}");
    let paused = cli.json(&["downloads", "pause", &id]);
    assert_eq!(paused["state"], "paused", "{paused}");
    assert_eq!(cli.json(&["blocklist", "list"])["total"], 0);
    let rejected = cli.json(&["downloads", "reject", &id]);
    assert_eq!(rejected["state"], "cancelled", "{rejected}");
    let blocked = cli.json(&["blocklist", "list"]);
    assert_eq!(
        blocked["total"], 1,
        "a rejected release is blocklisted: {blocked}"
    );
    assert_eq!(blocked["items"][0]["title"], "Frank Herbert - Dune [M4B]");
    let shown = cli.json(&["downloads", "show", &id]);
    let moves: Vec<String> = shown["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|m| m["to"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        moves.starts_with(&["found".to_owned(), "sent".to_owned(), "paused".to_owned()])
            && moves.ends_with(&["cancelled".to_owned()]),
        "{moves:?}"
    );
    assert!(
        torrent.parent.exists(),
        "cancel keeps the files unless told to delete them"
    );
    let searched = cli.json(&["downloads", "search-wanted"]);
    assert_eq!(
        searched.as_array().map(Vec::len),
        Some(0),
        "no wanted book in this library: {searched}"
    );
    let wrong = cli.fails(&["downloads", "pause", "999"]);
    assert!(wrong.contains("999"), "{wrong}");
}
