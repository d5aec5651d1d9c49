//! Decides when a running job saves its progress to its row: seldom, since the row is for a
//! restart to resume from and live progress travels as events. Other processes read the row to
//! show the job's progress (see `elsewhere`), which is why it is every two seconds, not minutes.

use std::time::{Duration, Instant};

const EVERY: Duration = Duration::from_secs(2);

#[derive(Debug)]
pub(crate) struct Checkpoint {
    last: Instant,
}

impl Checkpoint {
    /// Counting from `started`, when the row was written with the job's start.
    pub(crate) fn from(started: Instant) -> Checkpoint {
        Checkpoint { last: started }
    }

    /// True at most once per [`EVERY`]; the end of a job is saved with its final state instead.
    pub(crate) fn due(&mut self, now: Instant) -> bool {
        let due = now.duration_since(self.last) >= EVERY;
        if due {
            self.last = now;
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_saved_at_most_every_two_seconds() {
        let t0 = Instant::now();
        let mut checkpoint = Checkpoint::from(t0);
        assert!(!checkpoint.due(t0), "the start was just written");
        assert!(!checkpoint.due(t0 + Duration::from_millis(1_999)));
        assert!(checkpoint.due(t0 + Duration::from_secs(2)));
        assert!(
            !checkpoint.due(t0 + Duration::from_secs(3)),
            "counted from the last save"
        );
        assert!(checkpoint.due(t0 + Duration::from_secs(4)));
    }
}
