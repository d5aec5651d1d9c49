//! Admission per job kind: at most [`JobKind::concurrency`] jobs of a kind run at once in this
//! process; the others wait in the order they were started and start when a slot frees.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use aural_core::JobKind;
use tokio::sync::oneshot;

#[derive(Debug)]
pub(crate) struct Admission {
    kinds: HashMap<JobKind, Arc<KindQueue>>,
}

#[derive(Debug)]
struct KindQueue {
    limit: usize,
    state: Mutex<QueueState>,
}

#[derive(Debug, Default)]
struct QueueState {
    running: usize,
    /// Oldest first. A sender whose waiter is gone (its job was cancelled) is skipped on release.
    waiting: VecDeque<oneshot::Sender<()>>,
}

/// What [`Admission::enter`] gives: a slot now, or a place in the line.
#[derive(Debug)]
pub(crate) enum Entry {
    Now(Slot),
    Later(Waiting),
}

/// A running job's claim on its kind; dropping it hands the slot to the oldest waiter.
#[derive(Debug)]
pub(crate) struct Slot {
    queue: Arc<KindQueue>,
}

/// A queued job's place in line. Dropping it (the job was cancelled while queued) leaves the line,
/// passing on a slot that was handed over in the meantime.
#[derive(Debug)]
pub(crate) struct Waiting {
    queue: Arc<KindQueue>,
    turn: Option<oneshot::Receiver<()>>,
}

impl Admission {
    pub(crate) fn new() -> Admission {
        let kinds = JobKind::ALL
            .iter()
            .map(|&kind| {
                let queue = KindQueue {
                    limit: kind.concurrency(),
                    state: Mutex::default(),
                };
                (kind, Arc::new(queue))
            })
            .collect();
        Admission { kinds }
    }

    pub(crate) fn enter(&self, kind: JobKind) -> Entry {
        let queue = self
            .kinds
            .get(&kind)
            .cloned()
            .expect("Admission::new makes a queue for every kind");
        let mut state = queue.lock();
        if state.running < queue.limit {
            state.running += 1;
            drop(state);
            return Entry::Now(Slot { queue });
        }
        let (tx, rx) = oneshot::channel();
        state.waiting.push_back(tx);
        drop(state);
        Entry::Later(Waiting {
            queue,
            turn: Some(rx),
        })
    }
}

impl KindQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        // The state is two plain fields updated together; a panic elsewhere cannot tear them.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Hands a freed slot to the oldest waiter still waiting, or gives it back.
    fn release(&self) {
        let mut state = self.lock();
        while let Some(next) = state.waiting.pop_front() {
            if next.send(()).is_ok() {
                return;
            }
        }
        state.running -= 1;
    }
}

impl Waiting {
    /// Resolves when this job's turn comes.
    pub(crate) async fn slot(&mut self) -> Slot {
        if let Some(turn) = self.turn.as_mut() {
            // The queue keeps the sender until it sends, so the only way the channel ends is a
            // send: either way the slot is ours.
            let _ = turn.await;
            self.turn = None;
        }
        Slot {
            queue: self.queue.clone(),
        }
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if let Some(mut turn) = self.turn.take() {
            turn.close();
            if turn.try_recv().is_ok() {
                self.queue.release();
            }
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.queue.release();
    }
}

#[cfg(test)]
mod tests {
    use futures::FutureExt;

    use super::*;

    fn now(entry: Entry) -> Slot {
        match entry {
            Entry::Now(slot) => slot,
            Entry::Later(_) => panic!("a free slot was expected"),
        }
    }

    fn later(entry: Entry) -> Waiting {
        match entry {
            Entry::Later(waiting) => waiting,
            Entry::Now(_) => panic!("the kind is at its limit, so the job must queue"),
        }
    }

    #[test]
    fn jobs_beyond_the_limit_start_in_the_order_they_were_queued() {
        let admission = Admission::new();
        let kind = JobKind::ListImport;
        assert_eq!(
            kind.concurrency(),
            1,
            "the test assumes one import at a time"
        );
        let first = now(admission.enter(kind));
        let mut second = later(admission.enter(kind));
        let mut third = later(admission.enter(kind));
        assert!(second.slot().now_or_never().is_none(), "still queued");

        drop(first);
        assert!(
            third.slot().now_or_never().is_none(),
            "the freed slot goes to the oldest waiter, not the newest"
        );
        let second_slot = second.slot().now_or_never().expect("second's turn");
        drop(second_slot);
        assert!(third.slot().now_or_never().is_some(), "third's turn");
    }

    #[test]
    fn a_cancelled_waiter_gives_its_turn_to_the_next() {
        let admission = Admission::new();
        let kind = JobKind::ListImport;
        let first = now(admission.enter(kind));
        let cancelled = later(admission.enter(kind));
        let mut next = later(admission.enter(kind));
        drop(cancelled);
        drop(first);
        let slot = next
            .slot()
            .now_or_never()
            .expect("the cancelled job is skipped");
        drop(slot);
        drop(next);
        let _again = now(admission.enter(kind));
    }

    #[test]
    fn a_turn_handed_to_a_waiter_that_leaves_is_passed_on() {
        let admission = Admission::new();
        let kind = JobKind::ListImport;
        let first = now(admission.enter(kind));
        let leaving = later(admission.enter(kind));
        let mut next = later(admission.enter(kind));
        // The slot reaches `leaving` before it notices its job was cancelled.
        drop(first);
        drop(leaving);
        assert!(
            next.slot().now_or_never().is_some(),
            "a slot handed over to a job that then left is not lost"
        );
    }

    #[test]
    fn a_kind_runs_up_to_its_limit_at_once() {
        let admission = Admission::new();
        let kind = JobKind::ListExport;
        let slots: Vec<Slot> = (0..kind.concurrency())
            .map(|_| now(admission.enter(kind)))
            .collect();
        assert!(
            matches!(admission.enter(kind), Entry::Later(_)),
            "with {} running, the next job of the kind queues",
            kind.concurrency()
        );
        assert!(
            matches!(admission.enter(JobKind::ListImport), Entry::Now(_)),
            "another kind's limit is its own"
        );
        drop(slots);
    }
}
