//! The Test button of each provider kind whose protocol is built: indexers through
//! `aural-indexers`, download clients through `aural-clients`.

use aural_core::provider::{Severity, TestIssue};
use aural_core::{ProviderSettings, Sensitive, TestReport};
use aural_indexers::torznab::check::check;
use aural_indexers::{
    AbbConfig, AbbIndexer, Caps, Indexer, MamConfig, MamIndexer, ZnabIndexer, ZnabSettings,
};
use tokio_util::sync::CancellationToken;

use super::download_client;
use crate::error::ServiceError;

/// A test's report and, for Torznab/Newznab, the caps it read (for the caller to keep).
pub(super) struct Tested {
    pub report: TestReport,
    pub caps: Option<Caps>,
}

pub(super) async fn run(
    http: aural_http::Client,
    settings: &ProviderSettings,
    secret: Option<Sensitive<String>>,
) -> Result<Tested, ServiceError> {
    match settings {
        ProviderSettings::Torznab(_) | ProviderSettings::Newznab(_) => {
            match ZnabSettings::from_provider(settings, secret) {
                Some(Ok(znab)) => {
                    let indexer = ZnabIndexer::new(http, znab);
                    let checked = check(&indexer, &CancellationToken::new()).await;
                    Ok(Tested {
                        report: checked.report,
                        caps: checked.caps,
                    })
                }
                Some(Err(e)) => Ok(bad_url(e.to_string()).into()),
                None => Err(ServiceError::TestUnavailable(settings.kind())),
            }
        }
        other => report_only(http, other, secret).await.map(Tested::from),
    }
}

impl From<TestReport> for Tested {
    fn from(report: TestReport) -> Tested {
        Tested { report, caps: None }
    }
}

async fn report_only(
    http: aural_http::Client,
    settings: &ProviderSettings,
    secret: Option<Sensitive<String>>,
) -> Result<TestReport, ServiceError> {
    match settings {
        ProviderSettings::MyAnonamouse(_) => match MamConfig::from_provider(settings, secret) {
            Some(Ok(mam)) => Ok(MamIndexer::new(http, mam)
                .test(&CancellationToken::new())
                .await),
            Some(Err(e)) => Ok(bad_url(e.to_string())),
            None => Err(ServiceError::TestUnavailable(settings.kind())),
        },
        ProviderSettings::AudiobookBay(_) => match AbbConfig::from_provider(settings) {
            Some(Ok(abb)) => Ok(AbbIndexer::new(http, abb)
                .test(&CancellationToken::new())
                .await),
            Some(Err(e)) => Ok(bad_url(e.to_string())),
            None => Err(ServiceError::TestUnavailable(settings.kind())),
        },
        ProviderSettings::QBittorrent(_)
        | ProviderSettings::Transmission(_)
        | ProviderSettings::Deluge(_)
        | ProviderSettings::Nzbget(_)
        | ProviderSettings::Sabnzbd(_) => match download_client::build(http, settings, secret) {
            Some(Ok(client)) => Ok(client.test().await),
            Some(Err(e)) => Ok(bad_url(e.to_string())),
            None => Err(ServiceError::TestUnavailable(settings.kind())),
        },
        other => Err(ServiceError::TestUnavailable(other.kind())),
    }
}

/// A report for settings that cannot even make a request.
fn bad_url(message: String) -> TestReport {
    TestReport {
        issues: vec![TestIssue {
            field: Some("url".to_owned()),
            severity: Severity::Error,
            message,
            hint: Some(
                "Copy the URL from the service's own page, with http:// or https://.".to_owned(),
            ),
        }],
    }
}
