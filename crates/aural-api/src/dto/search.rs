use aural_core::release::Score;
use aural_services::search::{FoundRelease, IndexerOutcome, IndexerReport, SearchResults};
use serde::{Deserialize, Serialize};
use specta::Type;

/// One release found, ranked; its download link never leaves the backend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseDto {
    /// What a grab names the release by; valid for two hours in the process that searched.
    pub key: String,
    pub indexer_id: i64,
    pub indexer_name: String,
    pub title: String,
    pub size: Option<u64>,
    pub seeders: Option<u32>,
    pub leechers: Option<u32>,
    pub usenet: bool,
    pub published: Option<String>,
    pub info_url: Option<String>,
    /// Lower-case hex, for torrents.
    pub info_hash: Option<String>,
    /// The SHA-256 of the indexer's GUID, to blocklist the release by.
    pub guid_hash: Option<String>,
    pub score: Score,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum IndexerOutcomeDto {
    Answered { found: u32, millis: u64 },
    Failed { error: String, millis: u64 },
    TimedOut { seconds: u64 },
    Skipped { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct IndexerReportDto {
    pub indexer_id: i64,
    pub name: String,
    pub outcome: IndexerOutcomeDto,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchResultsDto {
    /// Best first; rejected releases last.
    pub releases: Vec<ReleaseDto>,
    pub indexers: Vec<IndexerReportDto>,
}

impl From<&FoundRelease> for ReleaseDto {
    fn from(r: &FoundRelease) -> Self {
        ReleaseDto {
            key: r.key.clone(),
            indexer_id: r.indexer.0,
            indexer_name: r.indexer_name.clone(),
            title: r.title.clone(),
            size: r.size,
            seeders: r.seeders,
            leechers: r.leechers,
            usenet: r.usenet,
            published: r.published.clone(),
            info_url: r.info_url.clone(),
            info_hash: r.info_hash.clone(),
            guid_hash: r.guid_hash.clone(),
            score: r.score.clone(),
        }
    }
}

impl From<&IndexerReport> for IndexerReportDto {
    fn from(r: &IndexerReport) -> Self {
        IndexerReportDto {
            indexer_id: r.indexer.0,
            name: r.name.clone(),
            outcome: match &r.outcome {
                IndexerOutcome::Answered { found, millis } => IndexerOutcomeDto::Answered {
                    found: u32::try_from(*found).unwrap_or(u32::MAX),
                    millis: *millis,
                },
                IndexerOutcome::Failed { error, millis } => IndexerOutcomeDto::Failed {
                    error: error.clone(),
                    millis: *millis,
                },
                IndexerOutcome::TimedOut { after_secs } => IndexerOutcomeDto::TimedOut {
                    seconds: *after_secs,
                },
                IndexerOutcome::Skipped { reason } => IndexerOutcomeDto::Skipped {
                    reason: reason.clone(),
                },
            },
        }
    }
}

impl From<&SearchResults> for SearchResultsDto {
    fn from(r: &SearchResults) -> Self {
        SearchResultsDto {
            releases: r.releases.iter().map(ReleaseDto::from).collect(),
            indexers: r.indexers.iter().map(IndexerReportDto::from).collect(),
        }
    }
}
