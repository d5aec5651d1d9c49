//! Book covers in the local cache (`<data>/covers/`): the window shows only cached files, never a
//! remote URL, so a list of covers draws without the network and works offline. Audible sync and
//! list imports give cover URLs; the fetch loop brings those into the cache in the background.

mod cache;
mod fetch;

pub use cache::{CoverCache, CoverError, CoverKind};
pub use fetch::{FetchPass, fetch_loop, fetch_pending};
