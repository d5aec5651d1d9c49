//! Thins a stream of progress events for a window: per id only the latest value is kept, and
//! what is kept goes out in batches at most [`INTERVAL`] apart. Fifty downloads reporting ten
//! times a second become at most four batches a second of at most fifty events.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Four batches a second: smooth enough for a progress bar, cheap for the window to render.
pub const INTERVAL: Duration = Duration::from_millis(250);

/// Which stream an event belongs to; ids are unique within a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stream {
    Job,
    Progress,
    Download,
}

/// Events of one key replace each other; the latest wins.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoalesceKey {
    pub stream: Stream,
    pub id: String,
}

/// An event that may be coalesced: `None` means it is sent at once (a change, a notice).
pub trait Coalesce {
    fn coalesce_key(&self) -> Option<CoalesceKey>;
}

#[derive(Debug)]
pub struct Coalescer<E> {
    /// Keys in the order they first arrived since the last batch, so a batch keeps that order.
    order: Vec<CoalesceKey>,
    pending: HashMap<CoalesceKey, E>,
    last_batch: Option<Instant>,
}

impl<E: Coalesce> Coalescer<E> {
    pub fn new() -> Coalescer<E> {
        Coalescer {
            order: Vec::new(),
            pending: HashMap::new(),
            last_batch: None,
        }
    }

    /// Keeps a coalescable event, replacing the pending one of its key; hands any other back to
    /// be sent now.
    pub fn push(&mut self, event: E) -> Option<E> {
        let Some(key) = event.coalesce_key() else {
            return Some(event);
        };
        if self.pending.insert(key.clone(), event).is_none() {
            self.order.push(key);
        }
        None
    }

    /// The pending events, oldest key first, when at least [`INTERVAL`] passed since the last
    /// batch; otherwise nothing.
    pub fn take_batch(&mut self, now: Instant) -> Vec<E> {
        let due = self
            .last_batch
            .is_none_or(|last| now.duration_since(last) >= INTERVAL);
        if !due || self.order.is_empty() {
            return Vec::new();
        }
        self.last_batch = Some(now);
        let pending = &mut self.pending;
        self.order
            .drain(..)
            .filter_map(|key| pending.remove(&key))
            .collect()
    }
}

impl<E: Coalesce> Default for Coalescer<E> {
    fn default() -> Coalescer<E> {
        Coalescer::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    enum Event {
        Tick { id: &'static str, done: u64 },
        Notice(&'static str),
    }

    impl Coalesce for Event {
        fn coalesce_key(&self) -> Option<CoalesceKey> {
            match self {
                Event::Tick { id, .. } => Some(CoalesceKey {
                    stream: Stream::Progress,
                    id: (*id).to_owned(),
                }),
                Event::Notice(_) => None,
            }
        }
    }

    #[test]
    fn the_latest_value_per_id_wins_in_first_seen_order() {
        let mut coalescer = Coalescer::new();
        for (id, done) in [("a", 1), ("b", 1), ("a", 2), ("a", 3), ("b", 2)] {
            assert_eq!(coalescer.push(Event::Tick { id, done }), None);
        }
        assert_eq!(
            coalescer.take_batch(Instant::now()),
            [
                Event::Tick { id: "a", done: 3 },
                Event::Tick { id: "b", done: 2 }
            ]
        );
    }

    #[test]
    fn events_that_are_not_progress_go_out_at_once() {
        let mut coalescer = Coalescer::new();
        assert_eq!(
            coalescer.push(Event::Notice("imported")),
            Some(Event::Notice("imported")),
            "a notice is never held back or merged"
        );
        assert!(coalescer.take_batch(Instant::now()).is_empty());
    }

    #[test]
    fn batches_are_at_least_a_quarter_second_apart() {
        let t0 = Instant::now();
        let mut coalescer = Coalescer::new();
        coalescer.push(Event::Tick { id: "a", done: 1 });
        assert_eq!(coalescer.take_batch(t0).len(), 1, "the first batch is due");
        coalescer.push(Event::Tick { id: "a", done: 2 });
        assert!(
            coalescer
                .take_batch(t0 + Duration::from_millis(100))
                .is_empty(),
            "too soon after the last batch"
        );
        coalescer.push(Event::Tick { id: "a", done: 3 });
        assert_eq!(
            coalescer.take_batch(t0 + INTERVAL),
            [Event::Tick { id: "a", done: 3 }],
            "held values are not lost, only merged"
        );
    }

    #[test]
    fn a_thousand_ticks_from_fifty_sources_in_one_interval_make_one_batch_of_fifty() {
        let t0 = Instant::now();
        let mut coalescer = Coalescer::new();
        let ids: Vec<&'static str> = (0..50)
            .map(|i| &*Box::leak(format!("s{i}").into_boxed_str()))
            .collect();
        for done in 0..20 {
            for id in &ids {
                coalescer.push(Event::Tick { id, done });
            }
        }
        let batch = coalescer.take_batch(t0);
        assert_eq!(batch.len(), 50);
        assert!(
            batch
                .iter()
                .all(|e| matches!(e, Event::Tick { done: 19, .. })),
            "each source's last value"
        );
    }
}
