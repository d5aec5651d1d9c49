use aural_core::provider::{AbbSettings, QbittorrentSettings, TorznabSettings};
use aural_core::{
    ChangeOp, Entity, NewProvider, Page, ProviderConfig, ProviderKind, ProviderSettings,
    SecretKind, SecretRef, Timestamp,
};
use aural_db::{DbError, ProviderEdit};
use sea_orm::{ConnectionTrait, Database};

use crate::support::{T0, open};

fn torznab(name: &str, priority: i32) -> NewProvider {
    NewProvider {
        name: name.to_owned(),
        enabled: true,
        priority,
        settings: ProviderSettings::Torznab(TorznabSettings {
            url: "http://127.0.0.1:9117/api/v2.0/indexers/x/results/torznab/".to_owned(),
            categories: vec![3030],
            minimum_seeders: 1,
            timeout_secs: 10,
            requests_per_minute: 60,
            extra_params: Default::default(),
        }),
    }
}

fn qbittorrent(name: &str) -> NewProvider {
    NewProvider {
        name: name.to_owned(),
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
    }
}

#[tokio::test]
async fn providers_are_listed_per_family_in_priority_order_with_change_rows() {
    let t = open().await;
    let repo = t.db.providers();
    let late = repo.add(&torznab("Late", 5)).await.expect("add");
    let early = repo.add(&torznab("Early", 1)).await.expect("add");
    let client = repo.add(&qbittorrent("qbit")).await.expect("add");
    assert_eq!(early.created_at, Timestamp(T0));
    assert!(matches!(early.config, ProviderConfig::Ready(_)));

    let indexers = repo
        .list(
            &[ProviderKind::Torznab, ProviderKind::Newznab],
            Page::default(),
        )
        .await
        .expect("list");
    let names: Vec<&str> = indexers.items.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Early", "Late"],
        "lower priority first; the client is another family"
    );
    assert_eq!(indexers.total, 2);

    let found = repo.find_by_name("EARLY").await.expect("find");
    assert_eq!(
        found.map(|p| p.id),
        Some(early.id),
        "names match regardless of case"
    );

    let changes = t.db.changes().since(0, 100).await.expect("changes");
    let rows: Vec<(Entity, String, ChangeOp)> = changes
        .iter()
        .map(|c| (c.entity, c.entity_id.clone(), c.op))
        .collect();
    assert_eq!(
        rows,
        [late.id, early.id, client.id].map(|id| (
            Entity::Provider,
            id.to_string(),
            ChangeOp::Insert
        ))
    );
}

#[tokio::test]
async fn a_second_provider_with_the_same_name_is_a_conflict_naming_it() {
    let t = open().await;
    t.db.providers()
        .add(&torznab("Jackett", 0))
        .await
        .expect("add");
    let err =
        t.db.providers()
            .add(&torznab("jackett", 0))
            .await
            .expect_err("names are unique regardless of case");
    assert!(matches!(err, DbError::Conflict { .. }), "{err:?}");
    assert!(
        err.to_string().contains("\"jackett\" already exists"),
        "{err}"
    );
}

#[tokio::test]
async fn edits_enable_switches_secret_refs_and_removal_are_recorded() {
    let t = open().await;
    let repo = t.db.providers();
    let p = repo.add(&torznab("Jackett", 0)).await.expect("add");
    t.clock.set(T0 + 1_000);
    let edited = repo
        .edit(
            p.id,
            &ProviderEdit {
                name: Some("Prowlarr".to_owned()),
                priority: Some(3),
                settings: None,
            },
        )
        .await
        .expect("edit");
    assert_eq!((edited.name.as_str(), edited.priority), ("Prowlarr", 3));
    assert_eq!(edited.updated_at, Timestamp(T0 + 1_000));
    assert_eq!(edited.settings(), p.settings(), "settings kept");

    let secret = SecretRef::new(SecretKind::Indexer, p.id.0);
    let with_secret = repo
        .set_secret_ref(p.id, Some(&secret))
        .await
        .expect("secret ref");
    assert_eq!(with_secret.secret, Some(secret));
    let off = repo.set_enabled(p.id, false).await.expect("disable");
    assert!(!off.enabled);

    repo.remove(p.id).await.expect("remove");
    assert!(matches!(
        repo.get(p.id).await,
        Err(DbError::NotFound { .. })
    ));
    assert!(matches!(
        repo.remove(p.id).await,
        Err(DbError::NotFound { .. })
    ));
    let ops: Vec<ChangeOp> =
        t.db.changes()
            .since(0, 100)
            .await
            .expect("changes")
            .iter()
            .map(|c| c.op)
            .collect();
    assert_eq!(
        ops,
        [
            ChangeOp::Insert,
            ChangeOp::Update,
            ChangeOp::Update,
            ChangeOp::Update,
            ChangeOp::Delete
        ]
    );
}

#[tokio::test]
async fn health_follows_the_back_off_rule_and_enabling_resets_it() {
    let t = open().await;
    let repo = t.db.providers();
    let p = repo.add(&torznab("Jackett", 0)).await.expect("add");
    let now = Timestamp(T0);
    let failed = repo
        .update_health(p.id, |h| h.after_failure("timed out after 10 s", now))
        .await
        .expect("fail once");
    let failed = repo
        .update_health(failed.id, |h| h.after_failure("HTTP 503", now))
        .await
        .expect("fail twice");
    assert_eq!(failed.health.failure_count, 2);
    assert_eq!(
        failed.health.disabled_until,
        Some(Timestamp(T0 + 15 * 60_000))
    );
    assert_eq!(failed.health.last_error.as_deref(), Some("HTTP 503"));
    assert_eq!(failed.health.last_error_at, Some(now));

    let reread = repo.get(p.id).await.expect("get");
    assert_eq!(reread.health, failed.health, "health is stored");
    let enabled = repo.set_enabled(p.id, true).await.expect("enable now");
    assert_eq!(
        (enabled.health.failure_count, enabled.health.disabled_until),
        (0, None)
    );
    assert_eq!(
        enabled.health.last_error.as_deref(),
        Some("HTTP 503"),
        "still shown"
    );
}

#[tokio::test]
async fn a_row_whose_settings_no_longer_parse_is_kept_as_needing_attention() {
    let t = open().await;
    let repo = t.db.providers();
    let ok = repo.add(&torznab("Fine", 0)).await.expect("add");
    let broken = repo
        .add(&NewProvider {
            name: "Old ABB".to_owned(),
            enabled: false,
            priority: 1,
            settings: ProviderSettings::AudiobookBay(AbbSettings {
                url: "http://127.0.0.1:1/".to_owned(),
                timeout_secs: 10,
                requests_per_minute: 60,
            }),
        })
        .await
        .expect("add");
    let gone = repo.add(&torznab("From the future", 2)).await.expect("add");
    // What an older or newer version might have written: a field of another type, and a kind
    // this version does not know.
    let raw = r#"{"kind":"abb","url":"http://127.0.0.1:1/","timeoutSecs":"ten"}"#;
    let conn = Database::connect(format!("sqlite://{}", t.db.path().display()))
        .await
        .expect("second connection");
    for sql in [
        format!(
            "UPDATE providers SET settings = '{raw}' WHERE id = {}",
            broken.id
        ),
        format!(
            "UPDATE providers SET kind = 'gopher' WHERE id = {}",
            gone.id
        ),
    ] {
        conn.execute_unprepared(&sql).await.expect("mangle rows");
    }
    conn.close().await.expect("close the second connection");

    let list = repo
        .list(
            &[ProviderKind::Torznab, ProviderKind::AudiobookBay],
            Page::default(),
        )
        .await
        .expect("the list still loads");
    let names: Vec<&str> = list.items.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Fine", "Old ABB"]);
    let read = repo.get(broken.id).await.expect("get");
    let ProviderConfig::NeedsAttention(u) = &read.config else {
        panic!("expected needs-attention, got {:?}", read.config)
    };
    assert_eq!(u.raw, raw, "the stored JSON is kept unchanged");
    assert!(
        u.error.contains("timeoutSecs") || u.error.contains("invalid type"),
        "{}",
        u.error
    );
    assert_eq!(read.kind(), Some(ProviderKind::AudiobookBay));
    let unknown = repo.get(gone.id).await.expect("unknown kinds load too");
    assert!(matches!(unknown.config, ProviderConfig::NeedsAttention(_)));
    assert_eq!(unknown.kind(), None);
    assert!(matches!(
        repo.get(ok.id).await.expect("get").config,
        ProviderConfig::Ready(_)
    ));
    repo.remove(gone.id)
        .await
        .expect("an unreadable row can be removed");
}
