//! The secret store: typed values, the private file shared by processes, and keychain failures.

mod file;
pub(crate) mod keychain;
mod processes;
