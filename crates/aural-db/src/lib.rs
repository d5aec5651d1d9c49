//! Library database: connection, entities and repositories that return aural-core types.

mod connect;
mod entity;
mod error;
mod migration_lock;
mod plan;
mod repo;

pub use connect::{ConnectionPragmas, Db, connect, connect_read_only};
pub use error::DbError;
pub use plan::HotQuery;
pub use repo::{
    AudibleAccountRepo, AuthorRepo, BlocklistRepo, BookFile, BookRepo, BookSelection, CardCounts,
    CardId, CardRow, CardStatus, ChangeRepo, CoverRepo, Created, DownloadFacts, DownloadFilter,
    DownloadRepo, ImportCardRepo, ImportJournalRepo, JobEnd, JobRepo, JournalEntry, JournalId,
    JournalStep, Landing, NewCard, PendingCover, PlaceOp, PlannedFile, ProviderEdit, ProviderRepo,
    SeriesRepo, StatsRepo, StatusChangeOutcome, Transition, TransitionError, UpsertOutcome,
};
