//! Audible accounts in the library: importing an audible-cli auth file, listing, removing (and
//! deregistering the device). Sign-in, token refresh and library sync build on these.

mod accounts;
mod error;

pub use accounts::{AccountKey, import_auth_file, list, remove, show};
pub use error::AudibleAccountError;
