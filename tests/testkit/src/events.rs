//! Collects the events of a context so a test can wait for the one it expects.

use std::time::Duration;

use aural_services::AppContext;
use aural_services::events::AppEvent;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::RecvError;

pub struct EventCollector {
    events: Receiver<AppEvent>,
    seen: Vec<AppEvent>,
}

impl EventCollector {
    /// Subscribes now: events published from here on are collected.
    pub fn new(ctx: &AppContext) -> EventCollector {
        EventCollector {
            events: ctx.events().subscribe(),
            seen: Vec::new(),
        }
    }

    /// The first event from now on for which `matches` holds; past `within`, panics naming
    /// `what` and listing the events that did arrive.
    pub async fn wait_for(
        &mut self,
        within: Duration,
        what: &str,
        mut matches: impl FnMut(&AppEvent) -> bool,
    ) -> AppEvent {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let event = match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Ok(event)) => event,
                // Events missed by a slow test are gone; the ones after them may still match.
                Ok(Err(RecvError::Lagged(_))) => continue,
                Ok(Err(RecvError::Closed)) => {
                    panic!(
                        "the event bus closed while waiting for {what}; seen: {:#?}",
                        self.seen
                    )
                }
                Err(_) => panic!(
                    "timed out after {within:?} waiting for {what}; seen: {:#?}",
                    self.seen
                ),
            };
            self.seen.push(event.clone());
            if matches(&event) {
                return event;
            }
        }
    }

    /// Every event received so far, in order.
    pub fn seen(&self) -> &[AppEvent] {
        &self.seen
    }
}
