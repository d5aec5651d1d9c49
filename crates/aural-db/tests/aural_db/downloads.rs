use aural_core::provider::QbittorrentSettings;
use aural_core::{
    BookSource, BookStatus, ChangeOp, DownloadId, DownloadKind, DownloadState, Entity, Health,
    HealthKind, IllegalTransition, NewDownload, NewProvider, Page, ProviderId, ProviderSettings,
    ReleaseInfo, Timestamp, Transfer,
};
use aural_db::{DbError, DownloadFacts, DownloadFilter, Transition, TransitionError};

use crate::support::{T0, TestDb, book, open};

const HASH: &str = "0123456789abcdef0123456789abcdef01234567";

async fn client(t: &TestDb) -> ProviderId {
    t.db.providers()
        .add(&NewProvider {
            name: "qbit".to_owned(),
            enabled: true,
            priority: 0,
            settings: ProviderSettings::QBittorrent(QbittorrentSettings {
                url: "http://127.0.0.1:8080".to_owned(),
                username: "admin".to_owned(),
                category: "audiobooks".to_owned(),
                save_path: None,
                path_mappings: vec![],
                seeding: aural_core::provider::SeedingRule::default(),
            }),
        })
        .await
        .expect("a client provider")
        .id
}

fn new_download(state: DownloadState, title: &str) -> NewDownload {
    NewDownload {
        book: None,
        kind: DownloadKind::Torrent,
        state,
        client: None,
        client_ref: None,
        release: ReleaseInfo {
            title: title.to_owned(),
            ..ReleaseInfo::default()
        },
        priority: 0,
        reason: "created by the test".to_owned(),
    }
}

async fn history_len(t: &TestDb, id: DownloadId) -> usize {
    t.db.downloads().history(id).await.expect("history").len()
}

#[tokio::test]
async fn every_illegal_transition_is_refused_and_leaves_state_and_history_unchanged() {
    let t = open().await;
    let repo = t.db.downloads();
    for from in DownloadState::ALL {
        let d = repo
            .create(&new_download(from, &format!("in {from}")))
            .await
            .expect("create");
        for to in DownloadState::ALL
            .into_iter()
            .filter(|to| !from.can_go_to(*to))
        {
            let err = repo
                .transition(d.id, &Transition::new(from, to, "not allowed"))
                .await
                .expect_err("not in the table");
            assert!(
                matches!(err, TransitionError::Illegal(IllegalTransition { from: f, to: t }) if f == from && t == to),
                "{from} -> {to}: {err:?}"
            );
        }
        let after = repo.get(d.id).await.expect("get");
        assert_eq!(after.state, from, "a refused move leaves the state");
        assert_eq!(after.updated_at, d.updated_at);
        assert_eq!(
            history_len(&t, d.id).await,
            1,
            "{from}: only the row of its creation"
        );
    }
}

#[tokio::test]
async fn a_move_from_a_state_the_row_is_no_longer_in_is_refused_naming_both() {
    let t = open().await;
    let repo = t.db.downloads();
    let d = repo
        .create(&new_download(DownloadState::Downloading, "moving"))
        .await
        .expect("create");
    let err = repo
        .transition(
            d.id,
            &Transition::new(DownloadState::Sent, DownloadState::Downloading, "stale"),
        )
        .await
        .expect_err("the row is downloading, not sent");
    assert!(
        matches!(
            err,
            TransitionError::Moved {
                expected: DownloadState::Sent,
                actual: DownloadState::Downloading,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("download {} is downloading now, no longer sent", d.id)
    );
    assert_eq!(history_len(&t, d.id).await, 1);

    let missing = repo
        .transition(
            DownloadId(999),
            &Transition::new(DownloadState::Sent, DownloadState::Downloading, "gone"),
        )
        .await
        .expect_err("no such row");
    assert!(
        matches!(missing, TransitionError::Db(DbError::NotFound { .. })),
        "{missing:?}"
    );
}

#[tokio::test]
async fn a_legal_transition_writes_its_facts_one_history_row_and_one_change_row() {
    let t = open().await;
    let repo = t.db.downloads();
    let d = repo
        .create(&new_download(DownloadState::Found, "Loop Book"))
        .await
        .expect("create");
    let seq = t.db.changes().latest_seq().await.expect("seq");
    t.clock.set(T0 + 5_000);
    let sent = repo
        .transition(
            d.id,
            &Transition::new(DownloadState::Found, DownloadState::Sent, "sent to qbit").with(
                DownloadFacts {
                    client_ref: Some(HASH.to_owned()),
                    remote_path: Some("/downloads".to_owned()),
                    ..DownloadFacts::default()
                },
            ),
        )
        .await
        .expect("found -> sent is allowed");
    assert_eq!(sent.state, DownloadState::Sent);
    assert_eq!(sent.client_ref.as_deref(), Some(HASH));
    assert_eq!(sent.remote_path.as_deref(), Some("/downloads"));
    assert_eq!(sent.updated_at, Timestamp(T0 + 5_000));
    assert_eq!(sent.finished_at, None);

    let history = repo.history(d.id).await.expect("history");
    let moves: Vec<(Option<DownloadState>, DownloadState, &str, Timestamp)> = history
        .iter()
        .map(|h| (h.from, h.to, h.reason.as_str(), h.at))
        .collect();
    assert_eq!(
        moves,
        [
            (
                None,
                DownloadState::Found,
                "created by the test",
                Timestamp(T0)
            ),
            (
                Some(DownloadState::Found),
                DownloadState::Sent,
                "sent to qbit",
                Timestamp(T0 + 5_000)
            ),
        ]
    );
    let changes = t.db.changes().since(seq, 10).await.expect("changes");
    assert_eq!(
        changes
            .iter()
            .map(|c| (c.entity, c.entity_id.clone(), c.op))
            .collect::<Vec<_>>(),
        [(Entity::Download, d.id.to_string(), ChangeOp::Update)]
    );

    let failed = repo
        .transition(
            d.id,
            &Transition::new(DownloadState::Sent, DownloadState::Failed, "client error").with(
                DownloadFacts {
                    error: Some("disk full".to_owned()),
                    ..DownloadFacts::default()
                },
            ),
        )
        .await
        .expect("sent -> failed");
    assert_eq!(failed.finished_at, Some(Timestamp(T0 + 5_000)), "terminal");
    assert_eq!(failed.error.as_deref(), Some("disk full"));
}

#[tokio::test]
async fn two_concurrent_transitions_from_the_same_state_let_exactly_one_win() {
    let t = open().await;
    for round in 0..5 {
        let d =
            t.db.downloads()
                .create(&new_download(
                    DownloadState::Downloading,
                    &format!("race {round}"),
                ))
                .await
                .expect("create");
        let pause = Transition::new(
            DownloadState::Downloading,
            DownloadState::Paused,
            "the user",
        );
        let complete = Transition::new(
            DownloadState::Downloading,
            DownloadState::Completed,
            "the monitor",
        );
        let repo = t.db.downloads();
        let (a, b) = tokio::join!(
            repo.transition(d.id, &pause),
            repo.transition(d.id, &complete)
        );
        let (winner, loser) = match (a, b) {
            (Ok(w), Err(l)) | (Err(l), Ok(w)) => (w, l),
            (a, b) => panic!("exactly one move wins: {a:?} / {b:?}"),
        };
        match loser {
            TransitionError::Moved {
                expected, actual, ..
            } => {
                assert_eq!(expected, DownloadState::Downloading);
                assert_eq!(actual, winner.state, "the loser learns where it went");
            }
            other => panic!("the loser gets a clear error, not {other:?}"),
        }
        assert_eq!(
            t.db.downloads().get(d.id).await.expect("get").state,
            winner.state
        );
        assert_eq!(history_len(&t, d.id).await, 2, "one row for the one move");
    }
}

#[tokio::test]
async fn a_second_live_download_of_a_book_or_a_client_item_is_a_conflict_until_the_first_ends() {
    let t = open().await;
    let client = client(&t).await;
    let ids =
        t.db.books()
            .upsert_batch(
                &[book("Loop Book", &["Ann Author"])],
                &BookSource::list_import(),
                BookStatus::Wanted,
            )
            .await
            .expect("a book")
            .ids;
    let for_book = NewDownload {
        book: Some(ids[0]),
        client: Some(client),
        client_ref: Some(HASH.to_owned()),
        ..new_download(DownloadState::Found, "Loop Book")
    };
    let repo = t.db.downloads();
    let first = repo.create(&for_book).await.expect("create");
    let err = repo
        .create(&for_book)
        .await
        .expect_err("the book has a live download");
    assert!(matches!(err, DbError::Conflict { .. }), "{err:?}");
    let same_item = NewDownload {
        book: None,
        ..for_book.clone()
    };
    let err = repo
        .create(&same_item)
        .await
        .expect_err("the client item has a live download");
    assert!(matches!(err, DbError::Conflict { .. }), "{err:?}");

    assert_eq!(
        repo.find_live(client, HASH)
            .await
            .expect("find")
            .map(|d| d.id),
        Some(first.id)
    );
    assert_eq!(
        repo.find_live_for_book(ids[0])
            .await
            .expect("find")
            .map(|d| d.id),
        Some(first.id)
    );

    repo.transition(
        first.id,
        &Transition::new(DownloadState::Found, DownloadState::Cancelled, "the user"),
    )
    .await
    .expect("cancel");
    assert_eq!(repo.find_live(client, HASH).await.expect("find"), None);
    let second = repo
        .create(&for_book)
        .await
        .expect("a finished download does not block a new one");
    assert_ne!(second.id, first.id);
}

#[tokio::test]
async fn progress_is_written_without_a_change_row_and_health_with_one() {
    let t = open().await;
    let repo = t.db.downloads();
    let d = repo
        .create(&new_download(DownloadState::Downloading, "quiet"))
        .await
        .expect("create");
    let seq = t.db.changes().latest_seq().await.expect("seq");
    let transfer = Transfer {
        progress: 0.5,
        speed_bps: 1_000,
        eta_s: Some(60),
        size: Some(240_000),
        ratio: Some(0.0),
    };
    let written = repo
        .record(
            d.id,
            &DownloadFacts {
                transfer: Some(transfer),
                ..DownloadFacts::default()
            },
        )
        .await
        .expect("record");
    assert_eq!(written.transfer, transfer);
    assert_eq!(
        t.db.changes().since(seq, 10).await.expect("changes").len(),
        0,
        "progress travels as events"
    );

    let mut health = Health::default();
    health.raise(
        HealthKind::ClientUnreachable,
        Timestamp(T0),
        Some("refused".into()),
    );
    let written = repo
        .record(
            d.id,
            &DownloadFacts {
                health: Some(health.clone()),
                ..DownloadFacts::default()
            },
        )
        .await
        .expect("record");
    assert_eq!(written.health, health);
    assert_eq!(
        written.state,
        DownloadState::Downloading,
        "health is no state"
    );
    assert_eq!(
        t.db.changes().since(seq, 10).await.expect("changes").len(),
        1
    );
    assert_eq!(history_len(&t, d.id).await, 1);
    let err = repo
        .record(DownloadId(999), &DownloadFacts::default())
        .await
        .expect_err("no such row");
    assert!(matches!(err, DbError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn lists_filter_by_state_newest_first_and_active_ones_are_walked_in_batches() {
    let t = open().await;
    let repo = t.db.downloads();
    let mut ids = Vec::new();
    for (i, state) in [
        DownloadState::Downloading,
        DownloadState::Done,
        DownloadState::Sent,
        DownloadState::Paused,
        DownloadState::Downloading,
    ]
    .into_iter()
    .enumerate()
    {
        ids.push(
            repo.create(&new_download(state, &format!("d{i}")))
                .await
                .expect("create")
                .id,
        );
    }
    let downloading = repo
        .list(
            &DownloadFilter {
                states: vec![DownloadState::Downloading],
                book: None,
            },
            Page::new(1, 10),
        )
        .await
        .expect("list");
    assert_eq!(downloading.total, 2);
    assert_eq!(
        downloading.items.iter().map(|d| d.id).collect::<Vec<_>>(),
        [ids[4], ids[0]],
        "newest first"
    );
    let all = repo
        .list(&DownloadFilter::default(), Page::new(2, 2))
        .await
        .expect("list");
    assert_eq!(all.total, 5);
    assert_eq!(
        all.items.iter().map(|d| d.id).collect::<Vec<_>>(),
        [ids[2], ids[1]]
    );

    let active = [
        DownloadState::Sent,
        DownloadState::Downloading,
        DownloadState::Paused,
    ];
    let first = repo.in_states(&active, None, 2).await.expect("batch");
    assert_eq!(
        first.iter().map(|d| d.id).collect::<Vec<_>>(),
        [ids[0], ids[2]]
    );
    let rest = repo
        .in_states(&active, first.last().map(|d| d.id), 2)
        .await
        .expect("batch");
    assert_eq!(
        rest.iter().map(|d| d.id).collect::<Vec<_>>(),
        [ids[3], ids[4]]
    );
}
