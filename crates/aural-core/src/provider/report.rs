//! What testing a provider found, each finding tied to the field that needs fixing.

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The provider cannot be used until this is fixed.
    Error,
    /// It works, but not as well as it could.
    Warning,
    Info,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestIssue {
    /// The settings field the form highlights (`url`, `apiKey`, `categories`), if any.
    pub field: Option<String>,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestReport {
    pub issues: Vec<TestIssue>,
}

impl TestReport {
    /// Passed when nothing found is an error; warnings leave the provider usable.
    pub fn passed(&self) -> bool {
        self.issues.iter().all(|i| i.severity != Severity::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_fails_only_on_errors() {
        let issue = |severity| TestIssue {
            field: Some("categories".to_owned()),
            severity,
            message: "no audiobook category".to_owned(),
            hint: None,
        };
        assert!(TestReport::default().passed());
        assert!(
            TestReport {
                issues: vec![issue(Severity::Warning), issue(Severity::Info)]
            }
            .passed()
        );
        assert!(
            !TestReport {
                issues: vec![issue(Severity::Warning), issue(Severity::Error)]
            }
            .passed()
        );
    }
}
