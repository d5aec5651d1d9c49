//! How commands name a provider: by id or by name.

use std::fmt;

use aural_core::ProviderId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderKey {
    Id(ProviderId),
    Name(String),
}

impl ProviderKey {
    /// A positive number is an id (names cannot be numbers); anything else is a name.
    pub fn parse(text: &str) -> ProviderKey {
        match text.parse::<ProviderId>() {
            Ok(id) => ProviderKey::Id(id),
            Err(_) => ProviderKey::Name(text.trim().to_owned()),
        }
    }
}

impl fmt::Display for ProviderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProviderKey::Id(id) => write!(f, "{id}"),
            ProviderKey::Name(name) => write!(f, "{name:?}"),
        }
    }
}
