//! Integration tests of aural-db against real SQLite files in temporary folders.

mod authors;
mod blocklist;
mod book_status;
mod book_write;
mod books;
mod changes;
mod connect;
mod downloads;
mod fts;
mod import;
mod jobs;
mod name_counts;
mod plan;
mod providers;
mod series;
mod stats;
mod support;
