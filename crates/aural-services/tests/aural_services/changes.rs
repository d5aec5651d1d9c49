use aural_core::Entity;
use aural_services::events::AppEvent;
use aural_services::supervisor::Role;
use aural_services::{background, changes, library};

use crate::support::{TestApp, fixture, wait_until};

#[tokio::test]
async fn writes_by_another_process_reach_this_one_as_entity_events() {
    let app = TestApp::new().await;
    let mut events = app.ctx.events().subscribe();
    background::start(&app.ctx, Role::Window)
        .await
        .expect("the supervisor starts the change-feed tail");

    let cli = app.second_process().await;
    library::spawn_list_import(&cli, fixture("library.csv"))
        .await
        .expect("start")
        .wait()
        .await
        .expect("import");

    let ids = wait_until("book changes from the other process", || {
        let mut found = None;
        while let Ok(event) = events.try_recv() {
            if let AppEvent::EntitiesChanged {
                entity: Entity::Book,
                ids,
            } = event
            {
                found = Some(ids);
            }
        }
        std::future::ready(found)
    })
    .await;
    assert!(
        !ids.is_empty() && ids.len() <= 6,
        "the six new books are named: {ids:?}"
    );
    app.ctx.close().await.expect("close stops the tail");
}

#[tokio::test]
async fn a_large_burst_is_announced_without_listing_every_id() {
    let app = TestApp::new().await;
    let start = app.ctx.db().changes().latest_seq().await.expect("seq");
    let list = app.dir.path().join("burst.csv");
    let mut text = String::from("title,authors\n");
    for i in 0..600 {
        text.push_str(&format!("Burst {i},Writer {i}\n"));
    }
    std::fs::write(&list, text).expect("write");
    library::spawn_list_import(&app.ctx, list)
        .await
        .expect("start")
        .wait()
        .await
        .expect("import");

    let mut events = app.ctx.events().subscribe();
    changes::publish_since(&app.ctx, start)
        .await
        .expect("publish");
    let mut books = None;
    while let Ok(event) = events.try_recv() {
        if let AppEvent::EntitiesChanged {
            entity: Entity::Book,
            ids,
        } = event
        {
            books = Some(ids);
        }
    }
    assert_eq!(
        books,
        Some(Vec::new()),
        "600 changed books are announced as 'many' (empty ids) so the window refetches once"
    );

    // A change of all of them at once is recorded as one "many books" row, announced the same.
    let start = app.ctx.db().changes().latest_seq().await.expect("seq");
    library::set_status_of(
        &app.ctx,
        &aural_db::BookSelection::Matching(Default::default()),
        aural_core::BookStatus::Missing,
    )
    .await
    .expect("bulk change");
    let mut events = app.ctx.events().subscribe();
    changes::publish_since(&app.ctx, start)
        .await
        .expect("publish");
    let announced: Vec<_> = std::iter::from_fn(|| events.try_recv().ok()).collect();
    assert!(
        matches!(
            announced.as_slice(),
            [AppEvent::EntitiesChanged { entity: Entity::Book, ids }] if ids.is_empty()
        ),
        "{announced:?}"
    );
}
