use aural_core::{BookDetails, BookId, BookInput, BookSource, BookStatus};
use aural_services::covers::{CoverCache, fetch_pending};
use aural_testkit::{FakeServer, TestApp, fixture};
use axum::Router;
use axum::http::{StatusCode, header};
use axum::routing::get;
use tokio_util::sync::CancellationToken;

fn picture(name: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("covers/{name}"))).expect("cover fixture")
}

async fn cover_server() -> FakeServer {
    let jpeg = picture("cover.jpg");
    let png = picture("cover.png");
    FakeServer::start(
        Router::new()
            .route(
                "/a.jpg",
                get(move || async move { ([(header::CONTENT_TYPE, "image/jpeg")], jpeg) }),
            )
            .route(
                "/same.png",
                get({
                    let png = png.clone();
                    move || async move { png }
                }),
            )
            .route("/also-same.png", get(move || async move { png }))
            .route("/login", get(|| async { "<html>sign in first</html>" }))
            .route("/gone.jpg", get(|| async { StatusCode::NOT_FOUND }))
            .route(
                "/huge.jpg",
                get(|| async {
                    let mut huge = vec![0xFF, 0xD8, 0xFF, 0xE0];
                    huge.resize(11 * 1024 * 1024, 0);
                    huge
                }),
            ),
    )
    .await
}

async fn books_with_covers(app: &TestApp, urls: &[&str]) -> Vec<BookId> {
    let inputs: Vec<BookInput> = urls
        .iter()
        .enumerate()
        .map(|(i, url)| BookInput {
            title: format!("Covered Book {i}"),
            authors: vec!["Ann Author".into()],
            details: BookDetails {
                cover_url: Some((*url).to_owned()),
                ..BookDetails::default()
            },
            ..BookInput::default()
        })
        .collect();
    app.ctx
        .db()
        .books()
        .upsert_batch(&inputs, &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("books")
        .ids
}

async fn cover_key(app: &TestApp, id: BookId) -> Option<String> {
    app.ctx.db().books().get(id).await.expect("book").cover_key
}

#[tokio::test]
async fn covers_are_fetched_into_the_cache_once_and_shared_by_identical_pictures() {
    let app = TestApp::new().await;
    let server = cover_server().await;
    let urls = [
        server.url("/a.jpg").to_string(),
        server.url("/same.png").to_string(),
        server.url("/also-same.png").to_string(),
    ];
    let ids = books_with_covers(&app, &urls.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let before = app.ctx.db().changes().latest_seq().await.expect("seq");

    let pass = fetch_pending(&app.ctx, &CancellationToken::new())
        .await
        .expect("pass");
    assert_eq!((pass.cached, pass.failed), (3, 0));

    let cache = CoverCache::new(app.data_dir());
    let jpeg_key = cover_key(&app, ids[0]).await.expect("the JPEG is cached");
    assert!(jpeg_key.ends_with(".jpg"), "{jpeg_key}");
    let (path, kind) = cache.file(&jpeg_key).expect("a key the cache made");
    assert_eq!(
        std::fs::read(path).expect("cached file"),
        picture("cover.jpg")
    );
    assert_eq!(kind.mime(), "image/jpeg");
    let png_keys = (cover_key(&app, ids[1]).await, cover_key(&app, ids[2]).await);
    assert_eq!(png_keys.0, png_keys.1, "the same picture is one file");
    assert!(png_keys.0.is_some_and(|k| k.ends_with(".png")));

    let changes = app
        .ctx
        .db()
        .changes()
        .since(before, 100)
        .await
        .expect("feed");
    assert_eq!(
        changes.len(),
        3,
        "each book's new cover reaches open windows"
    );

    let again = fetch_pending(&app.ctx, &CancellationToken::new())
        .await
        .expect("pass");
    assert_eq!(
        (again.cached, again.failed),
        (0, 0),
        "nothing is fetched twice"
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn links_that_are_not_covers_fail_alone_and_wait_a_day_before_the_next_try() {
    let app = TestApp::new().await;
    let server = cover_server().await;
    let urls = [
        server.url("/login").to_string(),
        server.url("/gone.jpg").to_string(),
        server.url("/huge.jpg").to_string(),
        "file:///etc/passwd".to_owned(),
        server.url("/a.jpg").to_string(),
    ];
    let ids = books_with_covers(&app, &urls.iter().map(String::as_str).collect::<Vec<_>>()).await;

    let pass = fetch_pending(&app.ctx, &CancellationToken::new())
        .await
        .expect("pass");
    assert_eq!(
        (pass.cached, pass.failed),
        (1, 4),
        "one good link among four bad ones"
    );
    for id in &ids[..4] {
        assert_eq!(cover_key(&app, *id).await, None, "no cover for a bad link");
    }
    assert!(cover_key(&app, ids[4]).await.is_some());
    let covers = std::fs::read_dir(app.data_dir().join("covers"))
        .expect("cache")
        .count();
    assert_eq!(covers, 1, "nothing but the one picture lands in the cache");

    let soon = fetch_pending(&app.ctx, &CancellationToken::new())
        .await
        .expect("pass");
    assert_eq!(
        (soon.cached, soon.failed),
        (0, 0),
        "failed links are not retried at once"
    );
    app.clock
        .advance(std::time::Duration::from_secs(25 * 60 * 60));
    let next_day = fetch_pending(&app.ctx, &CancellationToken::new())
        .await
        .expect("pass");
    assert_eq!(next_day.failed, 4, "a day later they are tried again");
}

#[tokio::test]
async fn a_new_cover_link_replaces_the_cached_cover() {
    let app = TestApp::new().await;
    let server = cover_server().await;
    let ids = books_with_covers(&app, &[server.url("/a.jpg").as_str()]).await;
    fetch_pending(&app.ctx, &CancellationToken::new())
        .await
        .expect("pass");
    let first = cover_key(&app, ids[0]).await.expect("cached");

    books_with_covers(&app, &[server.url("/same.png").as_str()]).await;
    assert_eq!(
        cover_key(&app, ids[0]).await,
        None,
        "a stale cover is not shown for the new link"
    );
    fetch_pending(&app.ctx, &CancellationToken::new())
        .await
        .expect("pass");
    let second = cover_key(&app, ids[0]).await.expect("cached again");
    assert_ne!(first, second);
    assert!(second.ends_with(".png"));
}

#[test]
fn the_cache_refuses_keys_it_did_not_make() {
    let dir = tempfile::tempdir().expect("temp");
    let cache = CoverCache::new(dir.path());
    let good = format!("{}.jpg", "a".repeat(64));
    assert!(cache.file(&good).is_some());
    for bad in [
        "../settings.json",
        "../../etc/passwd",
        &format!("{}.jpg", "A".repeat(64)),
        &format!("{}.exe", "a".repeat(64)),
        &format!("{}/x.jpg", "a".repeat(62)),
        "",
        ".jpg",
    ] {
        assert!(cache.file(bad).is_none(), "{bad:?} is refused");
    }
    assert!(matches!(
        cache.store(b"<html>not a picture</html>"),
        Err(aural_services::covers::CoverError::NotAnImage)
    ));
}
