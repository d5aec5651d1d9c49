//! Every state a download can be in and every allowed move between them, in one table
//! (SPEC §6.1). The service layer persists the state and writes a history row per move; this
//! module only decides whether a move is allowed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DownloadState {
    /// Created by automation or "search and grab", without a release yet.
    Queued,
    /// A release search is running for it.
    Searching,
    /// A release is chosen and not yet sent to a client.
    Found,
    /// Handed to a client (or an Audible license granted); the client has not reported it yet.
    Sent,
    /// The client reports progress.
    Downloading,
    /// Paused by the user, in the client too.
    Paused,
    /// No progress for a long time with nobody to download from.
    Stalled,
    /// The client reports 100 % and the files are found locally.
    Completed,
    Importing,
    /// The files are in the library.
    Imported,
    /// Imported, and the torrent keeps seeding until its seeding rule is met.
    Seeding,
    Done,
    Failed,
    Cancelled,
}

use DownloadState::{
    Cancelled, Completed, Done, Downloading, Failed, Found, Imported, Importing, Paused, Queued,
    Searching, Seeding, Sent, Stalled,
};

impl DownloadState {
    pub const ALL: [DownloadState; 14] = [
        Queued,
        Searching,
        Found,
        Sent,
        Downloading,
        Paused,
        Stalled,
        Completed,
        Importing,
        Imported,
        Seeding,
        Done,
        Failed,
        Cancelled,
    ];

    /// Where a download may go from here; the whole transition table of SPEC §6.1.
    pub fn next_states(self) -> &'static [DownloadState] {
        match self {
            // `found` for a release picked by hand, `sent` for an Audible license.
            Queued => &[Searching, Found, Sent, Cancelled],
            // `queued`: nothing above the threshold, try again later.
            Searching => &[Found, Queued, Failed, Cancelled],
            Found => &[Sent, Failed, Cancelled],
            // `completed`: the client already had every piece when it was added; `paused`: the
            // user paused it before the client reported it.
            Sent => &[Downloading, Paused, Completed, Stalled, Failed, Cancelled],
            Downloading => &[Paused, Stalled, Completed, Failed, Cancelled],
            Paused => &[Downloading, Cancelled],
            Stalled => &[Downloading, Failed, Cancelled],
            Completed => &[Importing, Failed, Cancelled],
            // `completed`: the import needs the user's decision and waits on the Import page.
            Importing => &[Imported, Completed, Failed, Cancelled],
            Imported => &[Seeding, Done],
            // `cancelled`: the user stops seeding early.
            Seeding => &[Done, Cancelled],
            // Retry starts a new attempt from the queue.
            Failed => &[Queued],
            Done | Cancelled => &[],
        }
    }

    pub fn can_go_to(self, to: DownloadState) -> bool {
        self.next_states().contains(&to)
    }

    /// The move to `to`, or why it is not allowed.
    pub fn advance(self, to: DownloadState) -> Result<DownloadState, IllegalTransition> {
        if self.can_go_to(to) {
            Ok(to)
        } else {
            Err(IllegalTransition { from: self, to })
        }
    }

    /// Nothing more happens to it on its own; `failed` is left only by the user's retry.
    pub fn is_terminal(self) -> bool {
        matches!(self, Done | Failed | Cancelled)
    }

    /// A client holds it, so the monitor has to poll that client.
    pub fn is_in_client(self) -> bool {
        matches!(
            self,
            Sent | Downloading | Paused | Stalled | Completed | Seeding
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Queued => "queued",
            Searching => "searching",
            Found => "found",
            Sent => "sent",
            Downloading => "downloading",
            Paused => "paused",
            Stalled => "stalled",
            Completed => "completed",
            Importing => "importing",
            Imported => "imported",
            Seeding => "seeding",
            Done => "done",
            Failed => "failed",
            Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for DownloadState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a download cannot go from {from} to {to}")]
pub struct IllegalTransition {
    pub from: DownloadState,
    pub to: DownloadState,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a download state")]
pub struct UnknownDownloadState(pub String);

impl FromStr for DownloadState {
    type Err = UnknownDownloadState;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        DownloadState::ALL
            .into_iter()
            .find(|st| st.as_str() == lower)
            .ok_or_else(|| UnknownDownloadState(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_of_a_torrent_is_allowed_step_by_step() {
        let path = [
            Queued,
            Searching,
            Found,
            Sent,
            Downloading,
            Paused,
            Downloading,
            Completed,
            Importing,
            Imported,
            Seeding,
            Done,
        ];
        for pair in path.windows(2) {
            assert_eq!(
                pair[0].advance(pair[1]),
                Ok(pair[1]),
                "{} -> {}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn the_table_allows_exactly_the_moves_of_the_spec() {
        let allowed: &[(DownloadState, &[DownloadState])] = &[
            (Queued, &[Searching, Found, Sent, Cancelled]),
            (Searching, &[Found, Queued, Failed, Cancelled]),
            (Found, &[Sent, Failed, Cancelled]),
            (
                Sent,
                &[Downloading, Paused, Completed, Stalled, Failed, Cancelled],
            ),
            (
                Downloading,
                &[Paused, Stalled, Completed, Failed, Cancelled],
            ),
            (Paused, &[Downloading, Cancelled]),
            (Stalled, &[Downloading, Failed, Cancelled]),
            (Completed, &[Importing, Failed, Cancelled]),
            (Importing, &[Imported, Completed, Failed, Cancelled]),
            (Imported, &[Seeding, Done]),
            (Seeding, &[Done, Cancelled]),
            (Done, &[]),
            (Failed, &[Queued]),
            (Cancelled, &[]),
        ];
        assert_eq!(
            allowed.len(),
            DownloadState::ALL.len(),
            "every state is listed"
        );
        for (from, targets) in allowed {
            for to in DownloadState::ALL {
                assert_eq!(
                    from.can_go_to(to),
                    targets.contains(&to),
                    "{from} -> {to} should be {}",
                    if targets.contains(&to) {
                        "allowed"
                    } else {
                        "refused"
                    }
                );
            }
        }
    }

    #[test]
    fn a_just_sent_download_can_be_paused_before_the_client_reports_it() {
        assert_eq!(Sent.advance(Paused), Ok(Paused));
        assert_eq!(Paused.advance(Downloading), Ok(Downloading));
    }

    #[test]
    fn an_illegal_move_is_a_typed_error_naming_both_states() {
        for (from, to) in [
            (Queued, Downloading),
            (Done, Queued),
            (Cancelled, Downloading),
            (Imported, Cancelled),
            (Paused, Completed),
            (Downloading, Downloading),
        ] {
            let err = from.advance(to).expect_err("not in the table");
            assert_eq!(err, IllegalTransition { from, to });
            assert_eq!(
                err.to_string(),
                format!("a download cannot go from {from} to {to}")
            );
        }
    }

    #[test]
    fn only_done_failed_and_cancelled_are_terminal() {
        for st in DownloadState::ALL {
            assert_eq!(
                st.is_terminal(),
                matches!(st, Done | Failed | Cancelled),
                "{st}"
            );
        }
        for st in [Done, Cancelled] {
            assert!(st.next_states().is_empty(), "{st} is final");
        }
    }

    #[test]
    fn states_round_trip_through_text_and_json() {
        for st in DownloadState::ALL {
            assert_eq!(st.as_str().parse::<DownloadState>(), Ok(st));
            let json = serde_json::to_value(st).expect("serialises");
            assert_eq!(json, serde_json::Value::from(st.as_str()), "{st}");
        }
        assert_eq!(" Paused ".parse::<DownloadState>(), Ok(Paused));
        assert!("finished".parse::<DownloadState>().is_err());
    }
}
