//! Types that cross to the UI and to `--json` output: camelCase, no secrets, timestamps as RFC 3339 text.

pub mod audible;
pub mod blocklist;
pub mod book;
pub mod download;
pub mod error;
pub mod event;
pub mod import;
pub mod job;
mod page;
pub mod people;
pub mod provider;
pub mod search;
pub mod stats;
pub mod supervisor;

pub use audible::AudibleAccountDto;
pub use blocklist::{BlocklistEntryDto, BlocklistPage, BlocklistRequest};
pub use book::{
    BookDetail, BookPage, BookQuery, BookRow, BookSelectionDto, BookStatusChanged, LibraryEntryDto,
    LibraryPage, RatingDto, SeriesPositionDto, StatusChangeDto, StatusCountsDto, StatusMoveDto,
    StatusSourceDto,
};
pub use download::{
    DownloadDetailDto, DownloadDto, DownloadMoveDto, DownloadPage, HealthWarningDto,
};
pub use error::ApiError;
pub use event::{
    DownloadUpdated, EntitiesChanged, JobUpdated, Notice, NoticeLevel, ProgressUpdated,
};
pub use import::{
    CardProblemDto, DetectedDto, ImportCandidateDto, ImportCardDto, ImportCardEdit, ImportCardPage,
    ImportCardStatus, ImportCountsDto, ImportFileDto, ImportFileKind, ImportOverviewDto,
    ImportRecoverReportDto, ImportRunReportDto, ImportRunRequest,
};
pub use job::{JobDto, JobPage, JobStarted};
pub use page::PageOf;
pub use people::{AuthorPage, AuthorRow, NameListQuery, SeriesPage, SeriesRow};
pub use provider::{
    AddProviderRequest, EditProviderRequest, ProviderAttention, ProviderDto, ProviderKindDto,
    ProviderPage, ProviderStatusDto, SecretStatus, SecretUpdate, TestSettingsRequest,
};
pub use search::{IndexerOutcomeDto, IndexerReportDto, ReleaseDto, SearchResultsDto};
pub use stats::{LanguageCountDto, StatsDto};
pub use supervisor::{LeaderDto, LoopDto, SupervisorStatusDto};
