//! What a client's report means for a download (SPEC §6.1, §6.4): the state it points to and
//! the warnings it raises or ends. Pure, so every mapping is a table test.

use aural_clients::{ItemState, ItemStatus};
use aural_core::{DownloadState, HealthKind};

/// A client's report read against the download's state.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Observation {
    /// Where the report points; `None` leaves the state as it is.
    pub target: Option<DownloadState>,
    pub raise: Vec<(HealthKind, Option<String>)>,
    pub clear: Vec<HealthKind>,
}

/// The warnings that a report of the item speaks to, raised or cleared by every poll.
const ITEM_WARNINGS: [HealthKind; 4] = [
    HealthKind::Stalled,
    HealthKind::NoMetadata,
    HealthKind::ClientError,
    HealthKind::MissingFromClient,
];

pub(super) fn observe(state: DownloadState, item: &ItemStatus) -> Observation {
    let complete = item.progress >= 1.0;
    let (target, raise) = match item.state {
        ItemState::FetchingMetadata => (
            Some(DownloadState::Downloading),
            vec![(
                HealthKind::NoMetadata,
                Some("waiting for the torrent's metadata".to_owned()),
            )],
        ),
        ItemState::Stalled => (
            Some(DownloadState::Downloading),
            vec![(
                HealthKind::Stalled,
                Some("nothing arrives: no peers to download from".to_owned()),
            )],
        ),
        ItemState::Queued
        | ItemState::Checking
        | ItemState::Downloading
        | ItemState::PostProcessing => (Some(DownloadState::Downloading), vec![]),
        // A torrent the user paused stays paused even when its data turns out complete.
        ItemState::Paused | ItemState::Finished if state == DownloadState::Paused => {
            (Some(DownloadState::Paused), vec![])
        }
        ItemState::Paused => (Some(DownloadState::Paused), vec![]),
        ItemState::Seeding | ItemState::Finished if complete => {
            (Some(DownloadState::Completed), vec![])
        }
        ItemState::Seeding | ItemState::Finished => (Some(DownloadState::Downloading), vec![]),
        ItemState::Error => (
            None,
            vec![(
                HealthKind::ClientError,
                Some(
                    item.error
                        .clone()
                        .unwrap_or_else(|| "the client reports an error".to_owned()),
                ),
            )],
        ),
        ItemState::Moving | ItemState::Unknown => (None, vec![]),
    };
    let clear = ITEM_WARNINGS
        .into_iter()
        .filter(|k| !raise.iter().any(|(r, _)| r == k))
        .collect();
    Observation {
        target,
        raise,
        clear,
    }
}

/// The moves from `from` to `to`: direct when the table allows it, else through `downloading`
/// when the client shows the download went through it between two polls (resumed, then
/// finished). Nothing when `to` cannot be reached truthfully.
pub(super) fn route(from: DownloadState, to: DownloadState) -> Vec<DownloadState> {
    if from == to {
        return vec![];
    }
    if from.can_go_to(to) {
        return vec![to];
    }
    let through = DownloadState::Downloading;
    let via_downloading = matches!(
        to,
        DownloadState::Completed | DownloadState::Paused | DownloadState::Stalled
    );
    if via_downloading && from.can_go_to(through) && through.can_go_to(to) {
        vec![through, to]
    } else {
        vec![]
    }
}

/// Why the download entered `to`, for its history.
pub(super) fn reason(from: DownloadState, to: DownloadState) -> &'static str {
    match (from, to) {
        (DownloadState::Sent, DownloadState::Downloading) => "the client started it",
        (DownloadState::Paused, DownloadState::Downloading) => "resumed in the client",
        (DownloadState::Stalled, DownloadState::Downloading) => "progress resumed",
        (_, DownloadState::Paused) => "paused in the client",
        (_, DownloadState::Completed) => "the client has every piece",
        (_, DownloadState::Stalled) => "no progress and nobody to download from for too long",
        _ => "the client reports it",
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use aural_clients::{InfoHash, ItemId};

    use super::*;

    fn item(state: ItemState, progress: f64) -> ItemStatus {
        ItemStatus {
            id: ItemId::Torrent(
                InfoHash::parse("0123456789abcdef0123456789abcdef01234567").expect("a hash"),
            ),
            name: "Loop Book".to_owned(),
            state,
            progress,
            download_speed: 0,
            upload_speed: 0,
            eta: Some(Duration::from_secs(5)),
            size: 100,
            save_path: "/downloads".to_owned(),
            category: None,
            tags: vec![],
            ratio: 0.0,
            seeding_time: None,
            error: Some("disk full".to_owned()),
        }
    }

    /// The download's state, the client's, its progress, where it points, what it raises.
    type Case = (
        DownloadState,
        ItemState,
        f64,
        Option<DownloadState>,
        &'static [HealthKind],
    );

    #[test]
    fn client_states_point_to_pipeline_states_and_warnings() {
        use DownloadState::{Completed, Downloading, Paused, Sent};
        use HealthKind::{ClientError, NoMetadata, Stalled};
        let cases: [Case; 12] = [
            (
                Sent,
                ItemState::FetchingMetadata,
                0.0,
                Some(Downloading),
                &[NoMetadata],
            ),
            (Sent, ItemState::Checking, 0.3, Some(Downloading), &[]),
            (Sent, ItemState::Queued, 0.0, Some(Downloading), &[]),
            (
                Downloading,
                ItemState::Stalled,
                0.5,
                Some(Downloading),
                &[Stalled],
            ),
            (Downloading, ItemState::Paused, 0.5, Some(Paused), &[]),
            (Paused, ItemState::Finished, 1.0, Some(Paused), &[]),
            (Paused, ItemState::Downloading, 0.6, Some(Downloading), &[]),
            (Sent, ItemState::Seeding, 1.0, Some(Completed), &[]),
            (Downloading, ItemState::Finished, 1.0, Some(Completed), &[]),
            (
                Downloading,
                ItemState::PostProcessing,
                1.0,
                Some(Downloading),
                &[],
            ),
            (Downloading, ItemState::Error, 0.5, None, &[ClientError]),
            (Downloading, ItemState::Moving, 1.0, None, &[]),
        ];
        for (state, client, progress, target, raised) in cases {
            let seen = observe(state, &item(client, progress));
            assert_eq!(seen.target, target, "{state} + {client:?}");
            let kinds: Vec<HealthKind> = seen.raise.iter().map(|(k, _)| *k).collect();
            assert_eq!(kinds, raised, "{state} + {client:?}");
            for kind in raised {
                assert!(
                    !seen.clear.contains(kind),
                    "{kind:?} is raised, not cleared"
                );
            }
            assert_eq!(
                seen.raise.len() + seen.clear.len(),
                ITEM_WARNINGS.len(),
                "every item warning is decided by each report"
            );
        }
        let error = observe(Downloading, &item(ItemState::Error, 0.5));
        assert_eq!(error.raise[0].1.as_deref(), Some("disk full"));
    }

    #[test]
    fn routes_go_through_downloading_only_when_the_client_shows_it_did() {
        use DownloadState::{Cancelled, Completed, Downloading, Failed, Paused, Sent, Stalled};
        for (from, to, want) in [
            (Sent, Completed, vec![Completed]),
            (Sent, Paused, vec![Paused]),
            (Stalled, Paused, vec![Downloading, Paused]),
            (Paused, Completed, vec![Downloading, Completed]),
            (Stalled, Completed, vec![Downloading, Completed]),
            (Downloading, Downloading, vec![]),
            (Paused, Failed, vec![]),
            (Cancelled, Downloading, vec![]),
            (Completed, Downloading, vec![]),
        ] {
            assert_eq!(route(from, to), want, "{from} -> {to}");
            for pair in std::iter::once(from)
                .chain(want.iter().copied())
                .collect::<Vec<_>>()
                .windows(2)
            {
                assert!(
                    pair[0].can_go_to(pair[1]),
                    "{} -> {} is in the table",
                    pair[0],
                    pair[1]
                );
            }
        }
    }
}
