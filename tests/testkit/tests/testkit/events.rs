use std::time::Duration;

use aural_services::events::{AppEvent, Notice, NoticeLevel};
use aural_testkit::{EventCollector, TestApp};

fn notice(title: &str) -> AppEvent {
    AppEvent::Notice(Notice {
        level: NoticeLevel::Info,
        title: title.to_owned(),
        body: None,
        desktop: false,
    })
}

#[tokio::test]
async fn the_collector_returns_the_first_matching_event_and_keeps_the_others() {
    let app = TestApp::new().await;
    let mut events = EventCollector::new(&app.ctx);
    app.ctx.events().publish(notice("first"));
    app.ctx.events().publish(notice("wanted"));
    let found = events
        .wait_for(
            Duration::from_secs(5),
            "the wanted notice",
            |e| matches!(e, AppEvent::Notice(n) if n.title == "wanted"),
        )
        .await;
    assert_eq!(found, notice("wanted"), "the matching event is returned");
    assert_eq!(
        events.seen(),
        &[notice("first"), notice("wanted")],
        "events before it are kept for the test to inspect"
    );
}

#[tokio::test]
#[should_panic(expected = "waiting for a notice nobody sends")]
async fn the_collector_names_the_missing_event_when_time_runs_out() {
    let app = TestApp::new().await;
    let mut events = EventCollector::new(&app.ctx);
    events
        .wait_for(Duration::from_millis(50), "a notice nobody sends", |_| true)
        .await;
}
