//! The Audible protocol, and nothing of the app: marketplaces and device profiles, the PKCE
//! sign-in URL and its maplanding answer, device registration and token refresh, ADP request
//! signing, audible-cli auth files, and reading library, wishlist, catalog, chapter and
//! Audnexus answers. [`AudibleClient`] sends the calls over aural-http.
//!
//! Facts come from the public mkb79/Audible and Libation (AudibleApi) sources and SPEC §3.

pub mod audnexus;
pub mod auth_file;
pub mod catalog;
pub mod chapters;
mod client;
pub mod device;
mod error;
mod items;
mod lenient;
pub mod library;
pub mod maplanding;
pub mod marketplace;
pub mod pkce;
pub mod product;
pub mod register;
pub mod signin;
pub mod signing;
pub mod tokens;
pub mod wishlist;

pub use client::{AudibleClient, MAX_CONCURRENT_PAGES, audible_retry_policy};
pub use device::{DeviceProfile, DeviceSerial};
pub use error::AudibleError;
pub use items::ItemWarning;
pub use marketplace::{BaseUrlOverrides, Endpoints, Marketplace};
pub use signin::SignIn;
pub use tokens::{AccessToken, AccountTokens, SigningIdentity};
