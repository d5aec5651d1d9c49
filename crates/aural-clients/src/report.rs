//! A failed connection test as a [`TestReport`] whose issue points at the settings field to fix.

use aural_core::provider::{ProviderKind, SecretField, Severity, TestIssue, TestReport};

use crate::error::ClientError;

pub(crate) fn failed(kind: ProviderKind, error: &ClientError) -> TestReport {
    let name = kind.label();
    let (field, hint) = match error {
        ClientError::Auth { .. } if kind.secret_field() == Some(SecretField::ApiKey) => (
            SecretField::ApiKey.field(),
            format!("Copy the API key from {name}'s Config › General page."),
        ),
        ClientError::Auth { .. } => (
            "password",
            format!("Check the user name and password set in {name}'s Web UI options."),
        ),
        ClientError::Banned { .. } => (
            "password",
            format!(
                "Correct the password, then restart {name} or wait for the ban to end (one hour by default)."
            ),
        ),
        ClientError::Unreachable { .. }
        | ClientError::Timeout { .. }
        | ClientError::Transport { .. } => (
            "url",
            format!(
                "Check that {name} is running, its Web UI is enabled, and the address and port are right."
            ),
        ),
        ClientError::NotTheClient { .. } => (
            "url",
            format!(
                "Something else answers at this address: check the port and path of {name}'s Web UI."
            ),
        ),
        ClientError::InvalidUrl(_) => (
            "url",
            "Enter an address such as http://127.0.0.1:8080.".to_owned(),
        ),
        _ => (
            "url",
            format!("Check that this address is {name}'s Web UI and that {name} is up to date."),
        ),
    };
    TestReport {
        issues: vec![TestIssue {
            field: Some(field.to_owned()),
            severity: Severity::Error,
            message: error.to_string(),
            hint: Some(hint),
        }],
    }
}

/// The version found, shown under a passed test.
pub(crate) fn passed(kind: ProviderKind, version: &str) -> TestReport {
    TestReport {
        issues: vec![TestIssue {
            field: None,
            severity: Severity::Info,
            message: format!("Connected to {} {version}", kind.label()),
            hint: None,
        }],
    }
}
