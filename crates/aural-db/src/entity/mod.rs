//! sea-orm entities, one file per table read through the query builder. Private to the crate:
//! repositories map them to aural-core types.

pub(crate) mod book;
pub(crate) mod change;
pub(crate) mod download;
pub(crate) mod download_history;
pub(crate) mod job;
pub(crate) mod provider;
