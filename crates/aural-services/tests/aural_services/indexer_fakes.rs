//! Indexers that answer like Jackett's Torznab endpoints, for the provider and search tests.

use std::collections::HashMap;

use aural_core::ProviderSettings;
use aural_core::provider::TorznabSettings;
use aural_testkit::{FakeServer, fixture_text};
use axum::Router;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub const KEY: &str = "test-pass-indexer-key";

pub fn torznab() -> ProviderSettings {
    ProviderSettings::Torznab(TorznabSettings {
        url: "http://127.0.0.1:9117/api/v2.0/indexers/demo/results/torznab/".to_owned(),
        categories: vec![3030],
        minimum_seeders: 1,
        timeout_secs: 10,
        requests_per_minute: 60,
        extra_params: Default::default(),
    })
}

/// A Torznab endpoint as Jackett answers: caps and searches for the right key, error 100 for a
/// wrong one.
pub async fn jackett() -> FakeServer {
    async fn answer(Query(q): Query<HashMap<String, String>>) -> Response {
        let xml =
            |text: String| ([(header::CONTENT_TYPE, "application/xml")], text).into_response();
        if q.get("apikey").map(String::as_str) != Some(KEY) {
            return xml(r#"<error code="100" description="Invalid API Key"/>"#.to_owned());
        }
        match q.get("t").map(String::as_str) {
            Some("caps") => xml(fixture_text("indexers/jackett_torznab_caps_books.xml")),
            _ => xml(fixture_text("indexers/jackett_torznab_audiobooks.xml")),
        }
    }
    FakeServer::start(Router::new().route("/api/v2.0/indexers/demo/results/torznab/", get(answer)))
        .await
}

pub fn torznab_at(server: &FakeServer) -> ProviderSettings {
    let ProviderSettings::Torznab(mut s) = torznab() else {
        unreachable!("torznab() makes Torznab settings")
    };
    s.url = server
        .url("/api/v2.0/indexers/demo/results/torznab/")
        .to_string();
    ProviderSettings::Torznab(s)
}
