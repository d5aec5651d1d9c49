use aural_core::Entity;
use aural_services::events::AppEvent;
use aural_services::{changes, library};
use tokio_util::sync::CancellationToken;

use crate::support::{TestApp, fixture, wait_until};

#[tokio::test]
async fn writes_by_another_process_reach_this_one_as_entity_events() {
    let app = TestApp::new().await;
    let mut events = app.ctx.events().subscribe();
    let stop = CancellationToken::new();
    let tail = changes::spawn_tail(&app.ctx, stop.clone())
        .await
        .expect("tail");

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
    stop.cancel();
    tail.await.expect("tail stops");
}
