//! AudiobookBay, scraped from its public pages (SPEC §5.4): off until the user enables it. Which
//! URL asks for what ([`request`]), what a search page lists ([`listing`]), what a release's
//! page says ([`detail`]), and the user's Test ([`check`]) are separate modules.

pub mod check;
pub mod detail;
pub mod indexer;
pub mod listing;
pub mod request;
