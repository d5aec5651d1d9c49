//! Repositories: each takes and returns aural-core types.

mod audible_accounts;
mod authors;
mod blocklist;
mod book_load;
mod book_query;
mod book_rows;
mod book_status;
mod book_write;
mod books;
mod changes;
mod claims;
mod covers;
mod credits;
mod download_rows;
mod downloads;
mod fts;
mod import_cards;
mod import_journal;
mod jobs;
pub(crate) mod name_list;
mod providers;
mod series;
mod series_identity;
pub(crate) mod sql;
mod stats;
mod status_moves;

pub use audible_accounts::AudibleAccountRepo;
pub use authors::AuthorRepo;
pub use blocklist::BlocklistRepo;
pub use book_status::{BookSelection, StatusChangeOutcome};
pub use book_write::{Landing, UpsertOutcome};
pub use books::BookRepo;
pub use changes::ChangeRepo;
pub use covers::{CoverRepo, PendingCover};
pub use downloads::{DownloadFacts, DownloadFilter, DownloadRepo, Transition, TransitionError};
pub use import_cards::{CardCounts, CardId, CardRow, CardStatus, ImportCardRepo, NewCard};
pub use import_journal::{
    BookFile, ImportJournalRepo, JournalEntry, JournalId, JournalStep, PlaceOp, PlannedFile,
};
pub use jobs::{Created, JobEnd, JobRepo};
pub use providers::{ProviderEdit, ProviderRepo};
pub use series::SeriesRepo;
pub use stats::StatsRepo;

pub(crate) use authors::series_count_statement as authors_series_statement;
pub(crate) use book_query::BookListQuery;
pub(crate) use name_list::NameListQuery;
pub(crate) use series::authors_statement as series_authors_statement;
pub(crate) use stats::stats_statements;
