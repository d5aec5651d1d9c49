//! Release search across every enabled indexer: concurrent, each within its own timeout, ranked,
//! with failing indexers rested and resting ones skipped.

use std::time::Duration;

use aural_core::{ProviderFamily, ProviderSettings, ProviderStatus};
use aural_services::providers::{self, AddProvider};
use aural_services::search::{IndexerOutcome, SearchFor, search_releases};
use aural_testkit::{FakeServer, TestApp};
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use tokio_util::sync::CancellationToken;

use crate::indexer_fakes::{KEY, jackett, torznab_at};

async fn add_indexer(
    app: &TestApp,
    name: &str,
    settings: ProviderSettings,
) -> aural_core::ProviderId {
    providers::add(
        &app.ctx,
        ProviderFamily::Indexer,
        AddProvider {
            name: name.to_owned(),
            enabled: Some(true),
            priority: 0,
            settings,
            secret: Some(KEY.to_owned().into()),
        },
    )
    .await
    .expect("add indexer")
    .id
}

/// An indexer path that never answers, and one that refuses every request (HTTP 403, which is
/// not retried, so it fails at once).
async fn broken() -> FakeServer {
    FakeServer::start(
        Router::new()
            .route(
                "/hangs/api",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(60)).await;
                    "too late"
                }),
            )
            .route("/fails/api", get(|| async { StatusCode::FORBIDDEN })),
    )
    .await
}

/// Searches every indexer for the library's book `id`.
async fn search_book(
    app: &TestApp,
    id: aural_core::BookId,
) -> aural_services::search::SearchResults {
    let book = app.ctx.db().books().get(id).await.expect("get");
    search_releases(
        &app.ctx,
        &SearchFor::Book(Box::new(book)),
        &CancellationToken::new(),
        |_, _| {},
    )
    .await
    .expect("search")
}

fn at(server: &FakeServer, path: &str, timeout_secs: u32) -> ProviderSettings {
    let ProviderSettings::Torznab(mut s) = torznab_at(server) else {
        unreachable!("Torznab settings")
    };
    s.url = server.url(path).to_string();
    s.timeout_secs = timeout_secs;
    ProviderSettings::Torznab(s)
}

#[tokio::test]
async fn every_indexer_is_asked_at_once_and_a_hung_one_costs_only_its_timeout() {
    let app = TestApp::new().await;
    let good = jackett().await;
    let (slow, bad) = (broken().await, broken().await);
    let good_id = add_indexer(&app, "Jackett", torznab_at(&good)).await;
    let hung_id = add_indexer(&app, "Hung", at(&slow, "/hangs/api", 1)).await;
    let failing_id = add_indexer(&app, "Failing", at(&bad, "/fails/api", 5)).await;

    let mut order = Vec::new();
    let results = search_releases(
        &app.ctx,
        &SearchFor::Text("Brandon Sanderson The Way of Kings".into()),
        &CancellationToken::new(),
        |report, _| order.push(report.indexer),
    )
    .await
    .expect("search");

    assert_eq!(order.len(), 3, "each indexer reports once");
    assert_eq!(
        order.last(),
        Some(&hung_id),
        "the answers stream in: the others report before the hung indexer's timeout"
    );
    let outcome = |id| {
        results
            .indexers
            .iter()
            .find(|r| r.indexer == id)
            .map(|r| r.outcome.clone())
            .expect("reported")
    };
    assert!(matches!(outcome(good_id), IndexerOutcome::Answered { found, .. } if found > 3));
    assert_eq!(outcome(hung_id), IndexerOutcome::TimedOut { after_secs: 1 });
    assert!(
        matches!(outcome(failing_id), IndexerOutcome::Failed { ref error, .. } if error.contains("403"))
    );

    let best = results.releases.first().expect("releases");
    assert!(
        best.title.contains("The Way of Kings"),
        "the best match comes first: {}",
        best.title
    );
    assert!(!best.score.is_rejected());
    assert!(
        results
            .releases
            .windows(2)
            .all(|w| w[0].score.is_rejected() <= w[1].score.is_rejected()),
        "rejected releases come last"
    );
    let json = serde_json::to_string(&results).expect("json");
    assert!(!json.contains(KEY), "no API key in what a search returns");
}

#[tokio::test]
async fn a_failed_indexer_rests_and_the_next_search_skips_it_until_it_is_due() {
    let app = TestApp::new().await;
    let bad = broken().await;
    let failing = add_indexer(&app, "Failing", at(&bad, "/fails/api", 5)).await;
    let search = || async {
        search_releases(
            &app.ctx,
            &SearchFor::Text("dune".into()),
            &CancellationToken::new(),
            |_, _| {},
        )
        .await
        .expect("search")
    };
    search().await;
    let rested = providers::show(
        &app.ctx,
        ProviderFamily::Indexer,
        &providers::ProviderKey::Id(failing),
    )
    .await
    .expect("show");
    assert!(matches!(
        rested.status(app.ctx.clock().now()),
        ProviderStatus::BackedOff { .. }
    ));
    let asked_before = bad.requests().len();

    let second = search().await;
    assert!(
        matches!(&second.indexers[0].outcome, IndexerOutcome::Skipped { reason } if reason.contains("resting")),
        "{:?}",
        second.indexers
    );
    assert_eq!(
        bad.requests().len(),
        asked_before,
        "a resting indexer is not asked"
    );

    app.clock.advance(Duration::from_secs(6 * 60));
    let due = search().await;
    assert!(
        matches!(due.indexers[0].outcome, IndexerOutcome::Failed { .. }),
        "asked again once due"
    );
}

#[tokio::test]
async fn a_book_is_searched_by_title_and_author_where_the_caps_allow_it() {
    let app = TestApp::new().await;
    let good = jackett().await;
    add_indexer(&app, "Jackett", torznab_at(&good)).await;
    let input = aural_core::BookInput {
        title: "The Way of Kings".into(),
        authors: vec!["Brandon Sanderson".into()],
        ..aural_core::BookInput::default()
    };
    let id = app
        .ctx
        .db()
        .books()
        .upsert_batch(
            &[input],
            &aural_core::BookSource::list_import(),
            aural_core::BookStatus::Wanted,
        )
        .await
        .expect("book")
        .ids[0];
    let book = app.ctx.db().books().get(id).await.expect("get");
    let results = search_releases(
        &app.ctx,
        &SearchFor::Book(Box::new(book)),
        &CancellationToken::new(),
        |_, _| {},
    )
    .await
    .expect("search");
    let queries: Vec<String> = good
        .requests()
        .iter()
        .filter_map(|r| r.query.clone())
        .collect();
    assert!(queries[0].contains("t=caps"), "{queries:?}");
    assert!(
        queries[1].contains("t=book") && queries[1].contains("author=Brandon"),
        "the caps allow a book search with fields: {queries:?}"
    );
    assert!(results.releases[0].title.contains("The Way of Kings"));
    assert!(
        results.releases[0]
            .score
            .components
            .iter()
            .any(|c| c.points > 0),
        "the score explains itself"
    );

    // The caps are kept: the next book search asks for the book at once, still by its fields.
    let caps_reads = || {
        good.requests()
            .iter()
            .filter(|r| r.query.as_deref().is_some_and(|q| q.contains("t=caps")))
            .count()
    };
    search_book(&app, id).await;
    assert_eq!(caps_reads(), 1, "read once for two searches");
    let last = good
        .requests()
        .last()
        .and_then(|r| r.query.clone())
        .unwrap_or_default();
    assert!(last.contains("t=book"), "{last}");
    // A day later they are read again, and a Test always reads them.
    app.clock.advance(Duration::from_secs(24 * 60 * 60));
    search_book(&app, id).await;
    assert_eq!(caps_reads(), 2, "read again after a day");
    providers::test(
        &app.ctx,
        ProviderFamily::Indexer,
        &aural_services::providers::ProviderKey::parse("Jackett"),
    )
    .await
    .expect("test");
    assert_eq!(caps_reads(), 3, "a Test reads them");
    search_book(&app, id).await;
    assert_eq!(caps_reads(), 3, "and the search uses what the Test read");
}

/// MyAnonamouse's search endpoint as the site answers a signed-in session (the fixture is written
/// from its documented shape, see tests/fixtures/mam/README.md); anything else is refused. With
/// `renews`, an answer to the session `KEY` hands out that session instead, which is then
/// accepted too.
async fn mam_renewing(renews: Option<&'static str>) -> FakeServer {
    FakeServer::start(Router::new().route(
        "/tor/js/loadSearchJSONbasic.php",
        get(move |headers: axum::http::HeaderMap| async move {
            let cookie = headers
                .get(axum::http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let accepted = std::iter::once(KEY)
                .chain(renews)
                .any(|session| cookie == format!("mam_id={session}"));
            if !accepted {
                return (StatusCode::FORBIDDEN, String::new()).into_response();
            }
            let mut answer = (
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                aural_testkit::fixture_text("mam/search_audiobooks.json"),
            )
                .into_response();
            if let Some(renewed) = renews.filter(|_| cookie == format!("mam_id={KEY}")) {
                let set = format!("mam_id={renewed}; path=/; secure; HttpOnly");
                answer.headers_mut().insert(
                    axum::http::header::SET_COOKIE,
                    set.parse().expect("a header value"),
                );
            }
            answer
        }),
    ))
    .await
}

async fn mam() -> FakeServer {
    mam_renewing(None).await
}

async fn add_mam(app: &TestApp, site: &FakeServer) -> aural_core::ProviderId {
    let mut settings: aural_core::provider::MamSettings =
        serde_json::from_str("{}").expect("MAM's defaults");
    settings.url = site.url("/").to_string();
    add_indexer(app, "MAM", ProviderSettings::MyAnonamouse(settings)).await
}

#[tokio::test]
async fn myanonamouse_is_searched_beside_torznab_with_its_session_cookie() {
    let app = TestApp::new().await;
    let (good, site) = (jackett().await, mam().await);
    add_indexer(&app, "Jackett", torznab_at(&good)).await;
    let mam_id = add_mam(&app, &site).await;

    let results = search_releases(
        &app.ctx,
        &SearchFor::Text("The Way of Kings".into()),
        &CancellationToken::new(),
        |_, _| {},
    )
    .await
    .expect("search");
    let from_mam: Vec<&str> = results
        .releases
        .iter()
        .filter(|r| r.indexer == mam_id)
        .map(|r| r.title.as_str())
        .collect();
    assert!(
        from_mam.contains(&"The Way of Kings"),
        "MAM's releases are ranked with the others: {from_mam:?}"
    );
    assert!(results.releases.iter().any(|r| r.indexer != mam_id));
    assert!(
        results
            .indexers
            .iter()
            .all(|r| matches!(r.outcome, IndexerOutcome::Answered { .. })),
        "{:?}",
        results.indexers
    );
}

#[tokio::test]
async fn a_session_myanonamouse_renews_is_stored_in_place_of_the_pasted_one() {
    const RENEWED: &str = "renewed-session-for-tests";
    let app = TestApp::new().await;
    let site = mam_renewing(Some(RENEWED)).await;
    let id = add_mam(&app, &site).await;
    let text = SearchFor::Text("The Way of Kings".into());
    let results = search_releases(&app.ctx, &text, &CancellationToken::new(), |_, _| {})
        .await
        .expect("search");
    assert!(!results.releases.is_empty());

    let provider = providers::show(
        &app.ctx,
        ProviderFamily::Indexer,
        &providers::ProviderKey::Id(id),
    )
    .await
    .expect("the indexer");
    let secret = provider.secret.expect("a session is stored");
    let stored = app
        .ctx
        .secrets()
        .get::<String>(&secret)
        .await
        .expect("the secret store answers")
        .expect("the session");
    assert_eq!(
        stored.expose(),
        RENEWED,
        "the renewed session replaced the pasted one"
    );
}

#[tokio::test]
async fn a_blocklisted_release_comes_back_rejected_with_why_for_its_book_only() {
    let app = TestApp::new().await;
    let good = jackett().await;
    let indexer = add_indexer(&app, "Jackett", torznab_at(&good)).await;
    let input = |title: &str| aural_core::BookInput {
        title: title.into(),
        authors: vec!["Brandon Sanderson".into()],
        ..aural_core::BookInput::default()
    };
    let ids = app
        .ctx
        .db()
        .books()
        .upsert_batch(
            &[input("The Way of Kings"), input("Words of Radiance")],
            &aural_core::BookSource::list_import(),
            aural_core::BookStatus::Wanted,
        )
        .await
        .expect("books")
        .ids;
    let before = search_book(&app, ids[0]).await;
    let best = before
        .releases
        .iter()
        .find(|r| !r.score.is_rejected())
        .expect("an accepted release")
        .clone();
    assert!(
        best.guid_hash.as_ref().is_some_and(|h| h.len() == 64),
        "{best:?}"
    );

    // The user turns down the best release for this book, as the window sends it.
    aural_services::blocklist::add(
        &app.ctx,
        &aural_core::NewBlocklistEntry {
            book: Some(ids[0]),
            indexer: Some(indexer),
            guid_hash: best.guid_hash.clone(),
            info_hash: best.info_hash.clone(),
            title: best.title.clone(),
            reason: aural_core::BlocklistReason::User,
        },
    )
    .await
    .expect("blocklist");
    let after = search_book(&app, ids[0]).await;
    let again = after
        .releases
        .iter()
        .find(|r| r.title == best.title)
        .expect("still listed");
    assert!(again.score.is_rejected(), "{again:?}");
    assert!(
        again
            .score
            .rejections
            .iter()
            .any(|r| r.reason.contains("rejected by you")),
        "{:?}",
        again.score.rejections
    );
    assert!(
        after
            .releases
            .iter()
            .filter(|r| r.title == best.title)
            .all(|r| r.score.is_rejected()),
        "every copy of it is rejected, wherever it is listed"
    );

    let other_book = search_book(&app, ids[1]).await;
    assert!(
        other_book
            .releases
            .iter()
            .filter(|r| r.title == best.title)
            .all(|r| r
                .score
                .rejections
                .iter()
                .all(|x| !x.reason.contains("rejected by you"))),
        "the entry is for its book only"
    );
}

#[tokio::test]
async fn a_found_release_is_reached_by_its_key_for_a_grab_and_its_link_never_shows() {
    let app = TestApp::new().await;
    let good = jackett().await;
    add_indexer(&app, "Jackett", torznab_at(&good)).await;
    let results = search_releases(
        &app.ctx,
        &SearchFor::Text("audiobook".into()),
        &CancellationToken::new(),
        |_, _| {},
    )
    .await
    .expect("search");
    let cancel = CancellationToken::new();
    let by_magnet = results
        .releases
        .iter()
        .find(|r| r.title.contains("Hail Mary"))
        .expect("a release whose link is a magnet");
    let (kept, source) = aural_services::search::source_of(&app.ctx, &by_magnet.key, &cancel)
        .await
        .expect("source");
    assert_eq!(kept.title, by_magnet.title);
    assert!(
        matches!(&source, aural_services::search::ReleaseSource::Magnet(m) if m.contains("5e4c1d7a")),
        "{source:?}"
    );

    // A link to an indexer that is not there (the fixture's Jackett) fails, naming no key.
    let by_link = results
        .releases
        .iter()
        .find(|r| r.title.contains("The Way of Kings"))
        .expect("a release with a download link");
    let err = aural_services::search::source_of(&app.ctx, &by_link.key, &cancel)
        .await
        .expect_err("nothing answers there");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("test-key"), "{text}");
    assert!(err.hint().is_some());

    let gone = aural_services::search::source_of(&app.ctx, "0123456789abcdef01234567", &cancel)
        .await
        .expect_err("unknown");
    assert_eq!(gone.code(), aural_core::ErrorCode::NotFound);
}
