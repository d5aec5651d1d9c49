//! Warnings about a download that leave its state as it is (SPEC §6.1): an unreachable client is
//! a warning until a grace period ends, never a state change by itself.

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum HealthKind {
    /// The client did not answer.
    ClientUnreachable,
    /// The user disabled the client, so it is not asked; never fails the download by itself.
    ClientDisabled,
    /// The client answered without this download.
    MissingFromClient,
    /// The client reports an error for it (missing files, disk errors).
    ClientError,
    /// Nobody to download from.
    NoSeeds,
    /// No progress for a while.
    Stalled,
    /// A magnet whose metadata never arrived.
    NoMetadata,
    /// The client's save path does not exist here after path mapping.
    PathNotFound,
    /// Audible offers this title only with Widevine.
    WidevineOnly,
    /// Audible is slowing requests down.
    Throttled,
}

/// One warning and when it was first seen, so the UI can say "stalled for 30 min".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthWarning {
    pub kind: HealthKind,
    pub since: Timestamp,
    /// The latest detail (the client's error text), already free of secrets.
    pub message: Option<String>,
}

/// The warnings in force, at most one per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Health {
    warnings: Vec<HealthWarning>,
}

impl Health {
    pub fn warnings(&self) -> &[HealthWarning] {
        &self.warnings
    }

    pub fn is_healthy(&self) -> bool {
        self.warnings.is_empty()
    }

    pub fn get(&self, kind: HealthKind) -> Option<&HealthWarning> {
        self.warnings.iter().find(|w| w.kind == kind)
    }

    /// Records `kind` as seen at `now`. A warning already in force keeps its start time and only
    /// takes the newer message, so the time it has lasted keeps growing across polls.
    pub fn raise(&mut self, kind: HealthKind, now: Timestamp, message: Option<String>) {
        match self.warnings.iter_mut().find(|w| w.kind == kind) {
            Some(existing) => existing.message = message,
            None => self.warnings.push(HealthWarning {
                kind,
                since: now,
                message,
            }),
        }
    }

    /// Ends `kind`; returns whether it was in force.
    pub fn clear(&mut self, kind: HealthKind) -> bool {
        let before = self.warnings.len();
        self.warnings.retain(|w| w.kind != kind);
        self.warnings.len() != before
    }

    /// How long `kind` has been in force at `now`, in milliseconds; for grace periods such as
    /// "unreachable for 6 h turns into failed".
    pub fn lasted_ms(&self, kind: HealthKind, now: Timestamp) -> Option<i64> {
        self.get(kind)
            .map(|w| (now.millis() - w.since.millis()).max(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    #[test]
    fn a_repeated_warning_keeps_its_first_time_and_takes_the_new_message() {
        let mut health = Health::default();
        health.raise(
            HealthKind::ClientUnreachable,
            Timestamp(0),
            Some("refused".into()),
        );
        health.raise(
            HealthKind::ClientUnreachable,
            Timestamp(30 * MINUTE),
            Some("timed out".into()),
        );
        assert_eq!(health.warnings().len(), 1, "one warning per kind");
        let w = health.get(HealthKind::ClientUnreachable).expect("raised");
        assert_eq!(w.since, Timestamp(0), "lasting since the first sighting");
        assert_eq!(w.message.as_deref(), Some("timed out"));
        assert_eq!(
            health.lasted_ms(HealthKind::ClientUnreachable, Timestamp(45 * MINUTE)),
            Some(45 * MINUTE)
        );
    }

    #[test]
    fn clearing_one_kind_leaves_the_others() {
        let mut health = Health::default();
        health.raise(HealthKind::NoSeeds, Timestamp(0), None);
        health.raise(HealthKind::Stalled, Timestamp(MINUTE), None);
        assert!(health.clear(HealthKind::NoSeeds));
        assert!(!health.clear(HealthKind::NoSeeds), "already gone");
        assert_eq!(health.warnings().len(), 1);
        assert!(health.get(HealthKind::Stalled).is_some());
        assert!(health.clear(HealthKind::Stalled));
        assert!(health.is_healthy());
        assert_eq!(
            health.lasted_ms(HealthKind::Stalled, Timestamp(5 * MINUTE)),
            None
        );
    }

    #[test]
    fn health_is_stored_as_a_list_of_warnings() {
        let mut health = Health::default();
        health.raise(
            HealthKind::PathNotFound,
            Timestamp(7),
            Some("/mnt/nas/downloads".into()),
        );
        let json = serde_json::to_value(&health).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!([{"kind": "pathNotFound", "since": 7, "message": "/mnt/nas/downloads"}])
        );
        let back: Health = serde_json::from_value(json).expect("parses back");
        assert_eq!(back, health);
    }
}
