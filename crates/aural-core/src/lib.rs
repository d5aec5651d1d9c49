//! Domain types and pure rules shared by every AuralArchive crate. Nothing here does IO.

pub mod audible_account;
pub mod blocklist;
pub mod book;
pub mod change;
pub mod clock;
pub mod download;
pub mod error_code;
pub mod ids;
pub mod job;
pub mod library;
pub mod list_format;
pub mod naming;
pub mod natural_order;
pub mod normalize;
pub mod page;
pub mod provider;
pub mod release;
pub mod secret_ref;
pub mod sensitive;
pub mod series_position;
pub mod status;

pub use audible_account::{AccountState, AudibleAccount, NewAudibleAccount};
pub use blocklist::{BlocklistEntry, BlocklistReason, NewBlocklistEntry, ReleaseIdentity};
pub use book::{
    Book, BookClaim, BookDetails, BookInput, BookSource, Credit, MetadataSource, Rating,
    ReleaseDate, SeriesInput, SeriesRef, SourceKind, StatusClaim, StatusHistoryEntry,
};
pub use change::{Change, ChangeOp, Entity, MANY_IDS};
pub use clock::{Clock, SystemClock, Timestamp};
pub use download::{
    Download, DownloadHistoryEntry, DownloadKind, DownloadState, Health, HealthKind, HealthWarning,
    IllegalTransition, NewDownload, ReleaseInfo, Transfer, handover_retry_after,
    search_retry_after,
};
pub use error_code::ErrorCode;
pub use ids::{AccountId, Asin, AuthorId, BookId, DownloadId, InvalidId, ProviderId, SeriesId};
pub use job::{JobId, JobKind, JobParams, JobProgress, JobRecord, JobState};
pub use library::{
    AuthorSummary, BookFilter, BookSort, LibraryEntry, LibraryStats, NameQuery, NameSort,
    SeriesSummary, SortDir, StatusCounts,
};
pub use list_format::ListFormat;
pub use natural_order::natural_cmp;
pub use page::{MAX_PER_PAGE, Page, Paged};
pub use provider::{
    NewProvider, Provider, ProviderConfig, ProviderFamily, ProviderHealth, ProviderKind,
    ProviderSettings, ProviderStatus, TestReport,
};
pub use secret_ref::{SecretKind, SecretRef};
pub use sensitive::Sensitive;
pub use series_position::SeriesPosition;
pub use status::{BookStatus, StatusChangeError};
