//! A user imports their list in the window, then changes a book's status from a terminal while
//! the window stays open: the window hears of the change without reloading.

use std::time::Duration;

use aural_core::{BookStatus, Entity};
use aural_services::background;
use aural_services::events::AppEvent;
use aural_services::library::{self, BookKey};
use aural_services::supervisor::Role;
use aural_testkit::{EventCollector, TestApp, fixture};

use crate::cli_json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_changed_from_the_cli_reaches_the_open_window_as_an_event() {
    let app = TestApp::new().await;
    background::start(&app.ctx, Role::Window)
        .await
        .expect("the window starts its background work, the change-feed tail among it");

    let outcome = library::spawn_list_import(&app.ctx, fixture("lists/library.csv"))
        .await
        .expect("the import starts")
        .wait()
        .await
        .expect("the list imports");
    assert_eq!(outcome.inserted, 6, "every row of the list is a book");

    let mut events = EventCollector::new(&app.ctx);
    let data_dir = app.data_dir().to_path_buf();
    let changed = tokio::task::spawn_blocking(move || {
        cli_json(&data_dir, &["books", "set-status", "B079LRSMNN", "ignored"])
    })
    .await
    .expect("the CLI process ran");
    assert_eq!(
        changed["book"]["status"], "ignored",
        "the CLI reports the new status: {changed}"
    );
    let id = changed["book"]["id"]
        .as_i64()
        .expect("the CLI reports the book's id")
        .to_string();

    events
        .wait_for(Duration::from_secs(10), "the CLI's change of Oathbringer", |e| {
            matches!(e, AppEvent::EntitiesChanged { entity: Entity::Book, ids } if ids.contains(&id))
        })
        .await;
    let key = BookKey::parse("B079LRSMNN").expect("an ASIN");
    let book = library::get_book(&app.ctx, &key)
        .await
        .expect("the window reads the book");
    assert_eq!(
        book.status,
        BookStatus::Ignored,
        "the window's own context reads what the CLI wrote"
    );

    app.ctx
        .close()
        .await
        .expect("the window closes its library");
}
