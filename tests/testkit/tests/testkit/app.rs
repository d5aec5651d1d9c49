use aural_core::Timestamp;
use aural_services::{ServiceUrls, library};
use aural_testkit::{NOW, TestApp, fixture};

#[tokio::test]
async fn a_test_app_has_a_fixed_clock_and_its_own_data_folder() {
    let app = TestApp::new().await;
    assert_eq!(
        app.ctx.clock().now(),
        Timestamp(NOW),
        "the context uses the fixed clock"
    );
    assert_eq!(
        app.ctx.data_dir(),
        app.data_dir(),
        "the context opened the temp folder"
    );
    assert!(
        app.data_dir().join("library.db").is_file(),
        "the library is a real SQLite file in that folder"
    );
}

#[tokio::test]
async fn a_second_process_sees_what_the_first_wrote() {
    let app = TestApp::new().await;
    library::spawn_list_import(&app.ctx, fixture("lists/library.csv"))
        .await
        .expect("the import starts")
        .wait()
        .await
        .expect("the import succeeds");
    let cli = app.second_process().await;
    let stats = library::stats(&cli).await.expect("stats");
    assert_eq!(
        stats.total_books, 6,
        "the other context reads the same database file"
    );
}

#[tokio::test]
async fn service_urls_given_to_the_builder_reach_the_context() {
    let urls = ServiceUrls {
        audnexus: "http://127.0.0.1:9/".parse().expect("a URL"),
        ..ServiceUrls::default()
    };
    let app = TestApp::builder().urls(urls.clone()).open().await;
    assert_eq!(
        app.ctx.urls(),
        &urls,
        "the fakes' URLs replace the real services'"
    );
    assert_eq!(
        app.second_process().await.urls(),
        &urls,
        "a second process points at the same fakes"
    );
}
