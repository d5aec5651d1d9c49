//! Import cards as the Import page and `import … --json` show them (SPEC §7.4).

use aural_services::import::{
    Candidate, CardFile, CardStatus, Detected, FileKind, ImportCard, ImportStatus, RecoverReport,
    RunReport, StatusCounts,
};
use aural_services::settings::ImportMode;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportCardStatus {
    /// Matched surely enough, or a new book with title and author: imports as is.
    Ready,
    /// Waits for the user to choose a match or edit the metadata.
    Pending,
    MissingMetadata,
    /// A file is unreadable, empty or not the audio its name says.
    Invalid,
    Error,
    Imported,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportCardDto {
    pub id: i64,
    /// The book's folder, or the file chosen on its own.
    pub root: String,
    pub status: ImportCardStatus,
    /// Audio parts in play order, then companions (cover, cue, PDF…).
    pub files: Vec<ImportFileDto>,
    /// What the tags and folder names say.
    pub detected: DetectedDto,
    /// The library book it imports into; `None` for a new book or while pending.
    pub best_match: Option<ImportCandidateDto>,
    pub book_id: Option<i64>,
    /// Every library book considered, best first.
    pub candidates: Vec<ImportCandidateDto>,
    /// The book's folder under the library root: where it went, or would go now.
    pub target: Option<String>,
    /// Why it is pending, invalid or failed.
    pub error: Option<String>,
    /// The library already holds files of the matched book; importing keeps both.
    pub duplicate: bool,
    /// The matched library book's cover in the local cache.
    pub cover_key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportFileKind {
    Audio,
    Companion,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportFileDto {
    pub path: String,
    pub kind: ImportFileKind,
    pub size: u64,
    pub format: String,
    /// 1-based position among the audio parts.
    pub part: Option<u32>,
    pub duration_ms: Option<u64>,
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DetectedDto {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub narrators: Vec<String>,
    pub series: Option<String>,
    pub series_position: Option<String>,
    pub year: Option<i32>,
    pub publisher: Option<String>,
    pub language: Option<String>,
    pub asin: Option<String>,
    pub duration_ms: Option<u64>,
}

/// A library book a card may be, with how sure the match is and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportCandidateDto {
    pub book_id: i64,
    pub asin: Option<String>,
    pub title: String,
    pub authors: Vec<String>,
    /// 0–100.
    pub confidence: u8,
    pub reasons: Vec<String>,
    /// Files the library already holds for this book.
    pub files_held: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportCountsDto {
    pub ready: u64,
    pub pending: u64,
    pub missing_metadata: u64,
    pub invalid: u64,
    pub error: u64,
    pub imported: u64,
}

pub type ImportCardPage = super::PageOf<ImportCardDto>;

/// The counters over every card, and one page of cards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportOverviewDto {
    pub counts: ImportCountsDto,
    pub cards: ImportCardPage,
}

/// Metadata the user gives a card; it replaces what the tags said and the card is matched again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportCardEdit {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub narrators: Vec<String>,
    pub series: Option<String>,
    pub series_position: Option<String>,
    pub year: Option<i32>,
}

/// Which cards to import and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRunRequest {
    /// `None`: every ready card.
    pub cards: Option<Vec<i64>>,
    /// Settings › Library's import mode when not given.
    pub mode: Option<ImportMode>,
    /// A preset (`audiobookshelf`, `flat`, `libation`) or a folder template; the settings' when not given.
    pub template: Option<String>,
}

/// A card that could not be imported or recovered, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CardProblemDto {
    pub card: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRunReportDto {
    pub imported: Vec<i64>,
    /// Rolled back; their sources are untouched.
    pub failed: Vec<CardProblemDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRecoverReportDto {
    /// Another process is importing: nothing was touched.
    pub busy: bool,
    pub completed: Vec<i64>,
    pub rolled_back: Vec<i64>,
    pub failed: Vec<CardProblemDto>,
}

impl std::fmt::Display for ImportCardStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        CardStatus::from(*self).fmt(f)
    }
}

impl From<CardStatus> for ImportCardStatus {
    fn from(s: CardStatus) -> Self {
        match s {
            CardStatus::Ready => ImportCardStatus::Ready,
            CardStatus::Pending => ImportCardStatus::Pending,
            CardStatus::MissingMetadata => ImportCardStatus::MissingMetadata,
            CardStatus::Invalid => ImportCardStatus::Invalid,
            CardStatus::Error => ImportCardStatus::Error,
            CardStatus::Imported => ImportCardStatus::Imported,
        }
    }
}

impl From<ImportCardStatus> for CardStatus {
    fn from(s: ImportCardStatus) -> Self {
        match s {
            ImportCardStatus::Ready => CardStatus::Ready,
            ImportCardStatus::Pending => CardStatus::Pending,
            ImportCardStatus::MissingMetadata => CardStatus::MissingMetadata,
            ImportCardStatus::Invalid => CardStatus::Invalid,
            ImportCardStatus::Error => CardStatus::Error,
            ImportCardStatus::Imported => CardStatus::Imported,
        }
    }
}

impl From<&ImportCard> for ImportCardDto {
    fn from(c: &ImportCard) -> Self {
        ImportCardDto {
            id: c.id.0,
            root: c.root.clone(),
            status: c.status.into(),
            files: c.files.iter().map(ImportFileDto::from).collect(),
            detected: DetectedDto::from(&c.detected),
            best_match: c.best_match.as_ref().map(ImportCandidateDto::from),
            book_id: c.book_id.map(|b| b.0),
            candidates: c.candidates.iter().map(ImportCandidateDto::from).collect(),
            target: c.target.clone(),
            error: c.error.clone(),
            duplicate: c.best_match.as_ref().is_some_and(|m| m.files_held > 0),
            cover_key: c.cover_key.clone(),
        }
    }
}

impl From<&CardFile> for ImportFileDto {
    fn from(f: &CardFile) -> Self {
        ImportFileDto {
            path: f.path.clone(),
            kind: match f.kind {
                FileKind::Audio => ImportFileKind::Audio,
                FileKind::Companion => ImportFileKind::Companion,
            },
            size: f.size,
            format: f.format.clone(),
            part: f.part,
            duration_ms: f.duration_ms,
            problem: f.problem.clone(),
        }
    }
}

impl From<&Detected> for DetectedDto {
    fn from(d: &Detected) -> Self {
        DetectedDto {
            title: d.title.clone(),
            authors: d.authors.clone(),
            narrators: d.narrators.clone(),
            series: d.series.clone(),
            series_position: d.series_position.clone(),
            year: d.year,
            publisher: d.publisher.clone(),
            language: d.language.clone(),
            asin: d.asin.clone(),
            duration_ms: d.duration_ms,
        }
    }
}

impl From<&Candidate> for ImportCandidateDto {
    fn from(c: &Candidate) -> Self {
        ImportCandidateDto {
            book_id: c.book_id.0,
            asin: c.asin.clone(),
            title: c.title.clone(),
            authors: c.authors.clone(),
            confidence: c.confidence,
            reasons: c.reasons.clone(),
            files_held: c.files_held,
        }
    }
}

impl From<StatusCounts> for ImportCountsDto {
    fn from(c: StatusCounts) -> Self {
        ImportCountsDto {
            ready: c.ready,
            pending: c.pending,
            missing_metadata: c.missing_metadata,
            invalid: c.invalid,
            error: c.error,
            imported: c.imported,
        }
    }
}

impl From<&ImportStatus> for ImportOverviewDto {
    fn from(s: &ImportStatus) -> Self {
        ImportOverviewDto {
            counts: s.counts.into(),
            cards: ImportCardPage::map(&s.cards, |c| ImportCardDto::from(c)),
        }
    }
}

fn problems(list: &[(aural_services::import::CardId, String)]) -> Vec<CardProblemDto> {
    list.iter()
        .map(|(card, reason)| CardProblemDto {
            card: card.0,
            reason: reason.clone(),
        })
        .collect()
}

impl From<&RunReport> for ImportRunReportDto {
    fn from(r: &RunReport) -> Self {
        ImportRunReportDto {
            imported: r.imported.iter().map(|c| c.0).collect(),
            failed: problems(&r.failed),
        }
    }
}

impl From<&RecoverReport> for ImportRecoverReportDto {
    fn from(r: &RecoverReport) -> Self {
        ImportRecoverReportDto {
            busy: r.busy,
            completed: r.completed.iter().map(|c| c.0).collect(),
            rolled_back: r.rolled_back.iter().map(|c| c.0).collect(),
            failed: problems(&r.failed),
        }
    }
}
