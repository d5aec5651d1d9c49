//! `search releases` against a Torznab indexer that answers like Jackett, on loopback.

use aural_testkit::{FakeServer, fixture_text};
use axum::Router;
use axum::http::header;
use axum::routing::get;

use crate::Cli;
use crate::providers::run_secretly;

const API_KEY: &str = "test-pass-search-4b1d";

fn jackett(rt: &tokio::runtime::Runtime) -> FakeServer {
    let feed = |name: &'static str| {
        move || async move {
            (
                [(header::CONTENT_TYPE, "application/xml")],
                fixture_text(&format!("indexers/{name}")),
            )
        }
    };
    rt.block_on(FakeServer::start(Router::new().route(
        "/api/v2.0/indexers/demo/results/torznab/api",
        get(feed("jackett_torznab_audiobooks.xml")),
    )))
}

/// Adds the Jackett fake as the indexer "Jackett", its key given on stdin.
fn add_jackett(cli: &Cli, server: &FakeServer) {
    let url = server
        .url("/api/v2.0/indexers/demo/results/torznab/api")
        .to_string();
    run_secretly(
        cli,
        &[
            "indexers",
            "add",
            "Jackett",
            "--kind",
            "torznab",
            "--url",
            &url,
            "--api-key-stdin",
        ],
        &format!("{API_KEY}\n"),
        &[API_KEY],
    );
}

#[test]
fn search_releases_ranks_what_every_indexer_found_and_says_how_each_did() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server = jackett(&rt);
    let cli = Cli::new();
    add_jackett(&cli, &server);
    let found = run_secretly(
        &cli,
        &["search", "releases", "--query", "The Way of Kings"],
        "",
        &[API_KEY],
    );
    let best = &found["releases"][0];
    assert!(
        best["title"]
            .as_str()
            .is_some_and(|t| t.contains("The Way of Kings")),
        "{best}"
    );
    assert!(best["score"]["total"].as_u64().is_some_and(|s| s > 0));
    assert_eq!(found["indexers"][0]["outcome"]["kind"], "answered");
    assert_eq!(found["indexers"][0]["name"], "Jackett");

    let human = cli
        .cmd()
        .args(["search", "releases", "--query", "The Way of Kings"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("Jackett: "),
        "each indexer is reported: {text}"
    );
    assert!(text.contains("releases from 1 indexers"), "{text}");

    let neither = cli.fails(&["search", "releases"]);
    assert!(
        neither.contains("--query") || neither.contains("--book"),
        "{neither}"
    );
}

#[test]
fn a_blocklisted_release_is_rejected_in_later_searches_until_removed() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server = jackett(&rt);
    let cli = Cli::new();
    add_jackett(&cli, &server);
    let search = || {
        run_secretly(
            &cli,
            &["search", "releases", "--query", "The Way of Kings"],
            "",
            &[API_KEY],
        )
    };
    let best = search()["releases"][0].clone();
    let title = best["title"].as_str().expect("title").to_owned();
    let hash = best["infoHash"]
        .as_str()
        .expect("a torrent's info-hash")
        .to_owned();

    let added = cli.json(&["blocklist", "add", "--title", &title, "--info-hash", &hash]);
    assert_eq!(added["reason"], "user");
    assert!(added["bookId"].is_null(), "no --book: every book");
    let rejected = search();
    let again = rejected["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .find(|r| r["title"] == title.as_str())
        .expect("still listed")
        .clone();
    assert!(
        again["score"]["rejections"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x["reason"]
                .as_str()
                .is_some_and(|s| s.contains("rejected by you")))),
        "{again}"
    );

    let list = cli.json(&["blocklist", "list"]);
    assert_eq!(list["total"], 1);
    let id = list["items"][0]["id"].as_i64().expect("id").to_string();
    let bad = cli.fails(&[
        "blocklist",
        "add",
        "--title",
        "x",
        "--info-hash",
        "not-a-hash",
    ]);
    assert!(
        bad.contains("info-hash") || bad.contains("infoHash"),
        "{bad}"
    );
    cli.json(&["blocklist", "remove", &id]);
    assert_eq!(cli.json(&["blocklist", "list"])["total"], 0);
    let gone = cli.fails(&["blocklist", "remove", &id]);
    assert!(gone.contains(&id), "{gone}");
}
