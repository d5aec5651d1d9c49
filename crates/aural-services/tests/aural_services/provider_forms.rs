//! What the add and edit forms rely on: a draft is tested before saving with the secret the form
//! holds or the one stored, and an edit of a client's paths and seeding rule round-trips.

use aural_core::provider::{
    PathMapping, QbittorrentSettings, SeedingLimits, SeedingRule, Severity, TorznabSettings,
};
use aural_core::{ErrorCode, ProviderFamily, ProviderSettings, Sensitive};
use aural_services::providers::{
    self, AddProvider, Draft, EditProvider, ProviderKey, SecretChange,
};

use crate::indexer_fakes::{KEY, jackett, torznab_at};
use crate::support::TestApp;

fn error_field(report: &aural_core::TestReport) -> Option<&str> {
    report
        .issues
        .iter()
        .find(|i| i.severity == Severity::Error)
        .and_then(|i| i.field.as_deref())
}

#[tokio::test]
async fn a_draft_is_tested_with_the_form_s_secret_or_the_stored_one() {
    let app = TestApp::new().await;
    let ctx = &app.ctx;
    let server = jackett().await;
    let draft = |key: Option<ProviderKey>, secret: SecretChange| Draft {
        key,
        settings: torznab_at(&server),
        secret,
    };
    let replace = |s: &str| SecretChange::Replace(Sensitive::new(s.to_owned()));

    let wrong = providers::test_draft(ctx, ProviderFamily::Indexer, draft(None, replace("nope")))
        .await
        .expect("tested");
    assert_eq!(error_field(&wrong), Some("apiKey"), "{wrong:?}");
    let right = providers::test_draft(ctx, ProviderFamily::Indexer, draft(None, replace(KEY)))
        .await
        .expect("tested");
    assert!(right.passed(), "{right:?}");
    assert_eq!(
        providers::list(ctx, ProviderFamily::Indexer, Default::default())
            .await
            .expect("list")
            .total,
        0,
        "testing a draft saves nothing"
    );

    let saved = providers::add(
        ctx,
        ProviderFamily::Indexer,
        AddProvider {
            name: "Jackett".to_owned(),
            enabled: None,
            priority: 0,
            settings: torznab_at(&server),
            secret: Some(Sensitive::new(KEY.to_owned())),
        },
    )
    .await
    .expect("add");
    let kept = providers::test_draft(
        ctx,
        ProviderFamily::Indexer,
        draft(Some(ProviderKey::Id(saved.id)), SecretChange::Keep),
    )
    .await
    .expect("tested");
    assert!(kept.passed(), "keep means the stored key: {kept:?}");
    let cleared = providers::test_draft(
        ctx,
        ProviderFamily::Indexer,
        draft(Some(ProviderKey::Id(saved.id)), SecretChange::Clear),
    )
    .await
    .expect("tested");
    assert_eq!(error_field(&cleared), Some("apiKey"), "{cleared:?}");

    let ProviderSettings::Torznab(good) = torznab_at(&server) else {
        unreachable!("torznab settings")
    };
    let unusable = Draft {
        key: None,
        settings: ProviderSettings::Torznab(TorznabSettings {
            categories: Vec::new(),
            ..good
        }),
        secret: replace(KEY),
    };
    let err = providers::test_draft(ctx, ProviderFamily::Indexer, unusable)
        .await
        .expect_err("settings that cannot be saved are not tested");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::Validation, Some("categories"))
    );
}

#[tokio::test]
async fn an_edited_client_keeps_its_secret_and_round_trips_paths_and_seeding() {
    let app = TestApp::new().await;
    let ctx = &app.ctx;
    let qbit = |path_mappings: Vec<PathMapping>, seeding: SeedingRule| {
        ProviderSettings::QBittorrent(QbittorrentSettings {
            url: "http://127.0.0.1:8080".to_owned(),
            username: "admin".to_owned(),
            category: "audiobooks".to_owned(),
            save_path: None,
            path_mappings,
            seeding,
        })
    };
    let added = providers::add(
        ctx,
        ProviderFamily::DownloadClient,
        AddProvider {
            name: "qBittorrent".to_owned(),
            enabled: None,
            priority: 0,
            settings: qbit(Vec::new(), SeedingRule::default()),
            secret: Some(Sensitive::new("test-pass".to_owned())),
        },
    )
    .await
    .expect("add");

    let edited = qbit(
        vec![PathMapping {
            remote: "/downloads".to_owned(),
            local: "/mnt/nas/downloads".to_owned(),
        }],
        SeedingRule::Remove(SeedingLimits {
            ratio: None,
            minutes: Some(1440),
            delete_data: false,
        }),
    );
    providers::edit(
        ctx,
        ProviderFamily::DownloadClient,
        &ProviderKey::Id(added.id),
        EditProvider {
            priority: Some(3),
            settings: Some(edited.clone()),
            ..EditProvider::default()
        },
    )
    .await
    .expect("edit");

    let other_process = app.second_process().await;
    let shown = providers::show(
        &other_process,
        ProviderFamily::DownloadClient,
        &ProviderKey::Name("qBittorrent".to_owned()),
    )
    .await
    .expect("show");
    assert_eq!(
        shown.settings(),
        Some(&edited),
        "the mapping and rule are stored"
    );
    assert_eq!(shown.priority, 3);
    let secret = providers::secret(ctx, &shown)
        .await
        .expect("read")
        .expect("an edit that keeps the secret leaves it stored");
    assert_eq!(secret.expose(), "test-pass");

    let relative = qbit(
        vec![PathMapping {
            remote: "/downloads".to_owned(),
            local: "downloads".to_owned(),
        }],
        SeedingRule::ClientLimits,
    );
    let err = providers::edit(
        ctx,
        ProviderFamily::DownloadClient,
        &ProviderKey::Id(added.id),
        EditProvider {
            settings: Some(relative),
            ..EditProvider::default()
        },
    )
    .await
    .expect_err("a relative local folder is refused");
    assert_eq!(err.field(), Some("pathMappings[0].local"));
    let unchanged = providers::show(
        ctx,
        ProviderFamily::DownloadClient,
        &ProviderKey::Id(added.id),
    )
    .await
    .expect("show");
    assert_eq!(
        unchanged.settings(),
        Some(&edited),
        "a refused edit changes nothing"
    );
    other_process.close().await.expect("close");
}
