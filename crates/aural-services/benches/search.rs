//! Wall time of release searches over indexers on loopback that answer after 100, 200, 400, 800
//! and 1,600 ms, plus one that never answers (5 s timeout): asked one after the other this would
//! take the sum of the delays plus the timeout; asked at once, as the search does, the slowest.
//! The first search waits out the silent indexer's timeout, which rests it (5 min, then longer);
//! the searches after it end with the slowest healthy indexer.

use std::time::{Duration, Instant};

use aural_core::provider::TorznabSettings;
use aural_core::{ProviderFamily, ProviderSettings};
use aural_services::providers::{self, AddProvider};
use aural_services::search::{SearchFor, search_releases};
use aural_testkit::{FakeServer, TestApp, fixture_text};
use axum::Router;
use axum::http::header;
use axum::routing::get;
use tokio_util::sync::CancellationToken;

const DELAYS_MS: [u64; 5] = [100, 200, 400, 800, 1600];
const HUNG_TIMEOUT_SECS: u32 = 5;

async fn indexer(delay: Option<Duration>) -> FakeServer {
    FakeServer::start(Router::new().route(
        "/api",
        get(move || async move {
            match delay {
                Some(delay) => tokio::time::sleep(delay).await,
                None => std::future::pending::<()>().await,
            }
            (
                [(header::CONTENT_TYPE, "application/xml")],
                fixture_text("indexers/jackett_torznab_audiobooks.xml"),
            )
        }),
    ))
    .await
}

async fn add(
    app: &TestApp,
    name: String,
    server: &FakeServer,
    timeout_secs: u32,
) -> anyhow::Result<()> {
    let settings = ProviderSettings::Torznab(TorznabSettings {
        url: server.url("/api").to_string(),
        categories: vec![3030],
        minimum_seeders: 1,
        timeout_secs,
        requests_per_minute: 60,
        extra_params: Default::default(),
    });
    providers::add(
        &app.ctx,
        ProviderFamily::Indexer,
        AddProvider {
            name,
            enabled: Some(true),
            priority: 0,
            settings,
            secret: Some("bench-key".to_owned().into()),
        },
    )
    .await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = TestApp::new().await;
    let mut servers = Vec::new();
    for delay in DELAYS_MS {
        let server = indexer(Some(Duration::from_millis(delay))).await;
        add(&app, format!("answers after {delay} ms"), &server, 10).await?;
        servers.push(server);
    }
    let hung = indexer(None).await;
    add(&app, "never answers".to_owned(), &hung, HUNG_TIMEOUT_SECS).await?;

    let mut totals = Vec::new();
    for round in ["first search", "second search"] {
        println!("{round}:");
        let start = Instant::now();
        let mut answered = Vec::new();
        let results = search_releases(
            &app.ctx,
            &SearchFor::Text("the way of kings".into()),
            &CancellationToken::new(),
            |report, found| answered.push((report.name.clone(), found.len(), start.elapsed())),
        )
        .await?;
        let total = start.elapsed();
        for (name, found, at) in &answered {
            println!(
                "{name:>22}: {found} releases, reported at {:>5} ms",
                at.as_millis()
            );
        }
        totals.push((round, total, results.indexers.len(), results.releases.len()));
    }
    let sequential: u64 = DELAYS_MS.iter().sum::<u64>() + u64::from(HUNG_TIMEOUT_SECS) * 1000;
    for (round, total, indexers, releases) in totals {
        println!(
            "{round} over {indexers} indexers: {} ms in all, {releases} releases",
            total.as_millis()
        );
    }
    println!(
        "asked one after another: at least {sequential} ms (target once the silent indexer rests: at most 1700 ms)"
    );
    Ok(())
}
