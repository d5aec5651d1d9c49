//! MyAnonamouse, searched directly through its site's JSON search (SPEC §5.3) and signed in with
//! the user's `mam_id` session cookie. Which URL asks for what ([`request`]), what the answer
//! says ([`response`]), how it is fetched ([`transport`]) and the user's Test ([`check`]) are
//! separate modules, as for Torznab.

pub mod check;
pub mod indexer;
pub mod request;
pub mod response;
pub mod transport;
