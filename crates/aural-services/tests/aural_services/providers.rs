//! Providers through the service layer: secrets filed by reference, removal taking the secret
//! along, whole-or-nothing adds, and health under the injected clock.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use aural_core::provider::{AudioBookShelfSettings, MamSettings, QbittorrentSettings, Severity};
use aural_core::{
    Clock, ErrorCode, Page, ProviderFamily, ProviderSettings, ProviderStatus, SecretKind,
    SecretRef, Sensitive, Timestamp,
};
use aural_services::providers::{self, AddProvider, EditProvider, ProviderKey, SecretChange};
use aural_services::secrets::SecretStore;
use aural_services::{AppConfig, AppContext};

use crate::indexer_fakes::{KEY, jackett, torznab, torznab_at};
use crate::secrets::keychain::{Availability, MemoryKeychain};
use crate::support::NOW;

const MINUTE: i64 = 60_000;

#[derive(Debug)]
struct MovableClock(AtomicI64);

impl Clock for MovableClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(Ordering::SeqCst))
    }
}

async fn open(dir: &Path, clock: Arc<MovableClock>, secrets: SecretStore) -> AppContext {
    AppContext::builder(AppConfig::at(dir.to_path_buf()))
        .clock(clock)
        .secrets(secrets)
        .open()
        .await
        .expect("context opens")
}

fn add(name: &str, secret: Option<&str>) -> AddProvider {
    AddProvider {
        name: name.to_owned(),
        enabled: None,
        priority: 0,
        settings: torznab(),
        secret: secret.map(|s| Sensitive::new(s.to_owned())),
    }
}

#[tokio::test]
async fn a_provider_s_secret_is_filed_under_its_reference_and_removed_with_it() {
    let dir = tempfile::tempdir().expect("temp");
    let clock = Arc::new(MovableClock(AtomicI64::new(NOW)));
    let ctx = open(dir.path(), clock, SecretStore::file(dir.path())).await;
    let p = providers::add(&ctx, ProviderFamily::Indexer, add("Jackett", Some(KEY)))
        .await
        .expect("add");
    let secret_ref = SecretRef::new(SecretKind::Indexer, p.id.0);
    assert_eq!(p.secret, Some(secret_ref.clone()));
    let stored = providers::secret(&ctx, &p)
        .await
        .expect("read")
        .expect("set");
    assert_eq!(stored.expose(), KEY);

    let cleared = providers::edit(
        &ctx,
        ProviderFamily::Indexer,
        &ProviderKey::Id(p.id),
        EditProvider {
            secret: SecretChange::Clear,
            ..EditProvider::default()
        },
    )
    .await
    .expect("clear");
    assert_eq!(cleared.secret, None);
    assert!(
        ctx.secrets()
            .get::<String>(&secret_ref)
            .await
            .expect("get")
            .is_none()
    );

    let replaced = providers::edit(
        &ctx,
        ProviderFamily::Indexer,
        &ProviderKey::Name("jackett".to_owned()),
        EditProvider {
            secret: SecretChange::Replace(Sensitive::new("test-pass-2".to_owned())),
            ..EditProvider::default()
        },
    )
    .await
    .expect("replace");
    assert_eq!(replaced.secret, Some(secret_ref.clone()));

    providers::remove(&ctx, ProviderFamily::Indexer, &ProviderKey::Id(p.id))
        .await
        .expect("remove");
    assert!(
        ctx.secrets()
            .get::<String>(&secret_ref)
            .await
            .expect("get")
            .is_none(),
        "removing a provider removes its secret"
    );
    let list = providers::list(&ctx, ProviderFamily::Indexer, Page::default())
        .await
        .expect("list");
    assert_eq!(list.total, 0);
    ctx.close().await.expect("close");
}

#[tokio::test]
async fn an_add_whose_secret_cannot_be_stored_adds_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let keychain = MemoryKeychain::new();
    let clock = Arc::new(MovableClock(AtomicI64::new(NOW)));
    let ctx = open(
        dir.path(),
        clock,
        SecretStore::keychain_with(Box::new(keychain.clone())),
    )
    .await;
    keychain.set_availability(Availability::Gone);
    let err = providers::add(&ctx, ProviderFamily::Indexer, add("Jackett", Some(KEY)))
        .await
        .expect_err("no keychain");
    assert_eq!(err.code(), ErrorCode::Unreachable);
    let list = providers::list(&ctx, ProviderFamily::Indexer, Page::default())
        .await
        .expect("list");
    assert_eq!(list.total, 0, "the row went with the failed secret");

    keychain.set_availability(Availability::Up);
    let p = providers::add(&ctx, ProviderFamily::Indexer, add("Jackett", Some(KEY)))
        .await
        .expect("the same name is free again");
    keychain.set_availability(Availability::Locked);
    let err = providers::remove(&ctx, ProviderFamily::Indexer, &ProviderKey::Id(p.id))
        .await
        .expect_err("the secret cannot be removed while locked");
    assert_eq!(err.code(), ErrorCode::AuthRequired);
    let still = providers::show(&ctx, ProviderFamily::Indexer, &ProviderKey::Id(p.id)).await;
    assert!(still.is_ok(), "nothing was removed, so the user can retry");
    ctx.close().await.expect("close");
}

#[tokio::test]
async fn failures_rest_a_provider_on_the_schedule_and_a_success_or_the_user_brings_it_back() {
    let dir = tempfile::tempdir().expect("temp");
    let clock = Arc::new(MovableClock(AtomicI64::new(NOW)));
    let ctx = open(dir.path(), clock.clone(), SecretStore::in_memory()).await;
    let p = providers::add(&ctx, ProviderFamily::Indexer, add("Jackett", None))
        .await
        .expect("add");

    let failed = providers::record_failure(&ctx, p.id, "timed out after 10 s")
        .await
        .expect("fail");
    assert_eq!(
        failed.status(Timestamp(NOW)),
        ProviderStatus::BackedOff {
            until: Timestamp(NOW + 5 * MINUTE)
        },
        "the first failure rests it 5 minutes from the injected clock"
    );
    clock.0.store(NOW + 6 * MINUTE, Ordering::SeqCst);
    let failed = providers::record_failure(&ctx, p.id, "HTTP 503")
        .await
        .expect("fail");
    assert_eq!(failed.health.failure_count, 2);
    assert_eq!(
        failed.health.disabled_until,
        Some(Timestamp(NOW + 21 * MINUTE))
    );

    let ok = providers::record_success(&ctx, p.id)
        .await
        .expect("success");
    assert_eq!(
        ok.status(Timestamp(NOW + 6 * MINUTE)),
        ProviderStatus::Ready
    );
    assert_eq!(ok.health.last_error.as_deref(), Some("HTTP 503"));

    providers::record_failure(&ctx, p.id, "HTTP 503")
        .await
        .expect("fail");
    let enabled =
        providers::set_enabled(&ctx, ProviderFamily::Indexer, &ProviderKey::Id(p.id), true)
            .await
            .expect("enable now");
    assert_eq!(
        enabled.health.failure_count, 0,
        "the user's enable resets the schedule"
    );
    ctx.close().await.expect("close");
}

#[tokio::test]
async fn testing_an_indexer_asks_it_and_points_at_the_field_to_fix() {
    let dir = tempfile::tempdir().expect("temp");
    let clock = Arc::new(MovableClock(AtomicI64::new(NOW)));
    let ctx = open(dir.path(), clock, SecretStore::in_memory()).await;
    let server = jackett().await;
    let with = |name: &str, key: &str| AddProvider {
        settings: torznab_at(&server),
        ..add(name, Some(key))
    };
    let good = providers::add(&ctx, ProviderFamily::Indexer, with("Good", KEY))
        .await
        .expect("add");
    let report = providers::test(&ctx, ProviderFamily::Indexer, &ProviderKey::Id(good.id))
        .await
        .expect("tested");
    assert!(report.passed(), "{report:?}");

    let wrong = providers::add(&ctx, ProviderFamily::Indexer, with("Wrong", "not-the-key"))
        .await
        .expect("add");
    let report = providers::test(&ctx, ProviderFamily::Indexer, &ProviderKey::Id(wrong.id))
        .await
        .expect("tested");
    assert!(!report.passed());
    assert_eq!(
        report
            .issues
            .iter()
            .find(|i| i.severity == Severity::Error)
            .and_then(|i| i.field.as_deref()),
        Some("apiKey"),
        "{report:?}"
    );
    assert!(
        !format!("{report:?}").contains(KEY) && !format!("{report:?}").contains("not-the-key"),
        "no key in the report"
    );

    drop(server);
    let gone = providers::test(&ctx, ProviderFamily::Indexer, &ProviderKey::Id(good.id))
        .await
        .expect("tested");
    assert_eq!(
        gone.issues.first().and_then(|i| i.field.as_deref()),
        Some("url"),
        "a service that is not there is a URL to check: {gone:?}"
    );
}

#[tokio::test]
async fn testing_a_kind_without_a_protocol_says_so_and_other_families_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let clock = Arc::new(MovableClock(AtomicI64::new(NOW)));
    let ctx = open(dir.path(), clock, SecretStore::in_memory()).await;
    let abs = AddProvider {
        settings: ProviderSettings::AudioBookShelf(
            serde_json::from_str::<AudioBookShelfSettings>(r#"{"url": "http://127.0.0.1:13378"}"#)
                .expect("ABS settings"),
        ),
        ..add("ABS", None)
    };
    let a = providers::add(&ctx, ProviderFamily::AudioBookShelf, abs)
        .await
        .expect("add");
    let err = providers::test(&ctx, ProviderFamily::AudioBookShelf, &ProviderKey::Id(a.id))
        .await
        .expect_err("no protocol yet");
    assert_eq!(err.code(), ErrorCode::Unsupported);
    assert!(err.to_string().contains("is not available yet"), "{err}");

    // MyAnonamouse has its protocol now: without a session cookie the test says where it goes.
    let mam = AddProvider {
        settings: ProviderSettings::MyAnonamouse(
            serde_json::from_str::<MamSettings>("{}").expect("MAM's defaults"),
        ),
        ..add("MAM", None)
    };
    let m = providers::add(&ctx, ProviderFamily::Indexer, mam)
        .await
        .expect("add");
    let report = providers::test(&ctx, ProviderFamily::Indexer, &ProviderKey::Id(m.id))
        .await
        .expect("tested");
    assert_eq!(
        report.issues.first().and_then(|i| i.field.as_deref()),
        Some("sessionCookie"),
        "{report:?}"
    );
    let p = providers::add(&ctx, ProviderFamily::Indexer, add("Jackett", None))
        .await
        .expect("add");

    let not_a_client =
        providers::show(&ctx, ProviderFamily::DownloadClient, &ProviderKey::Id(p.id)).await;
    assert_eq!(
        not_a_client.expect_err("an indexer").code(),
        ErrorCode::NotFound
    );

    let client = AddProvider {
        settings: ProviderSettings::QBittorrent(QbittorrentSettings {
            url: "http://127.0.0.1:8080".to_owned(),
            username: "admin".to_owned(),
            category: "audiobooks".to_owned(),
            save_path: None,
            path_mappings: vec![],
            seeding: aural_core::provider::SeedingRule::default(),
        }),
        ..add("qbit", None)
    };
    let err = providers::add(&ctx, ProviderFamily::Indexer, client)
        .await
        .expect_err("wrong family");
    assert_eq!(err.field(), Some("kind"));
    assert_eq!(
        err.to_string(),
        "qBittorrent is a download client, not an indexer"
    );

    // As a download client it is tested through its protocol: nothing answers on port 1.
    let unreachable = AddProvider {
        settings: ProviderSettings::QBittorrent(QbittorrentSettings {
            url: "http://127.0.0.1:1".to_owned(),
            username: "admin".to_owned(),
            category: "audiobooks".to_owned(),
            save_path: None,
            path_mappings: vec![],
            seeding: aural_core::provider::SeedingRule::default(),
        }),
        ..add("qbit", Some("a-password"))
    };
    let qbit = providers::add(&ctx, ProviderFamily::DownloadClient, unreachable)
        .await
        .expect("add");
    let report = providers::test(
        &ctx,
        ProviderFamily::DownloadClient,
        &ProviderKey::Id(qbit.id),
    )
    .await
    .expect("tested");
    assert_eq!(
        report
            .issues
            .first()
            .map(|i| (i.field.as_deref(), i.severity)),
        Some((Some("url"), Severity::Error)),
        "{report:?}"
    );

    let err = providers::add(&ctx, ProviderFamily::Indexer, add("42", None))
        .await
        .expect_err("numeric");
    assert_eq!(
        err.field(),
        Some("name"),
        "a numeric name would read as an id"
    );
    ctx.close().await.expect("close");
}

#[tokio::test]
async fn testing_the_usenet_and_deluge_clients_points_at_the_key_or_the_url() {
    use aural_core::provider::{DelugeSettings, SabnzbdSettings};
    use axum::Router;
    use axum::http::StatusCode;
    use axum::routing::get;

    let dir = tempfile::tempdir().expect("temp");
    let clock = Arc::new(MovableClock(AtomicI64::new(NOW)));
    let ctx = open(dir.path(), clock, SecretStore::in_memory()).await;
    // SABnzbd answers a wrong key with HTTP 403 and this text (its `api.py`).
    let sab = aural_testkit::FakeServer::start(Router::new().route(
        "/sabnzbd/api",
        get(|| async { (StatusCode::FORBIDDEN, "API Key Incorrect") }),
    ))
    .await;
    let sabnzbd = AddProvider {
        settings: ProviderSettings::Sabnzbd(SabnzbdSettings {
            url: sab.url("/sabnzbd").to_string(),
            category: "audiobooks".into(),
            path_mappings: Vec::new(),
        }),
        ..add("SABnzbd", Some("wrong-key-for-sab"))
    };
    let s = providers::add(&ctx, ProviderFamily::DownloadClient, sabnzbd)
        .await
        .expect("add");
    let report = providers::test(&ctx, ProviderFamily::DownloadClient, &ProviderKey::Id(s.id))
        .await
        .expect("tested");
    assert!(!report.passed());
    assert_eq!(
        report.issues.first().and_then(|i| i.field.as_deref()),
        Some("apiKey"),
        "{report:?}"
    );
    assert!(!format!("{report:?}").contains("wrong-key-for-sab"));

    let deluge = AddProvider {
        settings: ProviderSettings::Deluge(DelugeSettings {
            url: "http://127.0.0.1:9/".into(),
            category: "audiobooks".into(),
            save_path: None,
            path_mappings: Vec::new(),
            seeding: aural_core::provider::SeedingRule::default(),
        }),
        ..add("Deluge", Some("deluge-pass"))
    };
    let d = providers::add(&ctx, ProviderFamily::DownloadClient, deluge)
        .await
        .expect("add");
    let report = providers::test(&ctx, ProviderFamily::DownloadClient, &ProviderKey::Id(d.id))
        .await
        .expect("tested");
    assert_eq!(
        report.issues.first().and_then(|i| i.field.as_deref()),
        Some("url"),
        "nothing listens there: {report:?}"
    );
    ctx.close().await.expect("close");
}
