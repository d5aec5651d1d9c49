//! Indexers: where releases of a book are found. Torznab and Newznab (Jackett, Prowlarr, usenet
//! indexers) speak one protocol; its capabilities, request building, feed parsing and transport
//! are separate modules under [`torznab`]. MyAnonamouse ([`mam`]) and AudiobookBay ([`abb`]) are
//! searched directly, behind the same [`Indexer`] interface. Ranking the releases found is
//! aural-core's job.

pub mod abb;
mod error;
mod indexer;
pub mod mam;
mod size;
pub mod torznab;

pub use abb::indexer::{AbbConfig, AbbIndexer};
pub use error::{ApiErrorCode, IndexerError};
pub use indexer::{Indexer, SearchOutcome};
pub use mam::indexer::{MamConfig, MamIndexer};
pub use torznab::caps::{Caps, Category, SearchMode, SearchModeKind};
pub use torznab::check::Checked;
pub use torznab::download::DownloadRef;
pub use torznab::feed::{Feed, MAX_ITEMS, MAX_TITLE_CHARS, Protocol, Release};
pub use torznab::fetch::{Fetched, fetch_release};
pub use torznab::indexer::{ZnabIndexer, ZnabSettings};
pub use torznab::request::{Query, QueryMode, SearchRequest};
