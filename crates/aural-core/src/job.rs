//! Background jobs as recorded in the `jobs` table (SPEC §2.6).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::error_code::ErrorCode;
use crate::ids::InvalidId;
use crate::list_format::ListFormat;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JobId(pub uuid::Uuid);

impl JobId {
    pub fn random() -> JobId {
        JobId(uuid::Uuid::new_v4())
    }
}

impl FromStr for JobId {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s.trim())
            .map(JobId)
            .map_err(|_| InvalidId::Job(s.to_owned()))
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// What a job does. New kinds arrive with the features that run them.
    JobKind { ListImport => "list_import", ListExport => "list_export", FileImport => "file_import" }
);

impl JobKind {
    /// How many jobs of this kind run at once, counted across every process; the others wait
    /// `queued` (in the order they were started, within a process). Children of a job run in their
    /// parent's slot, so these bound top-level work.
    pub fn concurrency(self) -> usize {
        match self {
            // Two imports would fight over the same rows and the one write lock.
            JobKind::ListImport => 1,
            // Exports only read, but each holds a read transaction per batch and a file open.
            JobKind::ListExport => 2,
            // Placing files is disk-bound, and one import at a time keeps its journal simple.
            JobKind::FileImport => 1,
        }
    }
}

/// What a job was asked to do, stored with its row. Paths are kept as shown to the user; the job
/// itself works on the real path it was handed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobParams {
    ListImport {
        path: String,
    },
    ListExport {
        path: String,
        format: ListFormat,
    },
    /// Places the files of these import cards in the library.
    FileImport {
        cards: Vec<i64>,
    },
}

impl JobParams {
    pub fn kind(&self) -> JobKind {
        match self {
            JobParams::ListImport { .. } => JobKind::ListImport,
            JobParams::ListExport { .. } => JobKind::ListExport,
            JobParams::FileImport { .. } => JobKind::FileImport,
        }
    }

    /// Names the work, so a second job doing the same while the first is queued or running is
    /// rejected or joins it: one import per file, one export per target file.
    pub fn dedupe_key(&self) -> Option<String> {
        match self {
            JobParams::ListImport { path } => Some(format!("list_import:{path}")),
            JobParams::ListExport { path, .. } => Some(format!("list_export:{path}")),
            // The import lock serialises placements; two runs over other cards may queue.
            JobParams::FileImport { .. } => None,
        }
    }

    /// What the job is doing, to finish "job … is already …".
    pub fn doing(&self) -> String {
        match self {
            JobParams::ListImport { path } => format!("importing {path}"),
            JobParams::ListExport { path, .. } => format!("exporting the library to {path}"),
            JobParams::FileImport { cards } => format!("importing {} books", cards.len()),
        }
    }
}

text_enum!(
    JobState {
        Queued => "queued",
        Running => "running",
        Succeeded => "succeeded",
        Failed => "failed",
        Cancelled => "cancelled",
        Interrupted => "interrupted",
    }
);

impl JobState {
    pub fn is_finished(self) -> bool {
        !matches!(self, JobState::Queued | JobState::Running)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobProgress {
    pub done: u64,
    pub total: Option<u64>,
    pub unit: String,
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRecord {
    pub id: JobId,
    pub kind: JobKind,
    pub state: JobState,
    pub parent_id: Option<JobId>,
    /// Never holds a secret.
    pub params: JobParams,
    pub progress: JobProgress,
    pub error_code: Option<ErrorCode>,
    pub error: Option<String>,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_tagged_with_the_kind_their_row_stores() {
        let params = JobParams::ListExport {
            path: "/tmp/out.csv".to_owned(),
            format: ListFormat::Csv,
        };
        let json = serde_json::to_value(&params).expect("params serialize");
        assert_eq!(
            json,
            serde_json::json!({"kind": "list_export", "path": "/tmp/out.csv", "format": "csv"}),
            "the tag equals the kind column, which the migration of older rows relies on"
        );
        assert_eq!(params.kind().as_str(), "list_export");
    }

    #[test]
    fn a_job_id_that_does_not_parse_says_what_a_job_id_looks_like() {
        let err = "42".parse::<JobId>().expect_err("not a uuid");
        assert!(
            err.to_string().contains("not a job id"),
            "the message must not speak of row numbers: {err}"
        );
    }

    #[test]
    fn every_kind_may_run_at_least_one_job() {
        for kind in JobKind::ALL {
            assert!(kind.concurrency() >= 1, "{kind} would queue forever");
        }
    }
}
