//! Library database.
