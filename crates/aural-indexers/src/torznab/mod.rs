//! Torznab and Newznab: one protocol (Torznab is Newznab with torrent attributes), so one set of
//! modules serves both. Each concern is its own module: what the indexer can do ([`caps`]), which
//! URL asks it ([`request`]), what its answer says ([`feed`]), how the answer is fetched
//! ([`transport`]), and the user's Test ([`check`]).

pub mod caps;
pub mod check;
mod document;
pub mod download;
pub mod feed;
pub mod fetch;
pub mod indexer;
pub(crate) mod infohash;
pub mod request;
pub mod transport;

pub use document::DocumentError;
